"""The decisions of the invoker whose agent posted unasked, the monitor who must notice,
the security on-call who escalates and the manager who is asked: scripted defaults keep
the reference incident as it was reported; other rates change the run as they should."""

import yaml

from scenarios.engine import run
from scenarios.format import parse_scenario
from scenarios.format.loader import LIBRARY
from scenarios.format.schema import InvokeAgent, RaiseAlert
from tests.scenarios.engine_helpers import engine_db

pytestmark = engine_db


def reference(name="meta_internal_forum", seed=1, extra=(), **actor_fields):
    """The library scenario with some actors' fields changed: {actor: {field: value}}."""
    data = yaml.safe_load((LIBRARY / f"{name}.yaml").read_text())
    for actor, fields in actor_fields.items():
        data["actors"][actor].update(fields)
    return run(parse_scenario(yaml.safe_dump(data), f"{name}.yaml"), seed=seed,
               extra_timeline=list(extra))


def decided(result) -> dict[str, list[tuple[str, str]]]:
    found = {}
    for record in result.records:
        if record["verb"] == "decision.made":
            actor = record["payload"]["decision"].split("#")[0]
            found.setdefault(actor, []).append((record["payload"]["point"],
                                                record["payload"]["choice"]))
    return found


def of(result, verb):
    return [r for r in result.records if r["verb"] == verb]


def test_with_default_guardrails_six_roles_decide_in_the_reference_incident():
    result = reference()
    assert decided(result) == {
        "ravi": [("agent_posted", "leave")], "priya": [("follow_advice", "follow")],
        "sam": [("triage_alert", "raise")], "lena": [("escalate", "escalate")],
        "dmitri-oncall": [("revert", "revert")], "mei": [("suspend_agent", "suspend")],
    }
    assert result.metrics["outcome"] == "exposure"
    assert result.metrics["exposure"]["incident_window_minutes"] == 120


def test_at_least_five_roles_decide_whenever_the_stochastic_variant_raises_an_alert():
    for seed in range(1, 6):
        result = reference("meta_internal_forum_stochastic", seed=seed)
        if of(result, "alert.raised"):
            assert len(decided(result)) >= 5, (seed, decided(result))


def test_the_escalation_and_suspension_trace_back_to_the_alert_and_the_agent():
    result = reference()
    alert, = of(result, "alert.raised")
    escalated, = of(result, "incident.escalated")
    suspended, = of(result, "agent.suspended")
    assert (escalated["actor"], escalated["target"], escalated["cause"]) == (
        "lena", "resource:user-metrics", alert["seq"])
    assert (suspended["actor"], suspended["target"], suspended["cause"]) == (
        "mei", "principal:helper", escalated["seq"])
    asked = next(r for r in of(result, "decision.made")
                 if r["payload"]["point"] == "suspend_agent")
    assert asked["target"] == "principal:helper"


def test_an_invoker_who_retracts_hides_the_post_before_the_follower_reads_it():
    result = reference(ravi={"retract_rate": 1.0})
    hidden, = of(result, "post.hidden")
    assert (hidden["actor"], hidden["target"], hidden["t"]) == ("ravi", "post:q1.2", 27.0)
    assert "priya" not in decided(result)
    assert result.metrics["advice"]["followed"] == 0
    assert result.metrics["exposure"]["windows"] == []


def test_a_monitor_who_dismisses_raises_no_alert_and_nobody_responds():
    result = reference(sam={"dismiss_rate": 1.0})
    assert decided(result)["sam"] == [("triage_alert", "dismiss")]
    assert of(result, "alert.raised") == [] and of(result, "grant.revoked") == []
    assert all(w["open_at_end"] for w in result.metrics["exposure"]["windows"])


def test_a_security_on_call_who_holds_leaves_the_manager_unasked():
    result = reference(lena={"escalate_rate": 0.0})
    assert decided(result)["lena"] == [("escalate", "hold")]
    assert "mei" not in decided(result)
    assert of(result, "incident.escalated") == [] and of(result, "agent.suspended") == []
    assert result.metrics["exposure"]["incident_window_minutes"] == 120  # dmitri reverts


def test_a_manager_who_keeps_the_agent_running_suspends_nothing():
    result = reference(mei={"suspend_rate": 0.0})
    assert decided(result)["mei"] == [("suspend_agent", "keep_running")]
    assert of(result, "agent.suspended") == []


def test_a_suspended_agent_invoked_again_is_refused():
    again = InvokeAgent(at=240, do="invoke_agent", actor="asha", agent="helper", thread="q1")
    result = reference(extra=[again])
    refused, = of(result, "agent.invoke_refused")
    assert refused["actor"] == "asha" and "suspended" in refused["payload"]["reason"]
    assert len(of(result, "post.published")) == 1


def test_an_injected_alert_with_no_agent_behind_it_asks_the_manager_nothing():
    alert = RaiseAlert(at=10, do="raise_alert", resource="user-metrics", reason="anomaly")
    result = reference(extra=[alert], sam={"dismiss_rate": 1.0})
    assert decided(result)["lena"] == [("escalate", "escalate")]
    assert "mei" not in decided(result)


def test_the_security_on_call_ignores_alerts_on_resources_it_does_not_cover():
    result = reference(lena={"watch": []})
    assert "lena" not in decided(result) and "mei" not in decided(result)
