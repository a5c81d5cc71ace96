"""A sweep's rows in, its statistics out: one group per setting, and each group against the
baseline on the same seeds.

A row is `{"run_id", "scenario", "digest", "settings", "seed", "outcome", "metrics"}` with
the metrics of `scenarios.metrics.compute_metrics`. Definitions used here:
- exposure: outcome `exposure` or `exposure_with_access` (≥1 exposure window);
- incident window: `exposure.incident_window_minutes`, over runs with exposure and over all
  runs (0 when there was none); exposed time: `exposure.exposed_minutes` (the union of the
  windows, gaps left out), the same way; person-minutes: `exposure.person_minutes`, all runs;
- time to contain: runs with exposure whose windows all closed before the run ended;
- time to answer and approval wait: runs where there was an answer / a decided approval.

A failed run (outcome `failed`: its model could not be reached, say) has no metrics: it is
left out of every statistic and counted, with its reason, under `failed`. Model usage
(calls, tokens, latency) is a sum over every run, failed runs' calls included when the row
carries them (`model_usage`, from the run's log).
"""

import json

from forum.guardrails import format_value
from scenarios.metrics import OUTCOMES

from . import compare, stats
from .recent import Recent
from .rows import figure, is_exposed

FAILED = "failed"  # a failed run's outcome (scenarios.runs.FAILED)
MODEL_USAGE = ("model_calls", "tokens_in", "tokens_out", "model_latency_ms")
REASONS_KEPT = 10  # distinct failure reasons listed in summary.json


def is_failed(row: dict) -> bool:
    return row["outcome"] == FAILED


def varying_keys(rows: list[dict], order: list[str] | None = None) -> list[str]:
    """Settings that differ between rows: in `order` (the grid's) first, then by name."""
    keys = sorted({k for row in rows for k in row["settings"]})
    varying = [k for k in keys
               if len({json.dumps(row["settings"].get(k)) for row in rows}) > 1]
    ordered = [k for k in (order or []) if k in varying]
    return ordered + [k for k in varying if k not in ordered]


def group_label(settings: dict, keys: list[str]) -> str:
    if not keys:
        return "all runs"
    return ", ".join(f"{k}={format_value(settings.get(k))}" for k in keys)


def group_rows(rows: list[dict], keys: list[str]) -> list[dict]:
    """Rows grouped by their full settings, groups in first-seen order, rows by seed."""
    groups: dict[str, dict] = {}
    for row in rows:
        identity = json.dumps(row["settings"], sort_keys=True)
        if identity not in groups:
            groups[identity] = {"label": group_label(row["settings"], keys),
                                "settings": row["settings"], "rows": []}
        groups[identity]["rows"].append(row)
    for group in groups.values():
        group["rows"].sort(key=lambda r: r["seed"])
    return list(groups.values())


def _values(rows: list[dict], path: str, keep=lambda row: True) -> list:
    return [v for row in rows if keep(row) and (v := figure(row, path)) is not None]


def _count(rows: list[dict], test) -> dict:
    return stats.proportion(sum(1 for row in rows if test(row)), len(rows))


def exposure_summary(rows: list[dict]) -> dict:
    reads = _values(rows, "exposure.unauthorized_reads")
    return {
        "probability": _count(rows, is_exposed),
        "incident_window_minutes": {
            "exposed_runs": stats.describe(
                _values(rows, "exposure.incident_window_minutes", is_exposed)),
            "all_runs": stats.describe(_values(rows, "exposure.incident_window_minutes")),
        },
        "exposed_minutes": {
            "exposed_runs": stats.describe(_values(rows, "exposure.exposed_minutes", is_exposed)),
            "all_runs": stats.describe(_values(rows, "exposure.exposed_minutes")),
        },
        "person_minutes": stats.describe(_values(rows, "exposure.person_minutes")),
        "exposed_principals": stats.describe(_values(rows, "exposure.exposed_principals")),
        "unauthorized_reads": {
            "per_run": stats.describe(reads),
            "probability_any": _count(rows, lambda r: (figure(r, "exposure.unauthorized_reads")
                                                       or 0) > 0),
        },
        "open_at_end": sum(1 for row in rows if figure(row, "exposure.open_at_end")),
    }


def detection_summary(rows: list[dict]) -> dict:
    return {
        "time_to_detect_minutes": stats.describe(
            _values(rows, "detection.time_to_detect_minutes", is_exposed)),
        "time_to_contain_minutes": stats.describe(
            _values(rows, "detection.time_to_contain_minutes", is_exposed)),
    }


