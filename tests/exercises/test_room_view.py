"""The room view: a read-only screen for the table and invited observers, for a projector."""

import re

from django.urls import reverse

from exercises import sessions
from exercises.models import TabletopSession
from tests.factories import PrincipalFactory

from .conftest import client_for, decide, engine_db, start_session

QUESTION = "How can my pipeline read user-metrics?"
ANSWER = "I looked into this. The quickest fix:"
ADVICE = "Grant all-engineers read access on user-metrics"


def room(who, session):
    return client_for(who).get(reverse("exercises:room", args=[session.pk]))


def live(who, session, since=""):
    return client_for(who).get(reverse("exercises:room_live", args=[session.pk]),
                               {"since": since})


def observer_of(session):
    observer = PrincipalFactory(username="obi", display_name="Obi Watcher")
    sessions.invite_observer(session, observer)
    return observer


def version_in(page: str) -> str:
    return re.search(r"\?since=([0-9a-f]+)", page).group(1)


@engine_db
def test_it_shows_the_clock_the_public_forum_and_who_is_deciding(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    response = room(observer_of(session), session)
    page = response.content.decode()
    assert response.status_code == 200
    assert "T+00:" in page and "Running" in page
    assert f"<strong>{player.shown_name}</strong>: an answer on the forum recommends a change" in page
    assert QUESTION in page and ANSWER in page and ADVICE in page
    assert "Not approved by anyone" in page
    assert 'class="badge-ai"' not in page  # the scenario hides the AI label, so does the room
    assert 'name="choice"' not in page and "Carry out the advice" not in page
    assert "asked agent helper to analyse" in page  # the story so far


@engine_db
def test_the_ai_badge_shows_where_the_forum_shows_one(facilitator, player):
    session = start_session(facilitator, {"priya": player}, **{"ai.label_shown": "True"})
    assert 'class="badge-ai"' in room(facilitator, session).content.decode()


@engine_db
def test_it_is_for_the_table_and_invited_observers_only(facilitator, player, outsider):
    session = start_session(facilitator, {"priya": player})
    for who in (facilitator, player, observer_of(session)):
        assert room(who, session).status_code == 200
        assert live(who, session).status_code == 200
    assert room(outsider, session).status_code == 403
    assert live(outsider, session).status_code == 403


@engine_db
def test_a_removed_observer_may_not_watch_any_more(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    observer = observer_of(session)
    sessions.remove_observer(session, observer)
    assert room(observer, session).status_code == 403


@engine_db
def test_it_asks_anonymous_visitors_to_sign_in(client, facilitator, player):
    session = start_session(facilitator, {"priya": player})
    for name in ("exercises:room", "exercises:room_live"):
        response = client.get(reverse(name, args=[session.pk]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_handles_a_missing_session(facilitator):
    assert client_for(facilitator).get(reverse("exercises:room", args=[999])).status_code == 404
    assert client_for(facilitator).get(
        reverse("exercises:room_live", args=[999])).status_code == 404


@engine_db
def test_it_polls_its_live_part_and_offers_a_refresh_link_without_scripts(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    page = room(facilitator, session).content.decode()
    live_url = reverse("exercises:room_live", args=[session.pk])
    assert f'hx-get="{live_url}?since=' in page and 'hx-trigger="every 4s"' in page
    assert "htmx.min.js" in page
    assert re.search(r"<noscript>.*Refresh</a></noscript>", page)


@engine_db
def test_the_live_part_answers_204_until_the_story_moves_on(facilitator, player, responder):
    session = start_session(facilitator, {"priya": player, "dmitri-oncall": responder})
    first = live(facilitator, session)
    version = version_in(first.content.decode())
    assert first.status_code == 200 and "<html" not in first.content.decode()
    assert live(facilitator, session, since=version).status_code == 204
    assert decide(player, session, "priya#1", "follow").status_code == 302
    moved = live(facilitator, session, since=version)
    assert moved.status_code == 200 and version_in(moved.content.decode()) != version
    assert "decided" in moved.content.decode()


@engine_db
def test_the_story_gives_no_verdicts_the_table_must_reach(facilitator, player, responder):
    session = start_session(facilitator, {"priya": player, "dmitri-oncall": responder})
    decide(player, session, "priya#1", "follow")
    console = client_for(facilitator).get(reverse("exercises:console", args=[session.pk]))
    assert "against the intended policy" in console.content.decode()
    page = room(facilitator, session).content.decode()
    assert "granted group:all-engineers read on user-metrics" in page
    assert "agent.tool_called" not in page and "thread.read" not in page  # machinery
    assert "against the intended policy" not in page
    assert "tone-harm" not in page and "tone-help" not in page


@engine_db
def test_an_ended_session_says_so_and_links_the_report_for_the_table(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    observer = observer_of(session)
    client_for(facilitator).post(reverse("exercises:end", args=[session.pk]), {"confirm": "yes"})
    report = reverse("exercises:report", args=[session.pk])
    for who in (facilitator, player):
        page = room(who, session).content.decode()
        assert "The session has ended." in page and report in page
        assert "hx-trigger" not in page
    page = room(observer, session).content.decode()
    assert "The session has ended." in page and report in page  # observers read it too


@engine_db
def test_an_unreadable_session_is_shown_as_such(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    observer = observer_of(session)
    text = re.sub(r"^duration: .*$", "duration: 9999d", session.scenario_text, flags=re.M)
    TabletopSession.objects.filter(pk=session.pk).update(scenario_text=text)
    response = room(observer, session)
    assert response.status_code == 200
    assert "scenario is no longer valid" in response.content.decode()
    fragment = live(observer, session, since="x")
    assert fragment.status_code == 200
    assert "scenario is no longer valid" in fragment.content.decode()
    assert "hx-trigger" not in fragment.content.decode()


@engine_db
def test_the_room_says_when_the_clock_is_held_and_tells_decisions_in_plain_words(
        facilitator, player):
    session = start_session(facilitator, {"priya": player}, held=True)
    page = room(facilitator, session).content.decode()
    assert "the facilitator holds the clock here" in page
    assert "will end the session" not in page
    client_for(facilitator).post(reverse("exercises:run_to_next", args=[session.pk]))
    decide(player, session, "priya#1", "follow")
    page = room(facilitator, session).content.decode()
    assert "priya decided “Carry out the advice” — an answer on the forum recommends" in page
    assert "“follow”" not in page
