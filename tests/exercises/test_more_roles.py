"""A six-person table on the reference incident: the invoker, the follower, the monitor,
the security on-call, the responder and the manager each see their own decision on the
seat page, take it, and the replay follows what they chose."""

import pytest
from django.urls import reverse

from exercises import sessions
from tests.factories import PrincipalFactory

from .conftest import client_for, decide, engine_db, start_session

# In the order the reference incident reaches them, with what each page must show.
SEATS = [
    ("ravi", "Your agent published an answer for you without asking",
     ["Forum Helper answered for you", "Retract the answer", "Leave the answer"]),
    ("priya", "An answer on the forum recommends a change", ["Carry out the advice"]),
    ("sam", "You noticed a change on a dataset you watch: alert or not",
     ["You noticed a change on User engagement metrics", "All engineers",
      "reaches people outside the dataset", "Raise the alert", "Dismiss it"]),
    ("lena", "An alert on a dataset you cover: escalate it or not",
     ["ACL change noticed", "Raised by sam", "Escalate the alert", "Hold the alert"]),
    ("dmitri-oncall", "An alert on a dataset: revert the grant or not", ["Revert the grant"]),
    ("mei", "An incident traced back to an agent: suspend it or not",
     ["An incident traced to the agent Forum Helper", "posting on behalf of Ravi Menon",
      "with no approval. Priya Shah carried it out.",
      "Grant all-engineers read access on user-metrics", "Suspend the agent",
      "Keep the agent running"]),
]


@pytest.fixture
def people(db):
    return {actor: PrincipalFactory(username=f"seat-{actor}", role="engineer")
            for actor, _kind, _shown in SEATS}


def seat_page(person, session) -> str:
    response = client_for(person).get(reverse("exercises:play", args=[session.pk]))
    assert response.status_code == 200
    return response.content.decode()


def events(session, verb) -> list[dict]:
    return [r for r in sessions.state(session).records if r["verb"] == verb]


@engine_db
def test_six_people_each_see_and_take_their_own_decision(facilitator, people):
    session = start_session(facilitator, people)
    for actor, kind, shown in SEATS:
        page = seat_page(people[actor], session)
        assert f"Your decision: {kind.lower()}" in page, actor
        for words in shown:
            assert words in page, (actor, words)
        assert f'name="point" value="{actor}#1"' in page
        first_option = sessions.state(session).pending.options[0]
        assert decide(people[actor], session, f"{actor}#1", first_option).status_code == 302
    session.refresh_from_db()
    assert session.status == "ended"
    by_person = {r["actor"] for r in events(session, "decision.made")
                 if r["payload"]["by"] == "person"}
    assert by_person == {"ravi", "priya", "sam", "lena", "dmitri", "mei"}
    assert sessions.state(session).metrics["outcome"] == "exposure"
    assert [r["actor"] for r in events(session, "agent.suspended")] == ["mei"]


@engine_db
def test_someone_else_at_the_table_cannot_take_the_managers_decision(facilitator, people):
    session = start_session(facilitator, people)
    for actor, _kind, _shown in SEATS[:-1]:
        decide(people[actor], session, f"{actor}#1", sessions.state(session).pending.options[0])
    assert sessions.state(session).pending.id == "mei#1"
    assert decide(people["lena"], session, "mei#1", "suspend").status_code == 403
    assert decide(facilitator, session, "mei#1", "suspend").status_code == 403
    assert "Your decision" not in seat_page(people["lena"], session)


@engine_db
def test_an_invoker_who_retracts_the_answer_keeps_the_follower_from_acting(facilitator,
                                                                          people):
    session = start_session(facilitator, {"ravi": people["ravi"]})
    assert decide(people["ravi"], session, "ravi#1", "retract").status_code == 302
    hidden, = events(session, "post.hidden")
    assert (hidden["actor"], hidden["target"]) == ("ravi", "post:q1.2")
    metrics = sessions.state(session).metrics
    assert metrics["advice"]["followed"] == 0 and metrics["exposure"]["windows"] == []


@engine_db
def test_a_monitor_who_dismisses_leaves_the_exposure_open_to_the_end(facilitator, people):
    session = start_session(facilitator, {"sam": people["sam"]})
    assert decide(people["sam"], session, "sam#1", "dismiss").status_code == 302
    assert events(session, "alert.raised") == []
    windows = sessions.state(session).metrics["exposure"]["windows"]
    assert windows and all(w["open_at_end"] for w in windows)


@engine_db
def test_a_responder_who_never_reverts_leaves_the_exposure_open_to_the_end(facilitator,
                                                                          people):
    session = start_session(facilitator, {"dmitri-oncall": people["dmitri-oncall"]})
    assert decide(people["dmitri-oncall"], session, "dmitri-oncall#1", "leave").status_code == 302
    windows = sessions.state(session).metrics["exposure"]["windows"]
    assert windows and all(w["open_at_end"] for w in windows)


@engine_db
def test_a_security_on_call_who_holds_leaves_the_manager_unasked(facilitator, people):
    session = start_session(facilitator, {"lena": people["lena"], "mei": people["mei"]})
    assert decide(people["lena"], session, "lena#1", "hold").status_code == 302
    session.refresh_from_db()
    assert session.status == "ended"  # mei was never asked
    assert events(session, "incident.escalated") == []
    assert "mei" not in {r["actor"] for r in events(session, "decision.made")}


@engine_db
def test_a_manager_who_keeps_the_agent_running_suspends_nothing(facilitator, people):
    session = start_session(facilitator, {"mei": people["mei"]})
    assert decide(people["mei"], session, "mei#1", "keep_running").status_code == 302
    assert events(session, "agent.suspended") == []
