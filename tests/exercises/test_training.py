import pytest
from django.urls import reverse

from exercises import training
from exercises.models import TrainingAttempt

from .conftest import client_for, engine_db


def _play(trainee, slug, choice):
    return client_for(trainee).post(reverse("exercises:exercise", args=[slug]), {"choice": choice})


@engine_db
@pytest.mark.parametrize("slug", sorted(training.EXERCISES))
def test_every_exercise_shows_the_trainee_an_answer_with_advice(player, slug):
    response = client_for(player).get(reverse("exercises:exercise", args=[slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Advice:" in page
    assert page.count('name="choice"') == 3


@engine_db
def test_the_label_variant_decides_the_ai_badge(player):
    unlabelled = client_for(player).get(reverse("exercises:exercise", args=["answer-unlabelled"]))
    labelled = client_for(player).get(reverse("exercises:exercise", args=["answer-labelled"]))
    assert 'class="badge-ai"' not in unlabelled.content.decode()
    assert 'class="badge-ai"' in labelled.content.decode()


@engine_db
def test_following_unsafe_advice_scores_low_and_is_debriefed(player):
    response = _play(player, "answer-unlabelled", "follow")
    attempt = TrainingAttempt.objects.get()
    assert response["Location"] == reverse("exercises:debrief", args=[attempt.pk])
    assert (attempt.choice, attempt.outcome, attempt.score) == ("follow", "exposure", 15)
    page = client_for(player).get(response["Location"]).content.decode()
    for signal in ("AI provenance", "Author and approval", "Who benefits from the grant",
                   "The resource&#x27;s classification", "The intended audience"):
        assert signal in page
    assert "Forum Helper is an AI agent" in page
    assert "near miss" in page  # what checking or leaving it would have led to


@engine_db
def test_checking_first_scores_best(player):
    _play(player, "answer-unlabelled", "verify")
    attempt = TrainingAttempt.objects.get()
    assert (attempt.outcome, attempt.score) == ("near_miss", 100)
    assert set(attempt.details["results"]) == {"follow", "verify", "ignore"}


@engine_db
def test_when_others_act_anyway_the_score_still_judges_your_own_act(player):
    _play(player, "digest", "follow")
    _play(player, "digest", "verify")
    follow, verify = TrainingAttempt.objects.order_by("pk")
    assert follow.outcome == verify.outcome == "exposure"
    assert follow.score < verify.score == 100


@engine_db
def test_progress_is_listed_per_trainee(player, outsider):
    _play(player, "answer-unlabelled", "follow")
    _play(player, "answer-unlabelled", "verify")
    _play(outsider, "answer-labelled", "ignore")
    page = client_for(player).get(reverse("exercises:training")).content.decode()
    assert "2 attempts, average score <strong>58</strong>" in page
    assert "Best score 100 · 2 attempts" in page
    assert "answer-labelled</a>" not in page


@engine_db
def test_a_debrief_is_the_trainees_own(player, outsider):
    _play(player, "answer-unlabelled", "ignore")
    attempt = TrainingAttempt.objects.get()
    url = reverse("exercises:debrief", args=[attempt.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(player).get(url).status_code == 200


@engine_db
def test_it_refuses_a_choice_that_is_not_offered(player):
    assert _play(player, "answer-unlabelled", "escalate").status_code == 400
    assert not TrainingAttempt.objects.exists()


def test_it_handles_an_unknown_exercise(player):
    assert client_for(player).get(reverse("exercises:exercise", args=["nope"])).status_code == 404
    assert client_for(player).get(reverse("exercises:debrief", args=[999])).status_code == 404
