"""A session is stored, not held in memory: after a restart (no cache, new clients,
objects read back from the database) it stands exactly where it stood."""

from django.core.cache import cache
from django.urls import reverse

from exercises import sessions
from exercises.models import TabletopSession

from .conftest import client_for, decide, engine_db, start_session


def _restart():
    cache.clear()


@engine_db
def test_the_pending_decision_survives_a_restart(facilitator, player, responder):
    started = start_session(facilitator, {"priya": player, "dmitri-oncall": responder})
    decide(player, started, "priya#1", "follow")
    before = sessions.state(started)
    _restart()
    reloaded = TabletopSession.objects.get(pk=started.pk)
    after = sessions.state(reloaded)
    assert after.pending.id == before.pending.id == "dmitri-oncall#1"
    assert after.minutes == before.minutes == 150.0
    assert after.records == before.records


@engine_db
def test_a_new_client_carries_on_from_the_stored_decisions(facilitator, player, responder):
    started = start_session(facilitator, {"priya": player, "dmitri-oncall": responder})
    decide(player, started, "priya#1", "follow")
    _restart()
    page = client_for(responder).get(reverse("exercises:play", args=[started.pk])).content.decode()
    assert "Your decision: an alert on a dataset: revert the grant or not" in page
    assert decide(responder, started, "dmitri-oncall#1", "revert").status_code == 302
    _restart()
    reloaded = TabletopSession.objects.get(pk=started.pk)
    assert reloaded.status == "ended"
    state = sessions.state(reloaded)
    choices = [(r["actor"], r["payload"]["choice"], r["payload"]["by"])
               for r in state.records if r["verb"] == "decision.made"]
    assert ("priya", "follow", "person") in choices
    assert ("dmitri", "revert", "person") in choices
    assert state.metrics["outcome"] == "exposure"


@engine_db
def test_the_console_shows_the_clock_and_who_is_awaited(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    _restart()
    page = client_for(facilitator).get(reverse("exercises:console", args=[session.pk]))
    text = page.content.decode()
    assert "T+00:30" in text
    assert "Waiting for" in text and player.shown_name in text
    assert "Agent helper published an answer in q1" in text
    partial = client_for(facilitator).get(reverse("exercises:console_status", args=[session.pk]))
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
