"""The `sweep` command as a user runs it: a subprocess, with worker processes, against a
database file."""

import signal
import subprocess
import time

import pytest

from tests import servers
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
