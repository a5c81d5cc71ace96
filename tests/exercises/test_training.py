import re

import pytest
from django.urls import reverse

from exercises import training
from exercises.models import TrainingAttempt

from .conftest import client_for, engine_db

CHECKS = ("author", "approval", "dataset", "reach")


def _token(page: str) -> str:
    return re.search(r'name="t" value="([^"]+)"', page).group(1)


def _open(trainee, slug):
    response = client_for(trainee).get(reverse("exercises:exercise", args=[slug]))
    return _token(response.content.decode())


def _play(trainee, slug, choice, token=None):
    token = token or _open(trainee, slug)
    return client_for(trainee).post(reverse("exercises:exercise", args=[slug]),
                                    {"choice": choice, "t": token})


def _check(trainee, slug, looks=CHECKS):
    """Choose "check it first", open each of `looks`; the last page's token and text."""
    response = _play(trainee, slug, "verify")
    url = response["Location"]
    for look in looks:
        page = client_for(trainee).get(url).content.decode()
        url = re.search(rf'href="([^"]+look={look})#', page).group(1).replace("&amp;", "&")
    page = client_for(trainee).get(url).content.decode()
    return _token(page), page


@engine_db
@pytest.mark.parametrize("slug", sorted(training.EXERCISES))
def test_every_exercise_asks_the_same_way_for_every_option(player, slug):
    response = client_for(player).get(reverse("exercises:exercise", args=[slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Advice:" in page
    buttons = re.findall(r'<button type="submit" name="choice" value="(\w+)" class="([^"]+)"',
                         page)
    assert [value for value, _ in buttons] == ["follow", "verify", "ignore"]
    assert {css for _, css in buttons} == {"option"}


@engine_db
def test_no_internal_names_on_the_training_pages(player):
    page = client_for(player).get(reverse("exercises:exercise",
                                          args=["answer-unlabelled"])).content.decode()
    for internal in ("follow_advice", "approve_draft", "You chose follow", ">follow<"):
        assert internal not in page
    assert "Carry out the advice" in page and "Leave it" in page


@engine_db
def test_the_label_variant_decides_the_ai_badge(player):
    unlabelled = client_for(player).get(reverse("exercises:exercise", args=["answer-unlabelled"]))
    labelled = client_for(player).get(reverse("exercises:exercise", args=["answer-labelled"]))
    assert 'class="badge-ai"' not in unlabelled.content.decode()
    assert 'class="badge-ai"' in labelled.content.decode()


@engine_db
def test_check_it_first_opens_each_fact_from_the_forum_then_asks_again(player):
    _, page = _check(player, "answer-unlabelled", looks=())
    assert "Forum Helper wrote it" not in page  # nothing is open until asked for
    token, page = _check(player, "answer-unlabelled")
    assert "Forum Helper wrote it: an AI agent" in page
    assert "acting on behalf of" in page
    assert "Nobody approved it before it was published." in page
    assert "is restricted" in page and "Need-to-know:" in page
    assert re.search(r"\d+ of them are outside the intended audience", page)
    assert re.findall(r'name="choice" value="(\w+)"', page) == ["follow", "ignore"]


@engine_db
def test_checking_is_recorded_in_the_attempt(player):
    token, _ = _check(player, "answer-unlabelled", looks=("reach", "author"))
    response = _play(player, "answer-unlabelled", "ignore", token)
    attempt = TrainingAttempt.objects.get()
    assert response["Location"] == reverse("exercises:debrief", args=[attempt.pk])
    assert attempt.looked_at == ["author", "reach"]
    assert attempt.seconds is not None and attempt.seconds < 60
    assert (attempt.outcome, attempt.score) == ("near_miss", 60 + 16 + 10)


@engine_db
def test_following_unsafe_advice_unchecked_scores_low_and_is_debriefed(player):
    response = _play(player, "answer-unlabelled", "follow")
    attempt = TrainingAttempt.objects.get()
    assert (attempt.choice, attempt.outcome, attempt.score) == ("follow", "exposure", 10)
    page = client_for(player).get(response["Location"]).content.decode()
    assert "You chose to carry out the advice without checking it first." in page
    assert "The change that opened the data was yours" in page
    assert "Near miss or prevented?" in page and "A near miss means" in page
    assert page.count("Not looked at") == 4
    assert "Forum Helper wrote it: an AI agent" in page


@engine_db
def test_checking_everything_then_leaving_it_scores_full(player):
    token, _ = _check(player, "answer-unlabelled")
    _play(player, "answer-unlabelled", "ignore", token)
    attempt = TrainingAttempt.objects.get()
    assert (attempt.outcome, attempt.score) == ("near_miss", 100)
    assert set(attempt.details["results"]) == {"follow", "ignore"}


@engine_db
def test_when_others_act_anyway_the_score_still_judges_your_own_act(player):
    _play(player, "digest", "follow")
    _play(player, "digest", "ignore")
    follow, leave = TrainingAttempt.objects.order_by("pk")
    assert follow.outcome == leave.outcome == "exposure"
    assert follow.score < leave.score


@engine_db
def test_progress_is_listed_per_trainee_in_plain_words(player, outsider):
    _play(player, "answer-unlabelled", "follow")
    _play(player, "answer-unlabelled", "ignore")
    _play(outsider, "answer-labelled", "ignore")
    page = client_for(player).get(reverse("exercises:training")).content.decode()
    assert "2 attempts, average score <strong>40</strong>" in page
    assert "Best score 70 · 2 attempts" in page
    assert "Carry out the advice</td>" in page
    assert "A quick fix, labelled AI</a></td>" not in page


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


@engine_db
def test_it_refuses_a_changed_or_someone_elses_token(player, outsider):
    token = _open(player, "answer-unlabelled")
    assert _play(player, "answer-unlabelled", "ignore", token[:-2] + "xx").status_code == 400
    assert _play(outsider, "answer-unlabelled", "ignore", token).status_code == 400
    assert _play(player, "answer-labelled", "ignore", token).status_code == 400
    check = reverse("exercises:check", args=["answer-unlabelled"])
    assert client_for(player).get(check + "?t=garbage").status_code == 400
    assert client_for(outsider).get(check + "?t=" + token).status_code == 400
    assert not TrainingAttempt.objects.exists()


def test_it_handles_an_unknown_exercise(player):
    assert client_for(player).get(reverse("exercises:exercise", args=["nope"])).status_code == 404
    assert client_for(player).get(reverse("exercises:check", args=["nope"])).status_code == 404
    assert client_for(player).get(reverse("exercises:debrief", args=[999])).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in (reverse("exercises:training"), reverse("exercises:debrief", args=[1]),
                reverse("exercises:exercise", args=["digest"]),
                reverse("exercises:check", args=["digest"])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
