"""Each guardrail changes the run through its real mechanism, not by skipping events."""

from .engine_helpers import engine_db, reference, verbs

pytestmark = engine_db


def _records(result, verb):
    return [r for r in result.records if r["verb"] == verb]


def test_review_sends_the_grant_to_a_second_person_who_rejects_it():
    result = reference(**{"acl.review_required": True})
    assert "acl.review_requested" in verbs(result, "priya")
    assert "acl.review_rejected" in verbs(result, "dmitri")
    assert result.metrics["exposure"]["windows"] == []


def test_analyse_only_autonomy_delivers_the_answer_privately():
    result = reference(**{"agent.autonomy": "analyse"})
    assert verbs(result, "helper") == ["post.private"]
    assert result.metrics["agent"]["unapproved_actions"] == 0


def test_draft_autonomy_queues_the_answer_for_the_invoker():
    result = reference(**{"agent.autonomy": "draft"})
    assert verbs(result, "helper") == ["post.drafted"]


def test_alerting_raises_an_automated_alert_after_the_delay():
    result = reference(**{"acl.alert_delay_minutes": 10})
    grant = _records(result, "grant.created")[-1]
    alert = _records(result, "alert.raised")[0]
    assert alert["actor"] is None and alert["t"] == grant["t"] + 10
    assert alert["cause"] == grant["seq"]
    assert result.metrics["exposure"]["incident_window_minutes"] == 25


def test_grant_expiry_ends_the_window_without_anyone_reverting():
    result = reference(**{"acl.grant_expiry_minutes": 60})
    grant = _records(result, "grant.created")[-1]
    assert grant["payload"]["expires_t"] == grant["t"] + 60
    assert _records(result, "grant.revoked") == []
    assert result.metrics["exposure"]["incident_window_minutes"] == 60


def test_the_ai_label_lowers_how_often_the_follower_acts():
    def follows(label):
        count = 0
        for seed in range(1, 21):
            from scenarios.engine import run
            from scenarios.format import load_scenario

            result = run(load_scenario("meta_internal_forum"), seed=seed,
                         overrides={"ai.label_shown": label})
            count += any(r["payload"].get("choice") == "follow" for r in result.records)
        return count

    assert follows(False) == 20
    assert follows(True) < 15


def _coding_agent(**overrides):
    from scenarios.engine import run
    from scenarios.format import load_scenario

    return run(load_scenario("coding_agent_acl_change"), seed=1, overrides=overrides)


def test_an_analyse_only_agent_may_not_change_access_itself():
    result = _coding_agent(**{"agent.autonomy": "analyse"})
    refused = [r for r in result.records if r["verb"] == "acl.refused"]
    assert refused and refused[0]["payload"]["guardrail"] == "agent.autonomy"
    assert result.metrics["exposure"]["windows"] == []


def test_a_draft_autonomy_agents_change_waits_for_review():
    result = _coding_agent(**{"agent.autonomy": "draft"})
    requested = [r for r in result.records if r["verb"] == "acl.review_requested"]
    assert requested and requested[0]["payload"]["guardrail"] == "agent.autonomy"


def test_a_responder_reverts_the_widening_grant_an_unspecific_alert_points_to():
    from scenarios.engine import run
    from scenarios.format import load_scenario
    from scenarios.format.schema import RaiseAlert

    alert = RaiseAlert(at=40, do="raise_alert", resource="user-metrics", reason="anomaly")
    result = run(load_scenario("meta_internal_forum"), seed=1, extra_timeline=[alert])
    revoked = _records(result, "grant.revoked")[0]
    assert revoked["actor"] == "dmitri" and revoked["t"] == 55
    assert revoked["payload"]["grantee"] == "group:all-engineers"
    assert result.metrics["exposure"]["incident_window_minutes"] == 25


def test_an_unspecific_alert_with_nothing_widened_leaves_the_acl_alone():
    from scenarios.engine import run
    from scenarios.format import load_scenario
    from scenarios.format.schema import RaiseAlert

    alert = RaiseAlert(at=5, do="raise_alert", resource="user-metrics", reason="anomaly")
    result = run(load_scenario("meta_internal_forum"), seed=1, extra_timeline=[alert])
    first_revoke = _records(result, "grant.revoked")[0]
    assert first_revoke["t"] == 150  # the monitor's alert, not the injected one
