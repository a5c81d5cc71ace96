"""The facilitator holds the clock: sessions started from the page wait at minute 0, and
the story moves only when the facilitator runs it to the next decision or to a minute."""

import pytest
from django.urls import reverse

from exercises import sessions
from exercises.models import TabletopSession

from .conftest import client_for, decide, engine_db, start_session
from .test_hostile_injects import HOSTILE_MINUTES

CLOCK_ACTIONS = ["run_to_next", "run_to", "let_run"]


def _post(principal, session, name, data=None):
    return client_for(principal).post(reverse(f"exercises:{name}", args=[session.pk]),
                                      data or {})


def _console(facilitator, session) -> str:
    return client_for(facilitator).get(
        reverse("exercises:console", args=[session.pk])).content.decode()


@engine_db
def test_a_session_started_from_the_page_is_held_at_minute_0(facilitator, player):
    session = start_session(facilitator, {"priya": player}, held=True)
    assert session.held_at == 0.0 and session.status == "running"
    state = sessions.state(session)
    assert state.minutes == 0 and state.pending is None and not state.finished
    page = _console(facilitator, session)
    assert "The clock is held" in page and "T+00:00" in page
    assert "asha asked “How can my pipeline read user-metrics?”" in page
    assert "clock ran out" not in page and "The run has finished" not in page


@engine_db
def test_running_to_the_next_decision_shows_everything_up_to_it(facilitator, player):
    session = start_session(facilitator, {"priya": player}, held=True)
    assert _post(facilitator, session, "run_to_next").status_code == 302
    session.refresh_from_db()
    assert session.held_at == 30.0
    assert sessions.state(session).pending.id == "priya#1"
    page = _console(facilitator, session)
    assert "ravi asked agent helper to analyse q1" in page
    assert "Agent helper published an answer in q1" in page
    assert "Waiting for" in page and player.shown_name in page


@engine_db
def test_after_a_decision_the_clock_stays_held(facilitator, player, responder):
    session = start_session(facilitator, {"priya": player, "dmitri-oncall": responder},
                            held=True)
    _post(facilitator, session, "run_to_next")
    assert decide(player, session, "priya#1", "follow").status_code == 302
    session.refresh_from_db()
    state = sessions.state(session)
    assert session.status == "running" and session.held_at == 30.0
    assert state.held and state.pending is None and state.minutes == 30
    _post(facilitator, session, "run_to_next")
    session.refresh_from_db()
    assert session.held_at == 150 and sessions.state(session).pending.id == "dmitri-oncall#1"


@engine_db
def test_running_to_a_minute_shows_what_happened_by_then(facilitator):
    session = start_session(facilitator, {}, held=True)
    assert session.status == "running"  # nobody at the table, but the clock is held
    assert _post(facilitator, session, "run_to", {"minute": "100"}).status_code == 302
    session.refresh_from_db()
    state = sessions.state(session)
    assert session.status == "running" and state.minutes == 100 and state.held
    page = _console(facilitator, session)
    assert "T+01:40" in page and "priya granted group:all-engineers read on user-metrics" in page
    assert "clock ran out" not in page


@engine_db
def test_running_to_the_scenarios_end_finishes_the_session(facilitator):
    session = start_session(facilitator, {}, held=True)
    assert _post(facilitator, session, "run_to", {"minute": "360"}).status_code == 302
    session.refresh_from_db()
    assert session.status == "ended"
    assert sessions.state(session).finished


@engine_db
def test_with_no_decision_left_the_next_decision_is_the_end(facilitator):
    session = start_session(facilitator, {}, held=True)
    _post(facilitator, session, "run_to_next")
    session.refresh_from_db()
    assert session.held_at == 360 and session.status == "ended"


@engine_db
def test_a_persons_decision_before_the_minute_stops_the_run_there(facilitator, player):
    session = start_session(facilitator, {"priya": player}, held=True)
    _post(facilitator, session, "run_to", {"minute": "200"})
    session.refresh_from_db()
    state = sessions.state(session)
    assert state.pending.id == "priya#1" and state.minutes == 30


