"""Factors read from the scenario, and a design point's outputs from its runs."""

import pytest

from scenarios.format import load_scenario
from scenarios.sensitivity.factors import parse_factors
from scenarios.sensitivity.measures import contain_minutes, point_outputs


@pytest.fixture(scope="module")
def stochastic():
    return load_scenario("meta_internal_forum_stochastic")


def test_a_count_is_a_whole_number_factor_and_a_probability_is_not(stochastic):
    count, rate = parse_factors(stochastic, ["org.crowds.0.count=1:2",
                                             "actors.engineers.curiosity=0:0.1"])
    assert count.whole and count.value(1.6) == 2 and isinstance(count.value(1.2), int)
    assert not rate.whole and rate.value(0.04) == 0.04


def test_a_duration_range_may_be_written_as_durations(stochastic):
    factor, = parse_factors(stochastic, ["actors.sam.detect.median=30m:4h"])
    assert (factor.low, factor.high) == (30.0, 240.0)


def test_a_guardrail_factor_cuts_the_unit_interval_into_equal_parts(stochastic):
    factor, = parse_factors(stochastic, ["guardrail:acl.grant_expiry_minutes=off,60,240"])
    assert [factor.value(x) for x in (0, 0.3, 0.34, 0.66, 0.67, 1)] == [
        None, None, 60, 60, 240, 240]


def exposed(contain, first=62.0, outcome="exposure"):
    return {"point": "0", "outcome": outcome, "detection.time_to_contain_minutes": contain,
            "detection.first_exposure_t": first, "run_minutes": "480.0",
            "exposure.person_minutes": "100"}


def test_a_run_never_contained_counts_until_the_end_of_the_run():
    assert contain_minutes(exposed("")) == 418.0
    assert contain_minutes(exposed("40.5")) == 40.5
    assert contain_minutes(exposed("", outcome="prevented")) == 0.0


def test_a_points_outputs_are_over_its_finished_seeds():
    rows = [exposed("40"), {**exposed("", outcome="prevented"), "exposure.person_minutes": "0"},
            {"point": "0", "outcome": "failed"}, exposed("20", outcome="exposure_with_access")]
    assert point_outputs(rows) == {0: {"p_exposure": 2 / 3, "person_minutes": 200 / 3,
                                       "time_to_contain_minutes": 20.0, "runs": 3}}
