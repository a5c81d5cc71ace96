import pytest

from scenarios.analysis import stats


@pytest.mark.parametrize("k, n, low, high", [
    (0, 10, 0.0, 0.2775),
    (5, 10, 0.2366, 0.7634),
    (10, 10, 0.7225, 1.0),
    (1, 20, 0.0089, 0.2361),
])
def test_wilson_interval_matches_textbook_values(k, n, low, high):
    got = stats.wilson_interval(k, n)
    assert got == pytest.approx((low, high), abs=1e-4)


def test_wilson_interval_of_no_runs_is_undefined():
    assert stats.wilson_interval(0, 0) == (None, None)


def test_wilson_interval_rejects_impossible_counts():
    with pytest.raises(ValueError):
        stats.wilson_interval(11, 10)


def test_bootstrap_is_reproducible_with_a_seed():
    values = [3.1, 1.4, 4.1, 1.5, 5.9, 9.2, 2.6, 6.5, 5.3, 3.5, 8.9]
    first = stats.bootstrap_interval(values, "mean", seed=42)
    assert first == stats.bootstrap_interval(values, "mean", seed=42)
    assert first["ci"] != stats.bootstrap_interval(values, "mean", seed=43)["ci"]


def test_bootstrap_of_a_constant_sample_is_that_constant():
    for statistic in ("mean", "median", "p95"):
        result = stats.bootstrap_interval([7.5] * 12, statistic)
        assert result == {"estimate": 7.5, "ci": [7.5, 7.5]}


def test_bootstrap_interval_contains_the_estimate_and_is_narrower_with_more_data():
    small = stats.bootstrap_interval([1, 2, 3, 4, 5, 6, 7, 8], "mean", seed=1)
    large = stats.bootstrap_interval(list(range(1, 9)) * 10, "mean", seed=1)
    assert small["ci"][0] <= small["estimate"] <= small["ci"][1]
    assert large["ci"][1] - large["ci"][0] < small["ci"][1] - small["ci"][0]


def test_describe_handles_no_values():
    summary = stats.describe([])
    assert summary["n"] == 0 and summary["mean"] is None and summary["p95_ci"] is None


def test_paired_mean_difference_uses_only_shared_seeds_in_seed_order():
    baseline = {1: 10.0, 2: 20.0, 3: 30.0, 4: None}
    other = {1: 4.0, 2: 14.0, 3: 24.0, 4: 1.0, 5: 0.0}
    result = stats.paired_mean_difference(baseline, other)
    assert result == {"pairs": 3, "difference": -6.0, "ci": [-6.0, -6.0]}


def test_paired_mean_difference_interval_brackets_a_noisy_difference():
    baseline = {s: 100.0 for s in range(1, 11)}
    other = {s: 100.0 - d for s, d in zip(range(1, 11), [5, 7, 3, 9, 6, 4, 8, 5, 6, 7])}
    result = stats.paired_mean_difference(baseline, other)
    assert result["difference"] == -6.0
    assert result["ci"][0] < -6.0 < result["ci"][1] < 0


def test_paired_proportion_difference_counts_discordant_pairs():
    baseline = {1: True, 2: True, 3: True, 4: False}
    other = {1: False, 2: True, 3: False, 4: False}
    result = stats.paired_proportion_difference(baseline, other)
    assert result["pairs"] == 4
    assert result["difference"] == -0.5
    assert result["table"] == {"both": 1, "only_other": 0, "only_baseline": 2, "neither": 1}
    assert result["ci"][0] < -0.5 < result["ci"][1]


def test_paired_proportion_difference_keeps_width_when_every_pair_flips():
    # All 20 exposed at baseline, none with the control. A bootstrap would say [-1, -1];
    # Newcombe's interval: upper = -1 + sqrt((1 - l)^2 + u^2) with (l, u) the Wilson
    # bounds of 20/20 and 0/20, i.e. -1 + sqrt(2) * 0.1611 = -0.7722.
    result = stats.paired_proportion_difference({s: True for s in range(20)},
                                                {s: False for s in range(20)})
    assert result["difference"] == -1.0
    assert result["ci"] == pytest.approx([-1.0, -0.7722], abs=1e-4)


def test_paired_proportion_difference_without_shared_seeds_is_undefined():
    result = stats.paired_proportion_difference({1: True}, {2: False})
    assert result["pairs"] == 0 and result["difference"] is None and result["ci"] is None
