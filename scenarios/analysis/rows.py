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


def format_value(value) -> str:
    """A setting as people write it on the command line: true, off, 15, draft."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "off"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
