"""The score is a pure function of the attempt: the same attempt, the same score."""

from types import SimpleNamespace

import pytest

from exercises.training_score import score, went_wrong


def _result(outcome, minutes=0, unsafe=False):
    return {"outcome": outcome, "person_minutes": minutes, "you_applied_unsafe": unsafe}


RESULTS = {"follow": _result("exposure", 500, unsafe=True), "ignore": _result("near_miss")}


def _attempt(choice, looked=(), seconds=30, results=RESULTS):
    return SimpleNamespace(choice=choice, looked_at=list(looked), seconds=seconds,
                           details={"results": results})


@pytest.mark.parametrize("attempt, expected", [
    (_attempt("follow"), 10),
    (_attempt("follow", ["author", "approval", "dataset", "reach"]), 40),
    (_attempt("ignore"), 70),
    (_attempt("ignore", ["author", "reach"]), 86),
    (_attempt("ignore", ["author", "approval", "dataset", "reach"]), 100),
    (_attempt("ignore", ["author", "author", "made-up"]), 78),
    (_attempt("ignore", seconds=None), 70),
    (_attempt("ignore", seconds=600), 65),
    (_attempt("ignore", seconds=10**6), 60),
])
def test_it_weighs_outcome_checks_and_time(attempt, expected):
    assert score(attempt) == expected
    assert score(attempt) == expected  # and nothing about it changed in between


def test_a_worse_outcome_than_the_best_choice_costs_per_step():
    results = {"follow": _result("exposure_with_access"), "ignore": _result("near_miss")}
    assert score(_attempt("follow", results=results)) == (60 - 2 * 20) + 10
    assert went_wrong(_attempt("follow", results=results))


def test_more_exposure_at_the_same_severity_costs_ten():
    results = {"follow": _result("exposure", 90), "ignore": _result("exposure", 30)}
    assert score(_attempt("follow", results=results)) == 50 + 10
    assert score(_attempt("ignore", results=results)) == 60 + 10
    assert not went_wrong(_attempt("ignore", results=results))


def test_carrying_out_safe_advice_is_not_wrong():
    results = {"follow": _result("prevented"), "ignore": _result("prevented")}
    assert score(_attempt("follow", results=results)) == 70
    assert not went_wrong(_attempt("follow", results=results))
