"""`explain` for a stored run: which single control would have stopped it.

The answer re-runs the run's scenario once as it was and once per guardrail switched on
alone (a dozen engine runs for the reference incident, about a second), so the run page
asks for it on demand and the answer is cached by the run's identity (digest, settings,
seed): the engine is deterministic, so it never goes stale.
"""

from django.core.cache import cache

from scenarios.analysis.explain import explain_incident
from scenarios.analysis.explain_render import VERDICT_WORDS, conclusions

from .snapshot import SnapshotUnavailable, scenario_of

CACHE_SECONDS = 7 * 24 * 3600


class CannotExplain(Exception):
    """The run cannot be explained; the message says why, for the page."""


def cache_key(run) -> str:
    return f"overstep:explain:{run.digest}:{run.settings_key}:{run.seed}"


def explanation(run) -> dict:
    """The explain report for `run`, from the cache when it was computed before."""
    if run.failed:
        raise CannotExplain("This run failed before it finished, so there is no incident "
                            "to explain.")
    if run.inputs:
        raise CannotExplain("This run replays a tabletop session (people's decisions or "
                            "injected events). Explain answers for the scripted scenario: "
                            "see its own run.")
    if run.recording:
        raise CannotExplain("This run asked a language model. Switching a control on would "
                            "ask the model new questions, which a stored recording cannot "
                            "answer, so it is not explained here.")
    report = cache.get(cache_key(run))
    if report is None:
        try:
            loaded = scenario_of(run)
        except SnapshotUnavailable as error:
            raise CannotExplain(str(error)) from None
        report = explain_incident(loaded, seed=run.seed, overrides=run.settings)
        cache.set(cache_key(run), report, CACHE_SECONDS)
    return report


def explained(report: dict) -> dict:
    """The report with the words the page shows."""
    rows = [{**c, "verdict_words": VERDICT_WORDS.get(c["verdict"], c["verdict"])}
            for c in report["controls"]]
    return {"report": report, "conclusions": conclusions(report), "controls": rows}