@engine_db
def test_letting_it_run_goes_on_to_each_decision(facilitator, player, responder):
    session = start_session(facilitator, {"priya": player, "dmitri-oncall": responder},
                            held=True)
    assert _post(facilitator, session, "let_run").status_code == 302
    session.refresh_from_db()
    assert session.held_at is None
    decide(player, session, "priya#1", "follow")
    assert sessions.state(session).pending.id == "dmitri-oncall#1"


@engine_db
@pytest.mark.parametrize("minute", HOSTILE_MINUTES + ["10"])  # 10: before the clock (30)
def test_it_refuses_a_hostile_minute(facilitator, player, minute):
    session = start_session(facilitator, {"priya": player})
    response = _post(facilitator, session, "run_to", {"minute": minute})
    assert response.status_code == 400
    page = response.content.decode()
    assert any(message in page for message in ("Pick a minute", "Enter a number",
                                               "This field is required"))
    session.refresh_from_db()
    assert session.held_at is None


@engine_db
@pytest.mark.parametrize("minute", [float("nan"), float("inf"), -1.0, 1e308, 10.0, "10"])
def test_the_service_refuses_a_minute_out_of_range(facilitator, player, minute):
    session = start_session(facilitator, {"priya": player})
    with pytest.raises(ValueError, match="the minute"):
        sessions.run_to(session, minute)


@engine_db
@pytest.mark.parametrize("name", CLOCK_ACTIONS)
def test_only_the_facilitator_moves_the_clock(facilitator, player, outsider, client, name):
    session = start_session(facilitator, {"priya": player}, held=True)
    for who in (player, outsider):
        assert _post(who, session, name, {"minute": "100"}).status_code == 403
    anonymous = client.post(reverse(f"exercises:{name}", args=[session.pk]), {"minute": "100"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for(facilitator).get(
        reverse(f"exercises:{name}", args=[session.pk])).status_code == 405
    session.refresh_from_db()
    assert session.held_at == 0.0


@pytest.mark.parametrize("name", CLOCK_ACTIONS)
def test_a_missing_session_has_no_clock(facilitator, name):
    response = client_for(facilitator).post(reverse(f"exercises:{name}", args=[999]),
                                            {"minute": "100"})
    assert response.status_code == 404


@engine_db
@pytest.mark.parametrize("name", CLOCK_ACTIONS)
def test_an_ended_session_keeps_its_clock(facilitator, player, name):
    session = start_session(facilitator, {"priya": player}, held=True)
    _post(facilitator, session, "end", {"confirm": "yes"})
    response = _post(facilitator, session, name, {"minute": "100"})
    assert response.status_code == 409 and "The session has ended" in response.content.decode()
    assert TabletopSession.objects.get().held_at == 0.0


@engine_db
def test_ending_asks_first(facilitator, player):
    session = start_session(facilitator, {"priya": player}, held=True)
    page = client_for(facilitator).get(reverse("exercises:end", args=[session.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "End the session?" in text and 'name="confirm" value="yes"' in text
    unconfirmed = _post(facilitator, session, "end")
    assert unconfirmed.status_code == 400 and "it has not ended" in unconfirmed.content.decode()
    session.refresh_from_db()
    assert session.status == "running"
    confirmed = _post(facilitator, session, "end", {"confirm": "yes"})
    assert confirmed["Location"] == reverse("exercises:report", args=[session.pk])
    session.refresh_from_db()
    assert session.status == "ended"


@engine_db
def test_ending_ignores_the_held_clock_and_plays_to_the_end(facilitator, player):
    session = start_session(facilitator, {"priya": player}, held=True)
    _post(facilitator, session, "end", {"confirm": "yes"})
    state = sessions.state(TabletopSession.objects.get())
    assert state.finished and state.metrics["outcome"] == "exposure"


@engine_db
def test_only_the_facilitator_may_end(facilitator, player, client):
    session = start_session(facilitator, {"priya": player}, held=True)
    url = reverse("exercises:end", args=[session.pk])
    assert client_for(player).get(url).status_code == 403
    assert client_for(player).post(url, {"confirm": "yes"}).status_code == 403
    assert client.post(url, {"confirm": "yes"}).status_code == 302  # to the login page
    assert client_for(facilitator).get(reverse("exercises:end", args=[999])).status_code == 404
    session.refresh_from_db()
    assert session.status == "running"
