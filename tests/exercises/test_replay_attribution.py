"""When a table ends with a decision still open, the scripted persona takes it, and the
log says so: only what people chose is attributed to a person."""

import pytest

from exercises.replay import replay
from scenarios.engine import resolve_settings
from scenarios.format import load_scenario

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def decisions(state, actor):
    return [r["payload"] for r in state.records
            if r["verb"] == "decision.made" and r["actor"] == actor]


def test_an_open_decision_taken_by_the_script_is_logged_as_the_scripts():
    loaded = load_scenario("meta_internal_forum")
    settings = resolve_settings(loaded.scenario)
    state = replay(loaded, seed=1, settings=settings, people={"priya": {}}, finish=True)
    assert state.finished
    assert [d["by"] for d in decisions(state, "priya")] == ["script"]


def test_a_choice_the_person_made_is_logged_as_theirs():
    loaded = load_scenario("meta_internal_forum")
    settings = resolve_settings(loaded.scenario)
    state = replay(loaded, seed=1, settings=settings, people={"priya": {"priya#1": "ignore"}},
                   finish=True)
    assert [(d["by"], d["choice"]) for d in decisions(state, "priya")] == [("person", "ignore")]
