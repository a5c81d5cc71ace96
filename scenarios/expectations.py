"""Checking a run against the outcome a reference scenario expects (its `expected:` block)."""

from dataclasses import dataclass

FIGURES = {
    "incident_window_minutes": ("exposure", "incident_window_minutes"),
    "unauthorized_reads": ("exposure", "unauthorized_reads"),
    "unapproved_agent_actions": ("agent", "unapproved_actions"),
    "advice_followed": ("advice", "followed"),
}


@dataclass(frozen=True)
class Check:
    name: str
    expected: str
    actual: object
    passed: bool

    def __str__(self):
        mark = "ok  " if self.passed else "FAIL"
        return f"{mark} {self.name}: expected {self.expected}, got {self.actual}"


def check_expectations(expected, metrics: dict) -> list[Check]:
    if expected is None:
        return []
    checks = []
    if expected.outcome is not None:
        checks.append(Check("outcome", expected.outcome, metrics["outcome"],
                            metrics["outcome"] == expected.outcome))
    for name, (section, key) in FIGURES.items():
        bounds = getattr(expected, name)
        if bounds is not None:
            value = metrics[section][key]
            ok = (bounds.min is None or value >= bounds.min) and (
                bounds.max is None or value <= bounds.max)
            checks.append(Check(name, _describe(bounds), value, ok))
    return checks


def _describe(bounds) -> str:
    if bounds.min is not None and bounds.max is not None:
        return f"between {bounds.min:g} and {bounds.max:g}"
    if bounds.min is not None:
        return f"at least {bounds.min:g}"
    return f"at most {bounds.max:g}"
