"""The inject kinds the scenario format gained for the table: a message to a role, a
guardrail switched from a minute, someone joining or leaving a group. Each lands at its
minute and changes what the engine does; bad values are refused with the field's message."""

from django.urls import reverse

from exercises import sessions
from exercises.models import Injection
from forum.vocabulary import Verb

from .conftest import client_for, engine_db, start_session


def _inject(facilitator, session, kind, **fields):
    return client_for(facilitator).post(reverse("exercises:inject", args=[session.pk]),
                                        {"kind": kind, **fields})


def _records(session, verb):
    session.refresh_from_db()
    return [r for r in sessions.state(session).records if r["verb"] == verb]


@engine_db
def test_a_message_reaches_the_role_it_is_for_and_shows_on_their_seat(facilitator, player):
    session = start_session(facilitator, {"priya": player}, held=True)
    response = _inject(facilitator, session, "send_message", at="25", sender="dmitri",
                       to="priya", text="Before you change any ACL, ask me.")
    assert response.status_code == 302
    client_for(facilitator).post(reverse("exercises:run_to_next", args=[session.pk]))
    [sent] = _records(session, Verb.MESSAGE_SENT)
    assert (sent["t"], sent["actor"], sent["target"]) == (25.0, "dmitri", "principal:priya")
    seat = client_for(player).get(reverse("exercises:play", args=[session.pk])).content.decode()
    assert "Before you change any ACL, ask me." in seat and "Dmitri Ivanov" in seat


@engine_db
def test_approval_switched_on_before_the_agent_answers_keeps_its_answer_a_draft(facilitator):
    session = start_session(facilitator, {}, held=True)
    response = _inject(facilitator, session, "set_guardrail", at="10",
                       guardrail="agent.approval_required", value="true")
    assert response.status_code == 302
    sessions.end(session)
    [changed] = _records(session, Verb.GUARDRAIL_CHANGED)
    assert changed["t"] == 10.0 and changed["payload"]["new"] is True
    assert _records(session, Verb.POST_DRAFTED)
    assert not [r for r in _records(session, Verb.POST_PUBLISHED)
                if r["payload"].get("provenance") == "ai" and not r["approved_by"]]


@engine_db
def test_joining_and_leaving_a_group_land_at_their_minutes(facilitator):
    session = start_session(facilitator, {}, held=True)
    assert _inject(facilitator, session, "join_group", at="40", principal="asha",
                   group="data-platform").status_code == 302
    assert _inject(facilitator, session, "leave_group", at="60", principal="asha",
                   group="data-platform").status_code == 302
    sessions.end(session)
    joined, = _records(session, Verb.GROUP_MEMBER_ADDED)
    left, = _records(session, Verb.GROUP_MEMBER_REMOVED)
    assert (joined["t"], joined["payload"]["principal"]) == (40.0, "asha")
    assert (left["t"], left["payload"]["principal"]) == (60.0, "asha")


@engine_db
def test_bad_values_are_refused_with_the_fields_message(facilitator):
    session = start_session(facilitator, {}, held=True)
    cases = [
        ("set_guardrail", {"guardrail": "agent.approval_required", "value": "maybe"}, "value"),
        ("join_group", {"principal": "priya", "group": "data-platform"}, "already a member"),
        ("leave_group", {"principal": "asha", "group": "data-platform"}, "not a member"),
        ("send_message", {"sender": "dmitri", "to": "priya", "text": "x" * 501}, "500"),
        ("send_message", {"sender": "dmitri", "to": "nobody", "text": "hi"}, "nobody"),
    ]
    for kind, fields, words in cases:
        response = _inject(facilitator, session, kind, at="30", **fields)
        assert response.status_code == 400, kind
        assert words in response.content.decode(), (kind, words)
    assert not Injection.objects.exists()


@engine_db
def test_the_room_sees_that_a_message_was_sent_but_not_what_it_says(facilitator, player):
    session = start_session(facilitator, {"priya": player}, held=True)
    _inject(facilitator, session, "send_message", at="25", sender="dmitri", to="priya",
            text="Before you change any ACL, ask me.")
    client_for(facilitator).post(reverse("exercises:run_to_next", args=[session.pk]))
    room = client_for(facilitator).get(reverse("exercises:room", args=[session.pk]))
    page = room.content.decode()
    assert "dmitri wrote to priya." in page
    assert "ask me" not in page
    console = client_for(facilitator).get(reverse("exercises:console", args=[session.pk]))
    assert "Before you change any ACL, ask me." in console.content.decode()
