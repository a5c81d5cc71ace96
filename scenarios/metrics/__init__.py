"""Metrics: a pure function of the event log.

`compute_metrics(records)` takes the records `forum.eventlog.as_records()` gives (or a JSONL
export read back by `scenarios.logfile.read_log`) and returns the report as plain data.
No database, no Django: a run, its exported log and a replay give identical numbers.
Definitions: docs/metrics.md.
"""

from forum.vocabulary import Verb

from .agent import advice_figures, agent_figures, contradicting_attempts
from .chain import build_chain
from .content import leak_figures
from .cost import cost_figures
from .exposure import detection_figures, exposure_figures
from .guardrail_changes import with_settings_changes
from .outcome import OUTCOMES, classify
from .windows import sweep
from .world import build_world, observed, round_minutes

__all__ = ["OUTCOMES", "compute_metrics"]


def compute_metrics(records: list[dict]) -> dict:
    records = observed(sorted(records, key=lambda r: r["seq"]))
    world = build_world(records)
    access = sweep(records, world)
    exposure = {**exposure_figures(access), **leak_figures(records, world)}
    advice = advice_figures(records, world)
    contradicting = contradicting_attempts(records)
    return with_settings_changes(records, world, {
        "outcome": classify(
            windows=len(exposure["windows"]),
            unauthorized_reads=exposure["unauthorized_reads"],
            unsafe_advice_published=advice["published_wrong"],
            contradicting_attempts=len(contradicting),
            unpublished_leaks=exposure["unpublished_leaks"],
        ),
        "scenario": world.run.get("scenario"),
        "digest": world.run.get("digest"),
        "seed": world.run.get("seed"),
        "settings": world.run.get("settings", world.settings),
        "run_minutes": round_minutes(world.end_t - world.start_t),
        "run_ended": any(r["verb"] == Verb.RUN_ENDED for r in records),
        "events": len(records),
        "exposure": exposure,
        "detection": detection_figures(records, access.windows(), world),
        "agent": agent_figures(records, world),
        "advice": {**advice, "contradicting_policy": [r["seq"] for r in contradicting]},
        "cost": cost_figures(records, world),
        "chain": build_chain(records, world, access),
    })
