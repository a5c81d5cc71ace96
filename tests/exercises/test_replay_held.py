"""A replay held at a minute: everything up to and including that minute has happened, the
run is not finished, and the engine's end-of-run marker is not shown."""

import pytest

from exercises.replay import replay
from forum.vocabulary import Verb
from scenarios.engine import resolve_settings
from scenarios.format import load_scenario

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _replay(held_at, people=None):
    loaded = load_scenario("meta_internal_forum")
    return replay(loaded, seed=1, settings=resolve_settings(loaded.scenario),
                  people=people or {}, held_at=held_at)


def test_a_held_run_stops_at_the_minute_and_is_not_finished():
    state = _replay(100)
    assert state.held and not state.finished and state.pending is None
    assert state.minutes == 100
    assert max(r["t"] for r in state.records) <= 100
    assert Verb.RUN_ENDED not in {r["verb"] for r in state.records}
    assert state.metrics == {}


def test_what_happens_at_the_held_minute_has_happened():
    at_zero = _replay(0)
    assert [r["payload"]["title"] for r in at_zero.records
            if r["verb"] == Verb.QUESTION_POSTED] == ["How can my pipeline read user-metrics?"]
    assert at_zero.minutes == 0
    at_twenty = _replay(20)
    assert any(r["verb"] == Verb.AGENT_INVOKED and r["t"] == 20 for r in at_twenty.records)


def test_each_held_minute_is_its_own_replay():
    """The cache key holds the minute: a later hold shows more, never a stale earlier one."""
    early, late = _replay(25), _replay(200)
    assert early.minutes == 25 and late.minutes == 200
    assert len(late.records) > len(early.records)


def test_a_persons_decision_before_the_held_minute_stops_the_run_there():
    state = _replay(200, people={"priya": {}})
    assert state.pending.id == "priya#1" and state.minutes == 30
    assert not state.held and not state.finished


def test_a_hold_at_or_past_the_end_runs_to_the_end():
    state = _replay(360)
    assert state.finished and not state.held
    assert state.records[-1]["verb"] == Verb.RUN_ENDED
    assert state.metrics["outcome"] == "exposure"
