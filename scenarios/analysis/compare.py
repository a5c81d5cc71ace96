"""Each setting against the baseline, paired on the seeds both ran (common random numbers).

Every difference is `setting − baseline`, so a guardrail that helps shows a negative
ΔP(exposure) and Δperson-minutes; the cost side shows what it took (fewer correct
answers, more approvals, more legitimate changes refused or delayed).
"""

from . import stats
from .rows import figure, is_exposed

# (name in the report, metrics path) of the figures compared as paired mean differences.
PAIRED_FIGURES = (
    ("person_minutes", "exposure.person_minutes"),
    ("incident_window_minutes", "exposure.incident_window_minutes"),
    ("exposed_minutes", "exposure.exposed_minutes"),
    ("unauthorized_reads", "exposure.unauthorized_reads"),
    ("time_to_answer_minutes", "cost.time_to_answer_minutes"),
    ("approvals_requested", "cost.approvals_requested"),
    ("approval_wait_minutes", "cost.approval_wait_minutes"),
    ("legitimate_refused", "cost.legitimate_refused"),
    ("legitimate_delayed", "cost.legitimate_delayed"),
)

# (name, test of a row) of the yes/no figures compared as paired proportions.
PAIRED_PROPORTIONS = (
    ("exposure_probability", is_exposed),
    ("answered_correctly", lambda row: figure(row, "cost.answered_correctly") is True),
)


def by_seed(rows: list[dict], value) -> dict:
    return {row["seed"]: value(row) for row in rows}


def compare_groups(baseline: dict, other: dict) -> dict:
    """`baseline` and `other` are groups (`label`, `rows`) from summary.group_rows."""
    base_rows, other_rows = baseline["rows"], other["rows"]
    comparison = {
        "label": other["label"],
        "baseline": baseline["label"],
        "pairs": len({r["seed"] for r in base_rows} & {r["seed"] for r in other_rows}),
    }
    for name, test in PAIRED_PROPORTIONS:
        comparison[name] = stats.paired_proportion_difference(
            by_seed(base_rows, test), by_seed(other_rows, test))
    for name, path in PAIRED_FIGURES:
        comparison[name] = stats.paired_mean_difference(
            by_seed(base_rows, lambda r, p=path: figure(r, p)),
            by_seed(other_rows, lambda r, p=path: figure(r, p)))
    return comparison


def baseline_index(groups: list[dict], defaults: dict | None) -> int:
    """The group run with the scenario's own settings, if the grid has it; else the first."""
    if defaults is not None:
        for index, group in enumerate(groups):
            if all(group["settings"].get(k) == v for k, v in defaults.items()):
                return index
    return 0


def comparisons(groups: list[dict], defaults: dict | None) -> tuple[int, list[dict]]:
    if not groups:
        return 0, []
    base = baseline_index(groups, defaults)
    return base, [compare_groups(groups[base], g)
                  for i, g in enumerate(groups) if i != base]
