"""Which single control would have stopped this incident?

The incident (a scenario, a seed, the caller's settings) is re-run as is — the baseline —
then once per guardrail switched on alone (its `on_value`; a tuple lists several "on"
variants, each tried alone). Same seed, so every actor draws the same random numbers and
the only difference is the control. Each variant says whether it prevented the exposure
(no exposure window), or by how much it shortened the incident window, and what it cost.
"""

from forum.guardrails import all_guardrails, format_value

from .factors import contributing_factors
from .rows import EXPOSED


def headline(metrics: dict) -> dict:
    exposure, cost = metrics["exposure"], metrics["cost"]
    return {
        "outcome": metrics["outcome"],
        "exposed": metrics["outcome"] in EXPOSED,
        "incident_window_minutes": exposure["incident_window_minutes"],
        "person_minutes": exposure["person_minutes"],
        "exposed_principals": exposure["exposed_principals"],
        "unauthorized_reads": exposure["unauthorized_reads"],
        "time_to_detect_minutes": metrics["detection"]["time_to_detect_minutes"],
        "time_to_contain_minutes": metrics["detection"]["time_to_contain_minutes"],
        "question_answered": cost["question_answered"],
        "answered_correctly": cost["answered_correctly"],
        "time_to_answer_minutes": cost["time_to_answer_minutes"],
        "approvals_requested": cost["approvals_requested"],
        "approval_wait_minutes": cost["approval_wait_minutes"],
        "legitimate_refused": cost["legitimate_refused"],
        "legitimate_delayed": cost["legitimate_delayed"],
    }


def verdict(baseline: dict, variant: dict) -> str:
    """prevented / shortened / no_effect / longer / nothing_to_prevent."""
    if not baseline["exposed"]:
        return "nothing_to_prevent"
    if not variant["exposed"]:
        return "prevented"
    change = variant["incident_window_minutes"] - baseline["incident_window_minutes"]
    if change < 0:
        return "shortened"
    return "longer" if change > 0 else "no_effect"


def try_control(run_one, guardrail, value, baseline: dict, settings: dict) -> dict:
    figures = headline(run_one({**settings, guardrail.key: value}))
    return {
        "key": guardrail.key,
        "label": guardrail.label,
        "value": value,
        "setting": f"{guardrail.key}={format_value(value)}",
        "verdict": verdict(baseline, figures),
        "window_change_minutes": round(
            figures["incident_window_minutes"] - baseline["incident_window_minutes"], 3),
        "person_minutes_change": round(figures["person_minutes"] - baseline["person_minutes"], 3),
        **{f"variant_{k}": v for k, v in figures.items()},
    }


def controls(run_one, baseline: dict, settings: dict) -> tuple[list[dict], list[dict]]:
    """(tried, already on): each guardrail's on-variants not already in force."""
    tried, already_on = [], []
    for guardrail in all_guardrails():
        for value in guardrail.on_variants:
            if settings.get(guardrail.key) == value:
                already_on.append({"key": guardrail.key, "label": guardrail.label,
                                   "setting": f"{guardrail.key}={format_value(value)}"})
                continue
            tried.append(try_control(run_one, guardrail, value, baseline, settings))
    return tried, already_on


def explain_incident(loaded, *, seed: int, overrides: dict | None = None) -> dict:
    """Re-run `loaded` at `seed` with `overrides`, then with each guardrail on alone."""
    from scenarios.engine import run

    result = run(loaded, seed=seed, overrides=overrides)
    baseline = headline(result.metrics)

    def run_one(settings: dict) -> dict:
        return run(loaded, seed=seed, overrides=settings).metrics

    tried, already_on = controls(run_one, baseline, result.settings)
    return {
        "scenario": result.scenario,
        "digest": result.digest,
        "seed": seed,
        "overrides": {k: overrides[k] for k in sorted(overrides or {})},
        "settings": result.settings,
        "baseline": baseline,
        "controls": tried,
        "already_on": already_on,
        "preventing": [c["setting"] for c in tried if c["verdict"] == "prevented"],
        "shortening": [c["setting"] for c in sorted(tried, key=_window_change)
                       if c["verdict"] == "shortened"],
        "factors": contributing_factors(result.records, result.metrics),
    }


def _window_change(control: dict) -> float:
    return control["window_change_minutes"]
