"""The room shows the forum as everyone sees it: never a draft, a private analysis or a
hidden post, and never a draft's advice in the story, though the role holder sees them."""

from django.urls import reverse

from exercises import sessions

from .conftest import client_for, decide, engine_db, start_session

ANSWER = "I looked into this. The quickest fix:"
ADVICE = "Grant all-engineers read access on user-metrics"


def room_page(who, session) -> str:
    response = client_for(who).get(reverse("exercises:room", args=[session.pk]))
    assert response.status_code == 200
    return response.content.decode()


def seat_page(who, session) -> str:
    return client_for(who).get(reverse("exercises:play", args=[session.pk])).content.decode()


@engine_db
def test_a_draft_waiting_for_approval_stays_out_of_the_room(facilitator, player):
    session = start_session(facilitator, {"ravi": player}, **{"agent.approval_required": "True"})
    assert sessions.state(session).pending.kind == "approve_draft"
    assert ANSWER in seat_page(player, session)  # the invoker sees the draft
    page = room_page(facilitator, session)
    assert "How can my pipeline read user-metrics?" in page
    assert "drafted an answer" in page
    assert ANSWER not in page and ADVICE not in page


@engine_db
def test_a_private_analysis_stays_out_of_the_room(facilitator, player):
    session = start_session(facilitator, {"ravi": player}, **{"agent.autonomy": "analyse"})
    assert sessions.state(session).pending.kind == "share_analysis"
    assert ADVICE in seat_page(player, session)
    page = room_page(facilitator, session)
    assert "private analysis" in page
    assert ANSWER not in page and ADVICE not in page


@engine_db
def test_an_approved_draft_appears_once_published(facilitator, player):
    session = start_session(facilitator, {"ravi": player}, **{"agent.approval_required": "True"})
    assert decide(player, session, "ravi#1", "approve").status_code == 302
    page = room_page(facilitator, session)
    assert ANSWER in page and ADVICE in page


@engine_db
def test_a_hidden_post_leaves_the_room(facilitator, responder):
    session = sessions.start(facilitator, "injected_forum_question", settings={}, seed=1,
                             assignments={"dmitri-oncall": responder})
    assert sessions.state(session).pending.kind == "revert"
    answer = "The export expects sessions_last_30d as an integer column."
    assert answer in room_page(facilitator, session)
    assert decide(responder, session, sessions.state(session).pending.id,
                  "revert").status_code == 302
    assert answer not in room_page(facilitator, session)
