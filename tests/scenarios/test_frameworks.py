"""OWASP LLM06:2025 and MITRE ATLAS findings from hand-made logs: each finding where the
log shows it, with its evidence, and its absence where it does not."""

import pytest

from scenarios.metrics import compute_metrics
from scenarios.reports.frameworks import ABSENT, OCCURRED, STOPPED, findings

from .logs import LogBuilder, advice, content_org, injected_incident, reference_incident

pytestmark = pytest.mark.django_db  # the guardrail registry is filled when apps load


def found(log, decisions=()) -> dict:
    return {f.id: f for f in findings(compute_metrics(log.records), decisions)}


def test_an_unapproved_agent_post_is_excessive_autonomy_and_nothing_else():
    result = found(reference_incident())
    autonomy = result["LLM06:2025 excessive autonomy"]
    assert autonomy.status == OCCURRED
    assert autonomy.evidence == ["T+00:06 agent helper made post:t-1.2 visible (post.published) "
                                 "with no person's approval"]
    assert {m.key: m.on for m in autonomy.mitigations}["agent.approval_required"] is False
    for absent in ("LLM06:2025 excessive permissions", "LLM06:2025 excessive functionality",
                   "AML.T0051.001", "AML.T0053", "AML.T0057"):
        assert result[absent].status == ABSENT, absent
        assert result[absent].evidence == []


def test_an_approved_draft_is_not_excessive_autonomy():
    log = content_org()
    log.start(settings={"agent.approval_required": True})
    log.question("t-1", "alice", t=0)
    invoked = log.invoke("t-1", "bob", "helper", t=5)
    log.answer("post.drafted", "t-1.2", "helper", t=6, advice=advice(safe=False),
               on_behalf_of="bob", cause=invoked)
    log.approve("t-1.2", "bob", "helper", t=9, advice=advice(safe=False))
    log.end(60)
    decisions = [{"kind": "approve_draft", "choice": "approve", "role": "ravi",
                  "clock": "T+00:09"}]
    autonomy = found(log, decisions)["LLM06:2025 excessive autonomy"]
    assert autonomy.status == STOPPED
    assert "T+00:09 ravi approved the agent's draft: a person was asked, and said yes" \
        in autonomy.evidence
    assert {m.key: m.on for m in autonomy.mitigations}["agent.approval_required"] is True


def test_planted_instructions_an_agent_acts_on_map_to_atlas_and_to_permissions():
    result = found(injected_incident())
    injection = result["AML.T0051.001"]
    assert injection.name == "LLM Prompt Injection: Indirect"
    assert injection.status == OCCURRED
    assert injection.evidence == ["T+00:06 agent helper read instructions planted in t-1.1 "
                                  "and acted on them"]
    assert result["AML.T0053"].status == OCCURRED
    leakage = result["AML.T0057"]
    assert leakage.status == OCCURRED
    assert leakage.evidence[0].startswith("T+00:08 agent helper quoted records of user-metrics "
                                          "in eng, readable by")
    assert result["LLM06:2025 excessive permissions"].status == OCCURRED


def test_planted_instructions_nobody_reads_are_only_attempted():
    log = content_org()
    log.question("t-1", "alice", t=0, injection={"carrier": "quoted_log"})
    log.end(30)
    injection = found(log)["AML.T0051.001"]
    assert injection.status == STOPPED
    assert injection.evidence == ["T+00:00 alice planted instructions for agents in t-1.1; "
                                  "no agent read them"]


def test_a_leak_the_egress_check_refused_is_attempted_leakage():
    log = content_org()
    log.start(settings={"content.egress_check": "refuse"})
    log.question("t-1", "alice", t=0)
    invoked = log.invoke("t-1", "bob", "helper", t=5)
    log.refused_post("t-1", "helper", t=7, quotes={"user-metrics": 5}, invoker="bob",
                     cause=invoked)
    log.end(30)
    leakage = found(log)["AML.T0057"]
    assert leakage.status == STOPPED
    assert leakage.evidence == ["T+00:07 agent helper quoted records of user-metrics in eng, "
                                "but the post reached nobody"]
    assert [(m.key, m.on) for m in leakage.mitigations] == [("content.egress_check", True)]


def test_an_agent_changing_access_is_excessive_functionality():
    log = content_org()
    log.question("t-1", "alice", t=0)
    invoked = log.invoke("t-1", "bob", "helper", t=5)
    log.tool_call("helper", "read_thread", t=6, invoker="bob", cause=invoked,
                  arguments={"thread": "t-1"}, thread="t-1", posts=["t-1.1"])
    log.tool_call("helper", "request_acl_change", t=7, invoker="bob", cause=invoked,
                  arguments={"resource": "user-metrics"})
    log.grant("user-metrics", "group:all-engineers", t=7, actor="helper", contradicts=True,
              cause=invoked)
    log.end(30)
    result = found(log)
    functionality = result["LLM06:2025 excessive functionality"]
    assert functionality.status == OCCURRED
    assert functionality.evidence == ["the agent used request_acl_change 1 time(s) while asked "
                                      "to answer a question"]
    permissions = result["LLM06:2025 excessive permissions"]
    assert permissions.status == OCCURRED
    assert "helper" in permissions.evidence[0] and "user-metrics" in permissions.evidence[0]


def test_a_call_beyond_the_invokers_rights_refused_is_attempted_permissions():
    log = content_org()
    log.start(settings={"agent.acts_as": "invoker"})
    log.question("t-1", "alice", t=0)
    invoked = log.invoke("t-1", "alice", "helper", t=5)
    log.tool_call("helper", "lookup_resource", t=6, invoker="alice", cause=invoked,
                  refused=True, result="refused",
                  reason="lookup_resource: alice could not do this, and the agent acts with "
                         "its invoker's rights")
    log.end(30)
    result = found(log)
    permissions = result["LLM06:2025 excessive permissions"]
    assert permissions.status == STOPPED
    assert permissions.evidence[0].startswith("T+00:06 agent helper tried lookup_resource "
                                              "beyond its invoker's rights: refused")
    assert {m.key: m.on for m in permissions.mitigations}["agent.acts_as"] is True
    assert result["LLM06:2025 excessive functionality"].status == ABSENT


def test_a_run_without_agents_has_no_findings():
    log = LogBuilder()
    log.start()
    log.end(10)
    assert {f.status for f in found(log).values()} == {ABSENT}
