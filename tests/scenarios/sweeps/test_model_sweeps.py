"""Sweeps with a language model in the agent's seat, against a real chat-completions server
on loopback (tests/llm_server.FakeLLM): many runs in flight at once, failed runs, and what
the models cost."""

import csv
import io
import json
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scenarios.models import Run, Sweep
from tests.llm.scripts import WRONG_ANSWER
from tests.llm_server import FakeLLM
from tests.scenarios.engine_helpers import engine_db

pytestmark = engine_db

KEY = "sk-test"
# The people are drawn at random per seed (common random numbers); the model is scripted.
SWEEP = ["meta_internal_forum_stochastic", "--agent", "helper=model:test",
         "--grid", "agent.approval_required=false,true", "--seeds", "6", "--workers", "1"]
RUNS, CALLS = 12, 36  # 2 settings x 6 seeds; read_thread, post_reply, done


def serve(monkeypatch) -> FakeLLM:
    """A started server the model policy finds through the environment; the caller stops
    it. Each answer waits 50 ms, as a (fast) hosted model would."""
    server = FakeLLM(WRONG_ANSWER, expected_key=KEY, latency=0.05).start()
    monkeypatch.setenv("OVERSTEP_LLM_BASE_URL", server.url)
    monkeypatch.setenv("OVERSTEP_LLM_API_KEY", KEY)
    monkeypatch.setenv("OVERSTEP_LLM_RETRIES", "0")
    return server


@pytest.fixture
def llm(monkeypatch):
    server = serve(monkeypatch)
    yield server
    server.stop()


def track_in_flight(server: FakeLLM) -> dict:
    """Count the requests the server is answering at once; {"max": ...} after the sweep."""
    seen, lock, answer = {"now": 0, "max": 0}, threading.Lock(), server.answer

    def answering(*args):
        with lock:
            seen["now"] += 1
            seen["max"] = max(seen["max"], seen["now"])
        try:
            return answer(*args)
        finally:
            with lock:
                seen["now"] -= 1
    server.answer = answering
    return seen


def sweep(out, *extra) -> tuple[str, str | None]:
    """(what the command printed, its error or None)."""
    stdout = io.StringIO()
    try:
        call_command("sweep", *SWEEP, "--out", str(out), *extra, stdout=stdout,
                     stderr=io.StringIO())
    except CommandError as error:
        return stdout.getvalue(), str(error)
    return stdout.getvalue(), None


def stored() -> dict:
    """{(settings_key, seed): (outcome, metrics)} without the latency, which is measured."""
    results = {}
    for run in Run.objects.all():
        metrics = json.loads(json.dumps(run.metrics))
        metrics.get("agent", {}).pop("model_latency_ms", None)
        results[run.settings_key, run.seed] = (run.outcome, metrics)
    return results


def csv_rows(out) -> list[dict]:
    with (out / "results.csv").open() as handle:
        return list(csv.DictReader(handle))


def test_runs_in_flight_at_once_give_the_results_of_one_at_a_time(tmp_path, llm):
    in_flight = track_in_flight(llm)
    _out, error = sweep(tmp_path / "one", "--concurrency", "1")
    assert error is None and in_flight["max"] == 1
    one_at_a_time = stored()
    Run.objects.all().delete()

    in_flight["max"], calls = 0, llm.count
    printed, error = sweep(tmp_path / "eight", "--concurrency", "8")
    assert error is None
    assert in_flight["max"] > 1
    assert llm.count - calls == CALLS  # every run ran once
    assert Run.objects.count() == RUNS
    assert stored() == one_at_a_time
    assert len({outcome for outcome, _ in one_at_a_time.values()}) > 1  # seeds differ
    assert "up to 8 runs in flight each" in printed
    assert f"{CALLS} model calls" in printed
    assert not [t for t in threading.enumerate() if t.name.startswith("sweep-run-")]


def test_an_unreachable_model_fails_the_runs_and_resume_completes_them(tmp_path, llm,
                                                                       monkeypatch):
    llm.stop()
    out = tmp_path / "out"
    printed, error = sweep(out, "--concurrency", "4")
    assert error.startswith(f"{RUNS} of {RUNS} runs failed")
    assert "--resume" in error
    assert f"{RUNS} runs failed" in printed and f"{RUNS} × cannot reach" in printed
    assert Run.objects.count() == RUNS
    assert all(run.failed and "cannot reach" in run.failure for run in Run.objects.all())
    rows = csv_rows(out)
    assert {r["outcome"] for r in rows} == {"failed"}
    assert all("cannot reach" in r["failure"] for r in rows)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["runs"] == 0 and summary["groups"] == []
    assert summary["failed"]["runs"] == RUNS
    assert "cannot reach" in summary["failed"]["reasons"][0]["reason"]
    assert f"{RUNS} runs failed" in (out / "report.html").read_text()

    server = serve(monkeypatch)
    try:
        printed, error = sweep(out, "--concurrency", "4")  # no --resume: listed, not retried
        assert error.startswith(f"{RUNS} of {RUNS} runs failed") and server.count == 0
        assert "failed in an earlier sweep and were not tried again" in printed
        printed, error = sweep(out, "--concurrency", "4", "--resume")
        assert error is None, error
        assert server.count == CALLS
    finally:
        server.stop()
    assert f"(resumed): {RUNS} runs, {RUNS} run now" in printed
    assert Run.objects.count() == RUNS and not Run.objects.filter(status="failed").exists()
    assert {r["failure"] for r in csv_rows(out)} == {""}
    summary = json.loads((out / "summary.json").read_text())
    assert summary["runs"] == RUNS and summary["failed"]["runs"] == 0
    assert Sweep.objects.count() == 2


def test_the_models_cost_is_summed_per_setting_and_overall(tmp_path, llm):
    out = tmp_path / "out"
    _printed, error = sweep(out, "--concurrency", "4")
    assert error is None
    summary = json.loads((out / "summary.json").read_text())
    usage = summary["model_usage"]
    assert usage["model_calls"] == CALLS and usage["tokens_in"] > 0 < usage["tokens_out"]
    assert usage["model_latency_ms"] >= CALLS * 50
    per_setting = [g["model_usage"] for g in summary["groups"]]
    assert [u["model_calls"] for u in per_setting] == [CALLS // 2, CALLS // 2]
    assert sum(u["tokens_in"] for u in per_setting) == usage["tokens_in"]
    html = (out / "report.html").read_text()
    assert "Model usage" in html and f"<td>all runs</td><td>{CALLS}</td>" in html


@pytest.mark.parametrize("value", ["0", "257", "-3"])
def test_concurrency_out_of_range_is_refused_before_anything_is_written(tmp_path, value):
    with pytest.raises(CommandError, match=f"--concurrency must be from 1 to 256 .*got {value}"):
        call_command("sweep", "meta_internal_forum", "--seeds", "1", "--concurrency", value,
                     "--out", str(tmp_path / "out"))
    assert not Sweep.objects.exists() and not (tmp_path / "out").exists()
