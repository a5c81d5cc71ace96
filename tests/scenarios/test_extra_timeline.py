"""Injected timeline entries (a facilitator's events) and the engine without them."""

from scenarios.engine import run
from scenarios.format import load_scenario, schema

from .engine_helpers import engine_db


def _alert(at):
    return schema.RaiseAlert(at=at, do="raise_alert", resource="user-metrics", reason="injected")


@engine_db
def test_without_extra_entries_the_log_is_unchanged():
    loaded = load_scenario("meta_internal_forum")
    plain = run(loaded, seed=3).records
    assert run(loaded, seed=3, extra_timeline=None).records == plain
    assert run(loaded, seed=3, extra_timeline=[]).records == plain


@engine_db
def test_an_extra_entry_acts_like_the_scenarios_own():
    loaded = load_scenario("meta_internal_forum")
    result = run(loaded, seed=3, extra_timeline=[_alert(45)])
    alerts = [r for r in result.records if r["verb"] == "alert.raised" and r["actor"] is None]
    assert [(a["t"], a["target"], a["payload"]) for a in alerts] == [
        (45.0, "resource:user-metrics", {"reason": "injected"})]
    assert result.metrics["detection"]["time_to_detect_minutes"] == 15.0
