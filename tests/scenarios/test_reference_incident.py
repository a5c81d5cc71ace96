"""The three expectations the reference incident must meet (issue: the engine)."""

from scenarios.expectations import check_expectations
from scenarios.format import load_scenario

from .engine_helpers import engine_db, reference, verbs

pytestmark = engine_db


def test_it_replays_the_reported_incident_with_default_settings():
    metrics = reference().metrics
    assert metrics["outcome"] == "exposure"
    windows = metrics["exposure"]["incident_windows"]
    assert [w["resource"] for w in windows] == ["user-metrics"]
    assert 110 <= metrics["exposure"]["incident_window_minutes"] <= 130
    assert metrics["exposure"]["unauthorized_reads"] == 0
    assert metrics["agent"]["unapproved_actions"] >= 1
    assert metrics["advice"]["followed"] >= 1


def test_it_meets_the_scenarios_own_expected_block():
    expected = load_scenario("meta_internal_forum").scenario.expected
    checks = check_expectations(expected, reference().metrics)
    assert checks and all(c.passed for c in checks), [str(c) for c in checks]


def test_approval_keeps_the_wrong_advice_off_the_forum():
    result = reference(**{"agent.approval_required": True})
    assert "post.drafted" in verbs(result, "helper")
    assert "post.published" not in verbs(result, "helper")
    assert "post.rejected" in verbs(result, "ravi")
    assert result.metrics["outcome"] == "prevented"
    assert result.metrics["exposure"]["windows"] == []


def test_the_policy_check_refuses_the_grant():
    result = reference(**{"acl.policy_check": True})
    assert "acl.refused" in verbs(result, "priya")
    assert "grant.created" not in verbs(result, "priya")
    assert result.metrics["exposure"]["windows"] == []
    assert result.metrics["outcome"] == "near_miss"
