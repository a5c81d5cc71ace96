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
from .log import Log
from .outcome import OUTCOMES, classify
from .windows import sweep
from .world import build_world, round_minutes

__all__ = ["OUTCOMES", "compute_metrics"]


def compute_metrics(records: list[dict]) -> dict:
    log = Log(records)
    world = build_world(log)
    access = sweep(log, world)
    exposure = {**exposure_figures(access), **leak_figures(log, world)}
    advice = advice_figures(log, world)
    contradicting = contradicting_attempts(log)
    return with_settings_changes(log, world, {
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
        "run_ended": bool(log.of(Verb.RUN_ENDED)),
        "events": len(log),
        "exposure": exposure,
        "detection": detection_figures(log, access.windows(), world),
        "agent": agent_figures(log, world),
        "advice": {**advice, "contradicting_policy": [r["seq"] for r in contradicting]},
        "cost": cost_figures(log, world),
        "chain": build_chain(log, world, access),
    })
