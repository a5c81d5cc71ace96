"""A training attempt's score: a pure function of the attempt, out of 100.

Three parts, documented in docs/training.md:
- outcome (60): what your own choice led to, next to the best choice at the same point;
- checks (30): the "check it first" facts you looked at before deciding;
- time (10): deciding within five minutes, falling to nothing at fifteen.
"""

from .checks import APPROVAL, AUTHOR, DATASET, REACH

SEVERITY = {"prevented": 0, "near_miss": 1, "exposure": 2, "exposure_with_access": 3}
OUTCOME_POINTS, SEVERITY_STEP, MORE_EXPOSURE = 60, 20, 10
CHECK_POINTS = {AUTHOR: 8, APPROVAL: 7, DATASET: 7, REACH: 8}
TIME_POINTS, QUICK_SECONDS, SLOW_SECONDS = 10, 300, 900


def outcome_points(choice: str, results: dict[str, dict]) -> int:
    """Nothing if you carried out unsafe advice yourself; otherwise 60, less 20 for each
    step of severity worse than the best choice, less 10 for more exposure at the same."""
    mine = results[choice]
    if mine["you_applied_unsafe"]:
        return 0
    best = min(SEVERITY[r["outcome"]] for r in results.values())
    least = min(r["person_minutes"] for r in results.values()
                if SEVERITY[r["outcome"]] == best)
    points = OUTCOME_POINTS - SEVERITY_STEP * (SEVERITY[mine["outcome"]] - best)
    if SEVERITY[mine["outcome"]] == best and mine["person_minutes"] > least:
        points -= MORE_EXPOSURE
    return max(points, 0)


def check_points(looked: list[str]) -> int:
    return sum(CHECK_POINTS.get(key, 0) for key in set(looked))


def time_points(seconds: int | None) -> int:
    """Full within QUICK_SECONDS, none from SLOW_SECONDS; an unknown time costs nothing."""
    if seconds is None or seconds <= QUICK_SECONDS:
        return TIME_POINTS
    late = min(seconds, SLOW_SECONDS) - QUICK_SECONDS
    return round(TIME_POINTS * (1 - late / (SLOW_SECONDS - QUICK_SECONDS)))


def score_parts(choice: str, looked: list[str], seconds: int | None,
                results: dict[str, dict]) -> dict[str, int]:
    return {"outcome": outcome_points(choice, results), "checks": check_points(looked),
            "time": time_points(seconds)}


def score(attempt) -> int:
    return sum(parts(attempt).values())


def parts(attempt) -> dict[str, int]:
    return score_parts(attempt.choice, attempt.looked_at, attempt.seconds,
                       attempt.details["results"])


def went_wrong(attempt) -> bool:
    """Your choice led somewhere worse than the best one, or you applied unsafe advice."""
    return outcome_points(attempt.choice, attempt.details["results"]) < OUTCOME_POINTS
