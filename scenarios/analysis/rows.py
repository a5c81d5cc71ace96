"""A sweep row: `{"run_id", "scenario", "digest", "settings", "seed", "outcome", "metrics"}`,
with the metrics of `scenarios.metrics.compute_metrics`."""

EXPOSED = ("exposure", "exposure_with_access")


def is_exposed(row: dict) -> bool:
    """The run had at least one exposure window."""
    return row["outcome"] in EXPOSED


def figure(row: dict, path: str):
    """`figure(row, "exposure.person_minutes")`: a value of the run's metrics, or None."""
    value = row["metrics"]
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value
