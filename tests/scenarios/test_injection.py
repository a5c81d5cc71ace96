"""Prompt injection through a post, a reader agent that obeys it, and what stops it."""

from scenarios.engine import run
from scenarios.format import load_scenario
from scenarios.overrides import with_agent_policies

from .engine_helpers import engine_db, verbs

pytestmark = engine_db


def injected(**overrides):
    return run(load_scenario("injected_forum_question"), seed=1, overrides=overrides)


def leak_posts(result):
    return [r for r in result.records if r["verb"] == "post.published"
            and (r["payload"] or {}).get("quotes")]


def tool_calls(result, tool):
    return [r for r in result.records
            if r["verb"] == "agent.tool_called" and r["payload"]["tool"] == tool]


def test_a_reader_agent_obeys_the_planted_instruction_and_copies_records():
    result = injected()
    [leak] = leak_posts(result)
    assert leak["actor"] == "helper" and leak["payload"]["quotes"] == {"user-metrics": 5}
    [lookup] = tool_calls(result, "lookup_resource")
    assert lookup["payload"]["records"] == 5 and lookup["on_behalf_of"] == "ravi"
    assert result.metrics["outcome"] == "exposure_with_access"


def test_acting_with_the_invokers_rights_stops_the_copy():
    result = injected(**{"agent.acts_as": "invoker"})
    [lookup] = tool_calls(result, "lookup_resource")
    assert lookup["payload"]["refused"] is True and "agent.acts_as" in lookup["payload"]["reason"]
    assert leak_posts(result) == [] and "resource.read" not in verbs(result, "helper")
    assert result.metrics["exposure"]["windows"] == []


def test_the_egress_check_refuses_the_leaking_post():
    result = injected(**{"content.egress_check": "refuse"})
    assert leak_posts(result) == []
    [reply] = tool_calls(result, "post_reply")
    assert reply["payload"]["refused"] is True
    assert result.metrics["exposure"]["windows"] == []


def test_a_scripted_agent_does_not_read_instructions_at_all():
    loaded = with_agent_policies(load_scenario("injected_forum_question"),
                                 {"helper": "scripted"})
    result = run(loaded, seed=1)
    assert leak_posts(result) == [] and tool_calls(result, "lookup_resource") == []


def test_an_agent_grants_access_through_its_own_tool_when_told_to():
    result = run(load_scenario("injected_access_request"), seed=1)
    [change] = tool_calls(result, "request_acl_change")
    assert change["payload"]["outcome"] == "granted"
    assert result.metrics["advice"]["followed"] == 0
    assert result.metrics["outcome"] == "exposure"


def test_the_invokers_rights_stop_the_grant_too():
    result = run(load_scenario("injected_access_request"), seed=1,
                 overrides={"agent.acts_as": "invoker"})
    [change] = tool_calls(result, "request_acl_change")
    assert change["payload"]["refused"] is True
    assert result.metrics["exposure"]["windows"] == []


def test_hiding_the_leak_post_closes_every_window_it_opened():
    result = injected()
    windows = result.metrics["exposure"]["windows"]
    hidden = [r for r in result.records if r["verb"] == "post.hidden"]
    assert len(hidden) == 1 and hidden[0]["actor"] == "dmitri"
    assert {w["closed_by"] for w in windows} == {hidden[0]["seq"]}
    assert not any(w["open_at_end"] for w in windows)
    assert {w["start"] for w in windows} == {18.0}  # published at T+18, after 3 min thinking
    assert "casey" in {w["principal"] for w in windows}


def test_explain_names_the_controls_that_stop_the_injection():
    from scenarios.analysis.explain import explain_incident

    report = explain_incident(load_scenario("injected_forum_question"), seed=1)
    assert {"agent.acts_as=invoker", "content.egress_check=refuse",
            "content.egress_check=review", "agent.approval_required=true"} <= set(
        report["preventing"])
    assert "acl.policy_check=true" not in report["preventing"]
