"""The trainer's view: cohorts, each trainee's attempts, the signals missed, the CSV."""

import csv
import io

import pytest
from django.urls import reverse

from exercises.models import Cohort, TrainingAttempt
from tests.factories import PrincipalFactory

from .conftest import client_for, engine_db
from .test_training import _check, _play


@pytest.fixture
def trainer(db):
    return PrincipalFactory(username="tess", role="trainer")


@pytest.fixture
def other_trainer(db):
    return PrincipalFactory(username="theo", role="facilitator")


def _cohort(trainer, name="Tuesday cohort", trainees=()):
    client_for(trainer).post(reverse("exercises:cohorts"), {"name": name})
    cohort = Cohort.objects.latest("pk")
    for person in trainees:
        client_for(trainer).post(reverse("exercises:add_trainee", args=[cohort.pk]),
                                 {"username": person.username})
    return cohort


def test_a_trainer_creates_a_cohort_and_adds_trainees(trainer, player):
    cohort = _cohort(trainer, trainees=[player])
    assert (cohort.trainer, list(cohort.trainees.all())) == (trainer, [player])
    page = client_for(trainer).get(reverse("exercises:cohort", args=[cohort.pk]))
    assert page.status_code == 200 and "pat" in page.content.decode()


def test_it_refuses_an_unknown_or_agent_trainee_and_an_empty_name(trainer):
    PrincipalFactory(username="helper-bot", kind="agent")
    cohort = _cohort(trainer)
    for name in ("nobody", "helper-bot", "x" * 500):
        response = client_for(trainer).post(
            reverse("exercises:add_trainee", args=[cohort.pk]), {"username": name})
        assert response.status_code == 400
    assert not cohort.trainees.exists()
    assert client_for(trainer).post(reverse("exercises:cohorts"), {"name": " "}).status_code == 400


def test_only_trainers_see_cohorts(player, facilitator):
    assert client_for(player).get(reverse("exercises:cohorts")).status_code == 403
    assert client_for(player).post(reverse("exercises:cohorts"), {"name": "x"}).status_code == 403
    assert client_for(facilitator).get(reverse("exercises:cohorts")).status_code == 200
    assert not Cohort.objects.exists()


def test_another_trainers_cohort_is_not_found(trainer, other_trainer, player):
    cohort = _cohort(trainer, trainees=[player])
    them = client_for(other_trainer)
    for url in (reverse("exercises:cohort", args=[cohort.pk]),
                reverse("exercises:cohort_csv", args=[cohort.pk])):
        assert them.get(url).status_code == 404
    response = them.post(reverse("exercises:add_trainee", args=[cohort.pk]),
                         {"username": "olly"})
    assert response.status_code == 404
    assert "Tuesday cohort" not in them.get(reverse("exercises:cohorts")).content.decode()


def test_bad_ids_and_anonymous(trainer, client):
    for name in ("cohort", "cohort_csv"):
        assert client_for(trainer).get(reverse(f"exercises:{name}", args=[999])).status_code == 404
    assert client_for(trainer).get(reverse("exercises:add_trainee", args=[999])).status_code == 405
    for url in (reverse("exercises:cohorts"), reverse("exercises:cohort", args=[1]),
                reverse("exercises:cohort_csv", args=[1])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@engine_db
def test_the_trainer_sees_attempts_scores_and_signals_missed(trainer, player, outsider):
    cohort = _cohort(trainer, trainees=[player])
    _play(player, "answer-unlabelled", "follow")
    token, _ = _check(player, "answer-unlabelled", looks=("author",))
    _play(player, "answer-unlabelled", "follow", token)
    token, _ = _check(player, "answer-unlabelled")
    _play(player, "answer-unlabelled", "ignore", token)
    _play(outsider, "answer-unlabelled", "follow")  # not in the cohort
    page = client_for(trainer).get(reverse("exercises:cohort", args=[cohort.pk])).content.decode()
    assert "Scores over time: <strong>10</strong> → <strong>18</strong> → <strong>100</strong>" in page
    assert "In the 2 attempts that went wrong" in page
    assert "<th scope=\"row\">Who wrote it</th><td>1 of 2</td>" in page
    assert "<th scope=\"row\">Whom the grant would reach</th><td>2 of 2</td>" in page
    assert "olly" not in page


@engine_db
def test_a_trainer_reads_a_trainees_debrief_but_not_anyone_elses(trainer, player, outsider):
    _cohort(trainer, trainees=[player])
    _play(player, "answer-unlabelled", "follow")
    _play(outsider, "answer-unlabelled", "follow")
    mine, theirs = TrainingAttempt.objects.order_by("pk")
    assert client_for(trainer).get(reverse("exercises:debrief", args=[mine.pk])).status_code == 200
    assert client_for(trainer).get(reverse("exercises:debrief", args=[theirs.pk])).status_code == 404
    assert client_for(player).get(reverse("exercises:debrief", args=[theirs.pk])).status_code == 404


@engine_db
def test_the_cohort_exports_as_csv(trainer, player):
    cohort = _cohort(trainer, trainees=[player])
    token, _ = _check(player, "answer-unlabelled", looks=("dataset",))
    _play(player, "answer-unlabelled", "ignore", token)
    response = client_for(trainer).get(reverse("exercises:cohort_csv", args=[cohort.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert (row["trainee"], row["choice"], row["checked"]) == ("pat", "ignore", "dataset")
    assert row["not_checked"] == "author approval reach"
    assert (row["outcome"], row["score"], row["went_wrong"]) == ("near_miss", "77", "no")


@engine_db
def test_a_csv_cell_never_starts_a_formula(trainer):
    trainee = PrincipalFactory(username="+sum")
    cohort = _cohort(trainer, trainees=[trainee])
    _play(trainee, "digest", "ignore")
    response = client_for(trainer).get(reverse("exercises:cohort_csv", args=[cohort.pk]))
    assert next(csv.DictReader(io.StringIO(response.content.decode())))["trainee"] == "'+sum"
