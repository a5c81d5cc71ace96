from scenarios.analysis import summarise

from .rows import grid_rows, make_row

DEFAULTS = "agent.approval_required=false, acl.policy_check=false"
APPROVAL = "agent.approval_required=true, acl.policy_check=false"
CHECK = "agent.approval_required=false, acl.policy_check=true"


def test_it_labels_groups_by_the_varying_keys_in_first_seen_order():
    summary = summarise(grid_rows(), order=["agent.approval_required", "acl.policy_check"])
    assert summary["varying"] == ["agent.approval_required", "acl.policy_check"]
    assert [g["label"] for g in summary["groups"]] == [DEFAULTS, APPROVAL, CHECK]
    assert summary["fixed_settings"] == {"ai.label_shown": False}


def test_labels_list_keys_by_name_without_a_grid_order():
    summary = summarise(grid_rows())
    assert summary["groups"][0]["label"] == "acl.policy_check=false, agent.approval_required=false"


def test_it_counts_outcomes_and_exposure_probability():
    defaults, approval, check = summarise(grid_rows())["groups"]
    assert defaults["runs"] == 4 and defaults["seeds"] == [1, 2, 3, 4]
    assert defaults["outcomes"] == {"exposure_with_access": 1, "exposure": 2,
                                    "near_miss": 1, "prevented": 0}
    assert defaults["exposure"]["probability"]["k"] == 3
    assert defaults["exposure"]["probability"]["estimate"] == 0.75
    assert approval["exposure"]["probability"]["estimate"] == 0.25
    assert check["exposure"]["probability"]["estimate"] == 0.0
    low, high = check["exposure"]["probability"]["ci"]
    assert low == 0.0 and 0.45 < high < 0.5


def test_it_summarises_windows_over_exposed_runs_and_over_all_runs():
    defaults = summarise(grid_rows())["groups"][0]
    windows = defaults["exposure"]["incident_window_minutes"]
    assert windows["exposed_runs"]["n"] == 3 and windows["exposed_runs"]["mean"] == 120.0
    assert windows["all_runs"]["n"] == 4 and windows["all_runs"]["mean"] == 90.0
    assert defaults["exposure"]["unauthorized_reads"]["probability_any"]["k"] == 1
    assert defaults["detection"]["time_to_contain_minutes"]["n"] == 3


def test_it_summarises_the_cost_side():
    defaults, approval, _ = summarise(grid_rows())["groups"]
    assert approval["cost"]["answered"]["estimate"] == 0.0
    assert approval["cost"]["time_to_answer_minutes"]["n"] == 0
    assert approval["cost"]["approvals_requested"]["mean"] == 1.0
    assert defaults["cost"]["time_to_answer_minutes"]["median"] == 22.0


def test_it_compares_each_group_with_the_baseline_on_shared_seeds():
    summary = summarise(grid_rows())
    assert summary["baseline"] == "acl.policy_check=false, agent.approval_required=false"
    approval = summary["comparisons"][0]
    assert approval["pairs"] == 4
    assert approval["exposure_probability"]["difference"] == -0.5
    assert approval["exposure_probability"]["table"]["only_baseline"] == 2
    assert approval["person_minutes"]["difference"] == (600 - 3 * 3120) / 4
    assert approval["approvals_requested"]["difference"] == 1.0
    assert approval["time_to_answer_minutes"]["pairs"] == 0


def test_the_baseline_is_the_group_with_the_scenarios_defaults():
    rows = grid_rows()
    defaults = {"agent.approval_required": True, "acl.policy_check": False}
    summary = summarise(rows, defaults=defaults, order=["agent.approval_required"])
    assert summary["baseline"] == "agent.approval_required=true, acl.policy_check=false"
    assert [c["label"] for c in summary["comparisons"]] == [DEFAULTS, CHECK]
    assert summary["comparisons"][0]["exposure_probability"]["difference"] == 0.5


def test_a_sweep_with_one_setting_has_one_group_and_no_comparison():
    summary = summarise([make_row(1), make_row(2)])
    assert [g["label"] for g in summary["groups"]] == ["all runs"]
    assert summary["comparisons"] == []


def test_no_rows_give_an_empty_summary():
    summary = summarise([])
    assert summary["runs"] == 0 and summary["groups"] == [] and summary["baseline"] is None


def test_exposed_time_is_summarised_beside_the_span_and_runs_without_it_are_left_out():
    """A re-grant after a revert: the span is 448 min, the exposed time 327 min."""
    rows = [make_row(seed, window=448.0) for seed in (1, 2)] + [make_row(3, window=60.0)]
    for row in rows[:2]:
        row["metrics"]["exposure"]["exposed_minutes"] = 327.0
    exposure = summarise(rows)["groups"][0]["exposure"]
    assert exposure["incident_window_minutes"]["exposed_runs"]["mean"] == 318.6667
    assert exposure["exposed_minutes"]["exposed_runs"]["n"] == 2  # run 3 was stored before it
    assert exposure["exposed_minutes"]["exposed_runs"]["mean"] == 327.0