def cost_summary(rows: list[dict]) -> dict:
    return {
        "answered": _count(rows, lambda r: figure(r, "cost.question_answered") is True),
        "answered_correctly": _count(
            rows, lambda r: figure(r, "cost.answered_correctly") is True),
        "time_to_answer_minutes": stats.describe(_values(rows, "cost.time_to_answer_minutes")),
        "approvals_requested": stats.describe(_values(rows, "cost.approvals_requested")),
        "approval_wait_minutes": stats.describe(_values(rows, "cost.approval_wait_minutes")),
        "legitimate_refused": stats.describe(_values(rows, "cost.legitimate_refused")),
        "legitimate_delayed": stats.describe(_values(rows, "cost.legitimate_delayed")),
    }


def model_usage(rows: list[dict]) -> dict:
    """What the runs' language models cost, summed: calls, tokens each way, latency."""
    totals = dict.fromkeys(MODEL_USAGE, 0)
    for row in rows:
        figures = row.get("model_usage") or (row["metrics"].get("agent") or {})
        for key in MODEL_USAGE:
            totals[key] += int(figures.get(key) or 0)
    return totals


def failure_summary(failed: list[dict], keys: list[str]) -> dict:
    """How many runs failed, and why: each distinct reason with its count and first run."""
    reasons: dict[str, dict] = {}
    for row in failed:
        reason = row.get("failure") or "no reason stored"
        if reason not in reasons:
            reasons[reason] = {"reason": reason, "runs": 0, "first": {
                "setting": group_label(row["settings"], keys), "seed": row["seed"]}}
        reasons[reason]["runs"] += 1
    listed = list(reasons.values())
    return {"runs": len(failed), "reasons": listed[:REASONS_KEPT],
            "more_reasons": max(0, len(listed) - REASONS_KEPT)}


def group_summary(group: dict, keys: list[str], failed: list[dict] = ()) -> dict:
    """`failed`: the group's failed runs, counted here and left out of its statistics."""
    rows = group["rows"]
    outcomes = {name: 0 for name in OUTCOMES}
    for row in rows:
        outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + 1
    return {
        "label": group["label"],
        "settings": {k: group["settings"].get(k) for k in keys},
        "runs": len(rows),
        "failed": len(failed),
        "seeds": [row["seed"] for row in rows],
        "outcomes": outcomes,
        "exposure": exposure_summary(rows),
        "detection": detection_summary(rows),
        "cost": cost_summary(rows),
        "model_usage": model_usage([*rows, *failed]),
    }


def summarise(rows: list[dict], *, defaults: dict | None = None,
              order: list[str] | None = None) -> dict:
    """Statistics of a sweep's rows. `defaults` (the scenario's own settings) picks the
    baseline group when the grid contains it, else the first group is the baseline;
    `order` (the grid's keys) orders the keys named in group labels. Failed runs are left
    out of the statistics (a setting whose runs all failed has no group) and counted.
    Made once for the same rows (recent.py): the sweep command asks twice, for report.html
    and for the web page's cache; each caller gets a copy of its own."""
    inputs = {"rows": rows, "defaults": defaults, "order": order}
    return _SUMMARIES.get(inputs, lambda: _summary(rows, defaults, order))


_SUMMARIES = Recent(2, copies=True)


def _summary(rows: list[dict], defaults: dict | None, order: list[str] | None) -> dict:
    keys = varying_keys(rows, order)
    finished = [row for row in rows if not is_failed(row)]
    failed = [row for row in rows if is_failed(row)]
    groups = group_rows(finished, keys)
    failed_by_group = {g["label"]: g["rows"] for g in group_rows(failed, keys)}
    base, comparisons = compare.comparisons(groups, defaults)
    first = rows[0] if rows else {}
    return {
        "scenario": first.get("scenario"),
        "digest": first.get("digest"),
        "runs": len(finished),
        "failed": failure_summary(failed, keys),
        "model_usage": model_usage(rows),
        "varying": keys,
        "fixed_settings": {k: v for k, v in sorted(first.get("settings", {}).items())
                           if k not in keys},
        "baseline": groups[base]["label"] if groups else None,
        "groups": [group_summary(g, keys, failed_by_group.get(g["label"], ()))
                   for g in groups],
        "comparisons": comparisons,
        "method": {
            "confidence": stats.CONFIDENCE,
            "proportions": "Wilson score interval",
            "distributions": (f"bootstrap percentile interval, {stats.RESAMPLES} resamples, "
                              f"numpy default_rng seed {stats.BOOTSTRAP_SEED}"),
            "paired_proportions": "Newcombe (1998) hybrid score interval for paired data",
            "paired_figures": "bootstrap percentile interval of the mean per-seed difference",
            "differences": "setting minus baseline, on seeds present in both",
            "exposure": "outcome exposure or exposure_with_access",
            "failed_runs": "left out of every statistic; counted under `failed`",
        },
    }
