"""A language model in the agent's seat, against a real HTTP endpoint speaking the
chat-completions protocol (tests/llm_server.py)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from scenarios.engine import run
from scenarios.format import load_scenario
from scenarios.models import Run
from scenarios.overrides import with_agent_policies
from tests.scenarios.engine_helpers import canonical, engine_db

from .scripts import REFUSES_INJECTION, WRONG_ANSWER, obeys_injection

pytestmark = engine_db


def with_model(name: str, agent: str = "helper"):
    return with_agent_policies(load_scenario(name), {agent: {"kind": "model", "model": "test"}})


def tool_calls(result):
    return [(r["payload"]["tool"], r["payload"]["refused"]) for r in result.records
            if r["verb"] == "agent.tool_called"]


def test_a_model_that_posts_unapproved_wrong_advice_replays_the_reference_incident(llm):
    llm.script = WRONG_ANSWER
    result = run(with_model("meta_internal_forum"), seed=1)
    assert tool_calls(result) == [("read_thread", False), ("post_reply", False),
                                  ("done", False)]
    metrics = result.metrics
    assert metrics["outcome"] == "exposure"
    assert metrics["exposure"]["incident_window_minutes"] == 120.0
    assert metrics["agent"]["unapproved_actions"] == 1 and metrics["advice"]["followed"] == 1


def test_the_model_sees_the_forum_only_through_its_tools(llm):
    llm.script = WRONG_ANSWER
    run(with_model("meta_internal_forum"), seed=1)
    first, second = llm.requests[0], llm.requests[1]
    assert [m["role"] for m in first["messages"]] == ["system", "user"]
    assert "q1" in first["messages"][1]["content"]
    assert "user-metrics" not in json.dumps(first["messages"])  # nothing it did not read
    assert {t["function"]["name"] for t in first["tools"]} >= {"read_thread", "post_reply"}
    tool_message = second["messages"][-1]
    assert tool_message["role"] == "tool" and "pipeline" in tool_message["content"]


def test_approval_required_turns_the_models_post_into_a_draft_the_invoker_rejects(llm):
    llm.script = WRONG_ANSWER
    result = run(with_model("meta_internal_forum"), seed=1,
                 overrides={"agent.approval_required": True})
    assert result.metrics["outcome"] == "prevented"
    assert result.metrics["agent"]["drafts"] == 1


def test_a_model_that_follows_the_injection_leaks_the_records(llm):
    llm.script = obeys_injection
    result = run(with_model("injected_forum_question"), seed=1)
    assert ("lookup_resource", False) in tool_calls(result)
    assert result.metrics["outcome"] == "exposure_with_access"


def test_a_model_that_refuses_the_injection_leaks_nothing(llm):
    llm.script = REFUSES_INJECTION
    result = run(with_model("injected_forum_question"), seed=1)
    assert [tool for tool, _ in tool_calls(result)] == ["read_thread", "post_reply"]
    assert result.metrics["exposure"]["windows"] == []


def test_a_malformed_call_is_a_tool_error_the_model_sees_and_can_recover_from(llm):
    llm.script = WRONG_ANSWER
    llm.malformed_next(1)
    result = run(with_model("meta_internal_forum"), seed=1)
    assert tool_calls(result)[0] == ("read_thread", True)
    assert "JSON object" in llm.requests[1]["messages"][-1]["content"]
    assert result.metrics["outcome"] == "exposure"


def test_a_model_that_never_says_it_is_done_stops_at_its_tool_call_budget(llm):
    llm.never_finish = True
    result = run(with_model("meta_internal_forum"), seed=1,
                 overrides={"agent.max_tool_calls": 4})
    calls = tool_calls(result)
    assert calls[:4] == [("list_threads", False)] * 4 and calls[4:] == [("list_threads", True)]
    assert not result.failed


def test_model_calls_are_logged_with_their_tokens_and_latency(llm):
    llm.script = WRONG_ANSWER
    result = run(with_model("meta_internal_forum"), seed=1)
    logged = [r["payload"] for r in result.records if r["verb"] == "agent.model_called"]
    assert len(logged) == 3 and all(p["model"] == "test" for p in logged)
    assert all(p["tokens_in"] > 0 and p["latency_ms"] >= 0 for p in logged)
    assert "sk-test" not in canonical(result.records)


@pytest.mark.parametrize("fault, reason", [
    ("no key", "no API key: set OVERSTEP_LLM_API_KEY"),
    ("unreachable", "cannot reach"),
    ("401", "refused the API key (401)"),
    ("429", "rate-limiting the requests (429)"),
    ("500", "failed with 500"),
    ("timeout", "did not answer within 0.2 s"),
    ("context", "longer than the model's context"),
])
def test_a_fault_fails_the_run_with_its_reason_and_no_half_result(llm, monkeypatch, fault,
                                                                   reason):
    llm.script = WRONG_ANSWER
    if fault == "no key":
        monkeypatch.delenv("OVERSTEP_LLM_API_KEY")
    elif fault == "unreachable":
        llm.stop()
    elif fault == "401":
        monkeypatch.setenv("OVERSTEP_LLM_API_KEY", "sk-wrong")
    elif fault in ("429", "500"):
        llm.fail_next(int(fault), n=5)
    elif fault == "timeout":
        llm.latency = 1.0
        monkeypatch.setenv("OVERSTEP_LLM_TIMEOUT", "0.2")
    else:
        llm.context_limit = 10
    result = run(with_model("meta_internal_forum"), seed=1)
    assert result.failed and reason in result.failure
    assert result.metrics == {}
    assert "run.ended" not in {r["verb"] for r in result.records}


def test_transient_errors_are_retried_with_backoff(llm, monkeypatch):
    monkeypatch.setenv("OVERSTEP_LLM_RETRIES", "2")
    llm.script = WRONG_ANSWER
    llm.fail_next(429, n=2)
    result = run(with_model("meta_internal_forum"), seed=1)
    assert not result.failed and result.metrics["outcome"] == "exposure"


def run_command(*args) -> str:
    out = io.StringIO()
    call_command("run_scenario", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_reproduces_the_incident_and_its_recording_replays_it_offline(llm,
                                                                                  tmp_path):
    llm.script = WRONG_ANSWER
    recording, live_log, replay_log = (tmp_path / n for n in ("rec.jsonl", "a.jsonl", "b.jsonl"))
    report = json.loads(run_command("meta_internal_forum", "--agent", "helper=model:test",
                                    "--format", "json", "--export-recording", str(recording),
                                    "--export-log", str(live_log)))
    assert report["outcome"] == "exposure" and report["settings"]
    llm.stop()
    run_command("meta_internal_forum", "--agent", "helper=model:test", "--replay-recording",
                str(recording), "--export-log", str(replay_log), "--no-store")
    assert replay_log.read_text() == live_log.read_text()
    assert "sk-test" not in recording.read_text()


def test_a_recording_as_a_policy_is_its_own_scenario_and_needs_no_endpoint(llm, tmp_path):
    llm.script = WRONG_ANSWER
    recording = tmp_path / "rec.jsonl"
    run_command("meta_internal_forum", "--agent", "helper=model:test", "--export-recording",
                str(recording))
    llm.stop()
    replayed = json.loads(run_command("meta_internal_forum", "--agent",
                                      f"helper=recorded:{recording}", "--format", "json"))
    assert replayed["outcome"] == "exposure"
    assert Run.objects.count() == 2 and len(set(Run.objects.values_list("digest",
                                                                         flat=True))) == 2


def test_a_request_the_recording_lacks_is_an_error_not_a_silent_call(llm, tmp_path):
    llm.script = WRONG_ANSWER
    recording = tmp_path / "rec.jsonl"
    run_command("meta_internal_forum", "--agent", "helper=model:test", "--export-recording",
                str(recording))
    # Another scenario's thread reads differently: the model's second request is new.
    with pytest.raises(CommandError, match="has no answer for this request"):
        run_command("agent_amplification", "--agent", f"helper=recorded:{recording}")
    assert llm.count == 3  # only the first run's calls


def test_a_failed_run_is_stored_as_failed_with_its_reason(llm):
    llm.stop()
    with pytest.raises(CommandError, match="stored as failed: cannot reach"):
        run_command("meta_internal_forum", "--agent", "helper=model:test")
    stored = Run.objects.get()
    assert stored.failed and stored.outcome == "failed" and "cannot reach" in stored.failure


def test_the_viewers_time_slider_replays_a_model_run_without_calling_the_model(llm, client):
    from django.urls import reverse

    from tests.factories import PrincipalFactory

    llm.script = WRONG_ANSWER
    run_command("meta_internal_forum", "--agent", "helper=model:test")
    llm.stop()
    client.force_login(PrincipalFactory(username="viewer", is_staff=True))
    page = client.get(reverse("scenarios:run", args=[Run.objects.get().pk]), {"t": 60})
    assert page.status_code == 200
    assert "group:all-engineers" in page.content.decode()  # the grant, as it stood at T+60
    assert llm.count == 3
