from django.urls import reverse

from exercises import sessions
from exercises.models import Decision

from .conftest import client_for, decide, engine_db, start_session


@engine_db
def test_the_role_holder_sees_the_pending_decision(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    response = client_for(player).get(reverse("exercises:play", args=[session.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your decision: an answer on the forum recommends a change" in page
    assert "Carry out the advice" in page and "follow_advice" not in page
    assert "How can my pipeline read user-metrics?" in page
    assert "Grant all-engineers read access on user-metrics" in page
    assert 'name="point" value="priya#1"' in page
    for option in ("follow", "verify", "ignore"):
        assert f'value="{option}"' in page
    assert 'class="badge-ai"' not in page  # the scenario hides the AI label


@engine_db
def test_the_ai_badge_shows_when_the_session_turns_the_label_on(facilitator, player):
    session = start_session(facilitator, {"priya": player}, **{"ai.label_shown": "True"})
    page = client_for(player).get(reverse("exercises:play", args=[session.pk])).content.decode()
    assert 'class="badge-ai"' in page


@engine_db
def test_someone_outside_the_session_gets_403(facilitator, player, outsider):
    session = start_session(facilitator, {"priya": player})
    assert client_for(outsider).get(reverse("exercises:play", args=[session.pk])).status_code == 403
    assert decide(outsider, session, "priya#1", "follow").status_code == 403
    assert not Decision.objects.exists()


@engine_db
def test_a_participant_cannot_take_another_roles_decision(facilitator, player, responder):
    session = start_session(facilitator, {"priya": player, "dmitri-oncall": responder})
    page = client_for(responder).get(reverse("exercises:play", args=[session.pk])).content.decode()
    assert "Your decision" not in page and "waiting for" in page
    assert decide(responder, session, "priya#1", "follow").status_code == 403
    assert decide(facilitator, session, "priya#1", "follow").status_code == 403
    assert not Decision.objects.exists()


@engine_db
def test_a_decision_moves_the_table_to_the_next_persons_turn(facilitator, player, responder):
    session = start_session(facilitator, {"priya": player, "dmitri-oncall": responder})
    assert decide(player, session, "priya#1", "follow").status_code == 302
    state = sessions.state(session)
    assert state.pending.id == "dmitri-oncall#1" and state.pending.kind == "revert"
    page = client_for(responder).get(reverse("exercises:play", args=[session.pk])).content.decode()
    assert "Your decision: an alert on a dataset: revert the grant or not" in page
    assert "ACL change noticed" in page


@engine_db
def test_a_double_submit_is_refused_and_stored_once(facilitator, player, responder):
    session = start_session(facilitator, {"priya": player, "dmitri-oncall": responder})
    first = decide(player, session, "priya#1", "follow")
    second = decide(player, session, "priya#1", "ignore")
    assert first.status_code == 302
    assert second.status_code == 409
    assert "already been taken" in second.content.decode()
    assert list(Decision.objects.values_list("point_id", "choice")) == [("priya#1", "follow")]


@engine_db
def test_two_tabs_racing_are_stopped_by_the_database(facilitator, player, responder,
                                                      monkeypatch):
    """Both requests read the state before either writes: the UNIQUE constraint decides."""
    session = start_session(facilitator, {"priya": player, "dmitri-oncall": responder})
    stale = sessions.state(session)
    assert decide(player, session, "priya#1", "follow").status_code == 302
    monkeypatch.setattr(sessions, "state", lambda s: stale)
    response = decide(player, session, "priya#1", "ignore")
    assert response.status_code == 409
    assert Decision.objects.count() == 1


@engine_db
def test_it_refuses_a_choice_that_is_not_an_option(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    assert decide(player, session, "priya#1", "delete-everything").status_code == 400
    assert not Decision.objects.exists()


@engine_db
def test_it_refuses_a_point_that_is_not_open(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    assert decide(player, session, "priya#7", "follow").status_code == 409


@engine_db
def test_the_last_decision_ends_the_session(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    decide(player, session, "priya#1", "ignore")
    session.refresh_from_db()
    assert session.status == "ended" and session.ended_at is not None
