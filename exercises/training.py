"""Training: a trainee plays the employee who finds the agent's answer on the forum.

They see the thread as that employee does and choose: carry out the advice, leave it, or
check it first (open the facts a careful engineer looks at, then choose again). The
debrief replays the same seed with each choice, so theirs is judged by what it changed,
next to what the other would have changed.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Avg, Count, Max

from scenarios.engine import resolve_settings, run
from scenarios.format import load_library
from scenarios.reports.wording import OUTCOME_WORDS

from .checks import check_facts
from .models import TrainingAttempt
from .replay import CACHE_SECONDS, ReplayFailed, Seat, Table, replay
from .situation import observe_point
from .training_score import score_parts

FINAL_CHOICES = ("follow", "ignore")  # "check it first" is a step, then one of these


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
    """The trainee's first decision as their role sees it, with the facts to check."""
    loaded, settings = loaded_for(exercise)
    key = "training-situation:" + hashlib.sha256(
        f"{exercise!r}|{loaded.digest}".encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _observe_first_decision(exercise, loaded, settings)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _observe_first_decision(exercise, loaded, settings) -> dict:
    table = Table()
    seat = Seat({}, table, loaded.scenario.actors[exercise.actor])

    def observe(world):
        if table.waiting is None:
            return None
        view = observe_point(world, table.waiting)
        return {**view, "checks": check_facts(view)}

    result = run(loaded, seed=exercise.seed, overrides=settings,
                 deciders={exercise.actor: seat}, observe=observe)
    if result.failed:
        raise ReplayFailed(f"the run stopped: {result.failure}")
    if result.pending is None or result.pending.actor != exercise.actor:
        raise ValueError(f"exercise {exercise.slug} never asks {exercise.actor} to decide")
    return result.observation


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


def attempt(trainee, exercise: Exercise, choice: str, looked=(),
            seconds: int | None = None) -> TrainingAttempt:
    """Store the trainee's final choice, the facts they looked at first, and the score."""
    if choice not in FINAL_CHOICES:
        raise ValueError(f"{choice!r} is not one of {', '.join(FINAL_CHOICES)}")
    view = situation(exercise)
    known = [check["key"] for check in view["checks"]]
    looked = [key for key in dict.fromkeys(looked) if key in known]
    results = consequences(exercise, view["point"], FINAL_CHOICES)
    points = score_parts(choice, looked, seconds, results)
    return TrainingAttempt.objects.create(
        trainee=trainee, exercise=exercise.slug, choice=choice, looked_at=looked,
        seconds=seconds, score=sum(points.values()), outcome=results[choice]["outcome"],
        details={"results": results, "signals": view["checks"], "point": view["point"],
                 "kind": view["kind"]})


def progress(trainee) -> dict:
    attempts = TrainingAttempt.objects.filter(trainee=trainee)
    per_exercise = {row["exercise"]: row for row in attempts.values("exercise").annotate(
        tries=Count("pk"), best=Max("score"), mean=Avg("score"))}
    return {"attempts": list(attempts[:20]), "per_exercise": per_exercise,
            "total": attempts.count(),
            "mean": attempts.aggregate(mean=Avg("score"))["mean"]}


def title_of(slug: str) -> str:
    exercise = EXERCISES.get(slug)
    return exercise.title if exercise else slug
