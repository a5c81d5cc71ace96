from django.urls import reverse

from exercises.models import Decision

from .conftest import client_for, decide, engine_db, start_session


def _post(principal, session, name):
    return client_for(principal).post(reverse(f"exercises:{name}", args=[session.pk]),
                                      {"confirm": "yes"})


@engine_db
def test_a_paused_session_takes_no_decisions(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    assert _post(facilitator, session, "pause").status_code == 302
    response = decide(player, session, "priya#1", "follow")
    assert response.status_code == 409
    assert "paused" in response.content.decode()
    assert not Decision.objects.exists()


@engine_db
def test_resuming_lets_the_decision_through(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    _post(facilitator, session, "pause")
    _post(facilitator, session, "resume")
    assert decide(player, session, "priya#1", "verify").status_code == 302
    assert Decision.objects.get().choice == "verify"


@engine_db
def test_the_paused_seat_shows_the_situation_with_disabled_buttons(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    _post(facilitator, session, "pause")
    page = client_for(player).get(reverse("exercises:play", args=[session.pk])).content.decode()
    assert "The facilitator has paused the session" in page
    assert page.count(" disabled>") == 3


@engine_db
def test_only_the_facilitator_pauses_resumes_and_ends(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    for name in ("pause", "resume", "end", "inject"):
        assert _post(player, session, name).status_code == 403
    session.refresh_from_db()
    assert session.status == "running"


@engine_db
def test_pausing_is_a_post(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    response = client_for(facilitator).get(reverse("exercises:pause", args=[session.pk]))
    assert response.status_code == 405


@engine_db
def test_an_ended_session_takes_no_decisions(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    _post(facilitator, session, "end")
    assert decide(player, session, "priya#1", "follow").status_code == 409
    assert not Decision.objects.exists()
