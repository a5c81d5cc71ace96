"""Trainers and their cohorts: who may see whose attempts, and what a cohort missed.

One module answers "may they?" for training: a trainee sees their own attempts; a trainer
(staff, or a principal whose role is trainer or facilitator) sees the attempts of the
trainees in their own cohorts, and no other trainer's cohort.
"""

import csv
import io

from django.db.models import Q

from forum.models import Principal

from .checks import ORDER, TITLES
from .models import Cohort, TrainingAttempt
from .training import title_of
from .training_score import went_wrong

TRAINER_ROLES = ("trainer", "facilitator")


class NotATrainee(ValueError):
    """The name given is not a person who can be trained here."""


def is_trainer(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.role.lower() in TRAINER_ROLES)


def cohorts_of(user):
    return Cohort.objects.filter(trainer=user)


def visible_attempts(user):
    """A user's own attempts and those of the trainees in the cohorts they train."""
    trained = Cohort.objects.filter(trainer=user).values("trainees")
    return TrainingAttempt.objects.filter(Q(trainee=user) | Q(trainee__in=trained))


def create_cohort(trainer, name: str) -> Cohort:
    return Cohort.objects.create(trainer=trainer, name=name)


def add_trainee(cohort: Cohort, username: str) -> Principal:
    person = Principal.objects.filter(username=username, is_active=True,
                                      kind=Principal.Kind.EMPLOYEE).first()
    if person is None:
        raise NotATrainee(f"No person with the username {username!r}.")
    cohort.trainees.add(person)
    return person


def cohort_attempts(cohort: Cohort):
    return TrainingAttempt.objects.filter(trainee__in=cohort.trainees.all()).select_related(
        "trainee").order_by("trainee__username", "created_at", "pk")


def per_trainee(cohort: Cohort) -> list[dict]:
    """Each trainee with their attempts, oldest first: their scores over time."""
    attempts = list(cohort_attempts(cohort))
    return [{"trainee": person, "attempts": [a for a in attempts if a.trainee_id == person.pk]}
            for person in cohort.trainees.order_by("username")]


def missed_signals(attempts) -> dict:
    """In attempts that went wrong, how often each fact was not looked at, most missed first."""
    wrong = [a for a in attempts if went_wrong(a)]
    counts = {key: sum(key not in a.looked_at for a in wrong) for key in ORDER}
    rows = [{"key": key, "title": TITLES[key], "missed": counts[key]}
            for key in sorted(ORDER, key=lambda k: (-counts[k], ORDER.index(k)))]
    return {"wrong": len(wrong), "rows": rows}


CSV_HEADER = ["trainee", "exercise", "when", "choice", "checked", "not_checked", "seconds",
              "outcome", "score", "went_wrong"]


def attempts_csv(attempts) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for a in attempts:
        writer.writerow([_cell(a.trainee.username), _cell(title_of(a.exercise)),
                         a.created_at.isoformat(timespec="seconds"), a.choice,
                         " ".join(a.looked_at),
                         " ".join(k for k in ORDER if k not in a.looked_at),
                         "" if a.seconds is None else a.seconds, a.outcome, a.score,
                         "yes" if went_wrong(a) else "no"])
    return out.getvalue()


def _cell(text: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
