"""Guardrails switched during a run (timeline `set_guardrail`): what the run ran under, and
from when. `settings` in the metrics is what the run started with."""

from forum.vocabulary import Verb

from .log import Log
from .world import World, round_minutes


def settings_changes(log: Log, world: World) -> list[dict]:
    """One row per `guardrail.changed` event, in log order."""
    rows = []
    for record in log.of(Verb.GUARDRAIL_CHANGED):
        payload = record.get("payload") or {}
        rows.append({"seq": record["seq"], "t": round_minutes(world.t(record)),
                     "guardrail": payload.get("guardrail"), "old": payload.get("old"),
                     "new": payload.get("new")})
    return rows


def with_settings_changes(log: Log, world: World, metrics: dict) -> dict:
    """`metrics` with `settings_changes` after `settings` when a guardrail was switched; as
    they are otherwise, so that runs without a switch report exactly what they always did."""
    changes = settings_changes(log, world)
    if not changes:
        return metrics
    keys = list(metrics)
    at = keys.index("settings") + 1
    return {**{k: metrics[k] for k in keys[:at]}, "settings_changes": changes,
            **{k: metrics[k] for k in keys[at:]}}
