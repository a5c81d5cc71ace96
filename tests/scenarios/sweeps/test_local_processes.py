"""The `sweep` command as a user runs it: a subprocess, with worker processes, against a
database file."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests import servers
from tests.llm.scripts import WRONG_ANSWER
from tests.llm_server import FakeLLM
from tests.scenarios.sweeps.dbfile import count, sqlite_url, stored_runs

SWEEP = ["sweep", "meta_internal_forum", "--grid", "agent.approval_required=false,true"]


@pytest.fixture
def db_env(tmp_path):
    env = servers.django_env(sqlite_url(tmp_path / "sweeps.sqlite3"),
                             OVERSTEP_VAR_DIR=str(tmp_path / "var"))
    servers.migrate(env)
    return env


def test_two_processes_store_the_same_results_as_one(tmp_path, db_env):
    servers.manage(*SWEEP, "--seeds", "4", "--workers", "2", "--out", str(tmp_path / "a"),
                   env=db_env)
    two = stored_runs(db_env["OVERSTEP_DATABASE_URL"])
    other = servers.django_env(sqlite_url(tmp_path / "one.sqlite3"))
    servers.migrate(other)
    servers.manage(*SWEEP, "--seeds", "4", "--workers", "1", "--out", str(tmp_path / "b"),
                   env=other)
    one = stored_runs(other["OVERSTEP_DATABASE_URL"])
    assert len(two) == 8
    assert {k: v["metrics"] for k, v in two.items()} == {k: v["metrics"] for k, v in one.items()}
    assert (tmp_path / "a" / "results.csv").read_text().splitlines()[1:] != []


def test_resume_after_an_interrupted_sweep_runs_only_the_missing_runs(tmp_path, db_env):
    url = db_env["OVERSTEP_DATABASE_URL"]
    process = subprocess.Popen(
        [str(servers.PYTHON), "manage.py", *SWEEP, "--seeds", "60", "--workers", "2",
         "--out", str(tmp_path / "out")], env=db_env, cwd=servers.REPO,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    servers.wait_until(lambda: count(url, "scenarios_run") >= 10, 60, "the first runs")
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    assert process.returncode != 0 and "--resume" in err
    done = count(url, "scenarios_run")
    assert 10 <= done < 120

    resumed = servers.manage(*SWEEP, "--seeds", "60", "--workers", "2", "--resume",
                             "--out", str(tmp_path / "out"), env=db_env)
    assert f"(resumed): 120 runs, {120 - done} run now, {done} already stored" in resumed.stdout
    assert len(stored_runs(url)) == 120
    assert count(url, "scenarios_sweep") == 1


def test_an_unreachable_broker_fails_at_once_and_writes_nothing(tmp_path, db_env):
    env = {**db_env, "OVERSTEP_BROKER_URL": f"redis://127.0.0.1:{servers.free_port()}/0"}
    started = time.monotonic()
    result = servers.manage(*SWEEP, "--seeds", "2", "--backend", "celery",
                            "--out", str(tmp_path / "out"), env=env, check=False)
    assert time.monotonic() - started < 15
    assert result.returncode != 0
    assert "cannot reach the Celery broker at redis://127.0.0.1:" in result.stderr
    assert "nothing was written" in result.stderr
    url = db_env["OVERSTEP_DATABASE_URL"]
    assert count(url, "scenarios_sweep") == 0 and count(url, "scenarios_run") == 0
    assert not (tmp_path / "out").exists()


@pytest.fixture
def slow_model():
    """A model whose every answer takes 0.2 s, for sweeps in other processes."""
    with FakeLLM(WRONG_ANSWER, latency=0.2) as server:
        yield {"OVERSTEP_LLM_BASE_URL": server.url, "OVERSTEP_LLM_API_KEY": "sk-test",
               "OVERSTEP_LLM_RETRIES": "0"}


MODEL_SWEEP = ["sweep", "meta_internal_forum_stochastic", "--agent", "helper=model:test",
               "--grid", "agent.approval_required=false,true"]


def without_latency(runs: dict) -> dict:
    for run in runs.values():
        run["metrics"]["agent"].pop("model_latency_ms")
    return {k: v["metrics"] for k, v in runs.items()}


def test_processes_with_runs_in_flight_store_what_one_run_at_a_time_stores(tmp_path, db_env,
                                                                          slow_model):
    env = {**db_env, **slow_model}
    result = servers.manage(*MODEL_SWEEP, "--seeds", "6", "--workers", "2", "--concurrency",
                            "3", "--out", str(tmp_path / "a"), env=env)
    assert "12 runs, 12 run now" in result.stdout and "36 model calls" in result.stdout
    in_flight = stored_runs(db_env["OVERSTEP_DATABASE_URL"])
    other = servers.django_env(sqlite_url(tmp_path / "one.sqlite3"), **slow_model)
    servers.migrate(other)
    servers.manage(*MODEL_SWEEP, "--seeds", "6", "--workers", "1", "--out",
                   str(tmp_path / "b"), env=other)
    one = stored_runs(other["OVERSTEP_DATABASE_URL"])
    assert len(in_flight) == 12
    assert without_latency(in_flight) == without_latency(one)


def test_a_killed_worker_process_stops_the_sweep_and_resume_finishes_it(tmp_path, db_env,
                                                                       slow_model):
    env, url = {**db_env, **slow_model}, db_env["OVERSTEP_DATABASE_URL"]
    command = [*MODEL_SWEEP, "--seeds", "20", "--workers", "2", "--concurrency", "2",
               "--out", str(tmp_path / "out")]
    process = subprocess.Popen([str(servers.PYTHON), "manage.py", *command], env=env,
                               cwd=servers.REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    servers.wait_until(lambda: count(url, "scenarios_run") >= 2, 60, "the first runs")
    os.kill(worker_pids(process.pid)[0], signal.SIGKILL)
    _out, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "ended with exit code -9" in err and "--resume" in err
    done = count(url, "scenarios_run")
    assert 2 <= done < 40

    resumed = servers.manage(*command, "--resume", env=env)
    assert f"(resumed): 40 runs, {40 - done} run now" in resumed.stdout
    assert len(stored_runs(url)) == 40


def worker_pids(parent: int) -> list[int]:
    """The sweep's worker processes: its children, read from /proc."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    assert children, "the sweep has no worker processes"
    return [int(pid) for pid in children]


def test_worker_processes_answer_recorded_agents_from_the_recording(tmp_path, db_env,
                                                                   slow_model):
    recording = tmp_path / "rec.jsonl"
    servers.manage("run_scenario", "meta_internal_forum", "--agent", "helper=model:test",
                   "--export-recording", str(recording), "--no-store",
                   env={**db_env, **slow_model})
    result = servers.manage("sweep", "meta_internal_forum", "--agent",
                            f"helper=recorded:{recording}", "--grid", "ai.label_shown=false,true",
                            "--seeds", "2", "--workers", "2", "--out", str(tmp_path / "out"),
                            env=db_env)  # no endpoint: every answer comes from the file
    assert "4 runs, 4 run now" in result.stdout and "12 model calls" in result.stdout
    assert {run["metrics"]["outcome"] for run in stored_runs(
        db_env["OVERSTEP_DATABASE_URL"]).values()} == {"exposure"}
