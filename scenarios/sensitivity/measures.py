"""What each design point is scored on, over its seeds (failed runs left out):

- p_exposure: the share of seeds whose outcome is exposure or exposure_with_access;
- person_minutes: the mean of `exposure.person_minutes` (0 for a run with no exposure);
- time_to_contain_minutes: the mean of `detection.time_to_contain_minutes`, with 0 for a
  run with no exposure (nothing to contain) and, for a run never contained (a window open
  at the end), the time from its first exposure to the end of the run: a lower bound,
  since the real time is longer than the run.

Rows are results.csv's (values may be the CSV's text) or fresh ones alike.
"""

from scenarios.analysis.rows import EXPOSED
from scenarios.runs import FAILED

OUTPUTS = {
    "p_exposure": "P(exposure)",
    "person_minutes": "exposed person-minutes (mean)",
    "time_to_contain_minutes": "time to contain, minutes (mean; never contained: until the "
                               "run's end)",
}


def point_outputs(rows: list[dict]) -> dict[int, dict]:
    """{point: {output: value, "runs": finished seeds}}, points in ascending order."""
    by_point: dict[int, list[dict]] = {}
    for row in rows:
        if row["outcome"] != FAILED:
            by_point.setdefault(int(row["point"]), []).append(row)
    return {point: _scores(runs) for point, runs in sorted(by_point.items())}


def _scores(runs: list[dict]) -> dict:
    n = len(runs)
    return {"p_exposure": sum(r["outcome"] in EXPOSED for r in runs) / n,
            "person_minutes": sum(_number(r.get("exposure.person_minutes")) or 0.0
                                  for r in runs) / n,
            "time_to_contain_minutes": sum(contain_minutes(r) for r in runs) / n,
            "runs": n}


def contain_minutes(row: dict) -> float:
    if row["outcome"] not in EXPOSED:
        return 0.0
    contained = _number(row.get("detection.time_to_contain_minutes"))
    if contained is not None:
        return contained
    return max(0.0, (_number(row.get("run_minutes")) or 0.0)
               - (_number(row.get("detection.first_exposure_t")) or 0.0))


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    return float(value)
