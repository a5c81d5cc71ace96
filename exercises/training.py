"""Training: a trainee plays the employee who finds the agent's answer on the forum.

They see the thread as that employee does, choose (follow / verify / ignore), and the
debrief replays the same seed with every option, so their choice is judged by what it
changed, next to what the others would have changed.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Max

from scenarios.engine import resolve_settings
from scenarios.format import load_library
from scenarios.reports.wording import OUTCOME_WORDS

from .models import TrainingAttempt
from .replay import replay

SEVERITY = {"prevented": 0, "near_miss": 1, "exposure": 2, "exposure_with_access": 3}
UNSAFE_PENALTY, SEVERITY_PENALTY, EXPOSURE_PENALTY, IGNORE_PENALTY = 60, 25, 10, 10


@dataclass(frozen=True)
class Exercise:
    slug: str
    title: str
    scenario: str
    actor: str
    brief: str
    overrides: dict = field(default_factory=dict)
    seed: int = 1


EXERCISES = {e.slug: e for e in (
    Exercise("answer-unlabelled", "A quick fix from a colleague?", "meta_internal_forum",
             "priya", "You are Priya, a data engineer who administers user-metrics. A new "
             "answer appears under a question in Engineering help.",
             {"ai.label_shown": False}),
    Exercise("answer-labelled", "A quick fix, labelled AI", "meta_internal_forum", "priya",
             "The same morning, but the forum now labels what AI agents write.",
             {"ai.label_shown": True}),
    Exercise("digest", "Recommended in the team digest", "agent_amplification", "marta",
             "You are Marta on the data platform team. The team's digest recommends a change "
             "for the pipeline everyone is waiting on."),
)}


def loaded_for(exercise: Exercise):
    loaded = load_library(exercise.scenario)
    return loaded, resolve_settings(loaded.scenario, exercise.overrides)


def situation(exercise: Exercise) -> dict:
    """The trainee's first decision, as their role sees it."""
    loaded, settings = loaded_for(exercise)
    state = replay(loaded, seed=exercise.seed, settings=settings, people={exercise.actor: {}})
    if state.pending is None or state.pending.actor != exercise.actor:
        raise ValueError(f"exercise {exercise.slug} never asks {exercise.actor} to decide")
    return state.situation


def consequences(exercise: Exercise, point_id: str, options) -> dict[str, dict]:
    """What each option leads to, same seed; later decisions go to the scripted persona."""
    loaded, settings = loaded_for(exercise)
    me = loaded.scenario.actors[exercise.actor].principal
    found = {}
    for option in options:
        state = replay(loaded, seed=exercise.seed, settings=settings,
                       people={exercise.actor: {point_id: option}}, finish=True)
        found[option] = _summary(state.metrics, me)
    return found


def _summary(metrics: dict, me: str) -> dict:
    exposure = metrics["exposure"]
    mine = [e for e in metrics["advice"]["followed_events"] if e["actor"] == me]
    return {"outcome": metrics["outcome"], "words": OUTCOME_WORDS[metrics["outcome"]],
            "exposed_principals": exposure["exposed_principals"],
            "person_minutes": exposure["person_minutes"],
            "incident_window_minutes": exposure["incident_window_minutes"],
            "unauthorized_reads": exposure["unauthorized_reads"],
            "you_applied_unsafe": any(not e["is_safe"] for e in mine)}


def score(choice: str, results: dict[str, dict]) -> int:
    """Out of 100: carrying out unsafe advice yourself costs 60; each step of outcome
    severity worse than the best option costs 25, more exposure at the same severity 10;
    ignoring costs 10 when checking was as safe, since checking also finds out why."""
    mine = results[choice]
    best = min(SEVERITY[r["outcome"]] for r in results.values())
    least = min(r["person_minutes"] for r in results.values()
                if SEVERITY[r["outcome"]] == best)
    points = 100 - (UNSAFE_PENALTY if mine["you_applied_unsafe"] else 0)
    points -= SEVERITY_PENALTY * (SEVERITY[mine["outcome"]] - best)
    if SEVERITY[mine["outcome"]] == best and mine["person_minutes"] > least:
        points -= EXPOSURE_PENALTY
    verify = results.get("verify")
    if choice == "ignore" and verify and not verify["you_applied_unsafe"] and \
            SEVERITY[verify["outcome"]] <= SEVERITY[mine["outcome"]]:
        points -= IGNORE_PENALTY
    return max(points, 0)


def attempt(trainee, exercise: Exercise, choice: str) -> TrainingAttempt:
    view = situation(exercise)
    options = ("follow", "verify", "ignore")
    if choice not in options:
        raise ValueError(f"{choice!r} is not one of {', '.join(options)}")
    results = consequences(exercise, view["point"], options)
    return TrainingAttempt.objects.create(
        trainee=trainee, exercise=exercise.slug, choice=choice, score=score(choice, results),
        outcome=results[choice]["outcome"],
        details={"results": results, "signals": signals(view), "point": view["point"]})


def signals(view: dict) -> list[dict]:
    """What the trainee could have noticed before deciding, and what it meant."""
    author, advice = view["author"], view["advice"]
    resource, grantee = view["resource"], view["grantee"]
    return [_provenance(view, author), _approval(view, author),
            {"name": "Who benefits from the grant",
             "seen": f"The grant goes to {grantee['label']} ({grantee['size']} people) "
                     f"for {advice['permission']}.",
             "meaning": "It widens access beyond the resource's intended audience."
                        if grantee["outside_audience"]
                        else "Only principals in the intended audience."},
            {"name": "The resource's classification",
             "seen": f"{resource['name']} is {resource['classification']} "
                     f"({resource['records']:,} records).",
             "meaning": "Restricted data calls for a check before widening access."
                        if resource["classification"] == "restricted"
                        else "Check the classification before widening access."},
            {"name": "The intended audience",
             "seen": "Need-to-know: " + ", ".join(resource["intended_groups"]
                                                  + resource["intended_principals"]) + ".",
             "meaning": "The advice reaches beyond it." if grantee["outside_audience"]
                        else "The advice stays inside it."}]


def _provenance(view, author) -> dict:
    shown = "shown" if view["label_shown"] else "not shown"
    return {"name": "AI provenance",
            "seen": f"The AI label was {shown} on this forum.",
            "meaning": f"{author['name']} is an AI agent ({author['role']})."
                       if author["is_agent"] else f"{author['name']} is a person."}


def _approval(view, author) -> dict:
    behalf = view["on_behalf_of"]
    seen = (f"Posted by {author['name']}" + (f" on behalf of {behalf['name']}" if behalf else "")
            + (f", approved by {view['approved_by']}." if view["approved_by"]
               else ", approved by no one."))
    return {"name": "Author and approval", "seen": seen,
            "meaning": "Nobody vouched for this answer before it reached you."
                       if not view["approved_by"] else "A person approved it."}


def progress(trainee) -> dict:
    attempts = TrainingAttempt.objects.filter(trainee=trainee)
    per_exercise = {row["exercise"]: row for row in attempts.values("exercise").annotate(
        tries=Count("pk"), best=Max("score"), mean=Avg("score"))}
    return {"attempts": list(attempts[:20]), "per_exercise": per_exercise,
            "total": attempts.count(),
            "mean": attempts.aggregate(mean=Avg("score"))["mean"]}
