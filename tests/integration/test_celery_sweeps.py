"""The celery backend on real Redis and real worker processes (never eager mode)."""

import csv
import subprocess

import pytest

from scenarios.metrics import compute_metrics
from tests import servers
from tests.llm.scripts import WRONG_ANSWER
from tests.llm_server import FakeLLM
from tests.scenarios.sweeps.dbfile import count, query, sqlite_url, stored_runs

pytestmark = pytest.mark.integration

SWEEP = ["sweep", "meta_internal_forum", "--grid", "agent.approval_required=false,true",
         "--grid", "acl.grant_expiry_minutes=off,60"]


def migrated(url: str, broker_url: str | None = None, **extra) -> dict:
    env = servers.django_env(url, broker_url, visibility_timeout=5, **extra)
    servers.migrate(env)
    return env


def csv_rows(out_dir) -> list[dict]:
    """results.csv without run ids (which differ from one database to another)."""
    with (out_dir / "results.csv").open() as handle:
        return [{k: v for k, v in row.items() if k != "run_id"} for row in csv.DictReader(handle)]


def metrics_of(runs: dict) -> dict:
    return {identity: run["metrics"] for identity, run in runs.items()}


def test_celery_on_two_workers_stores_what_the_local_backend_stores(tmp_path, broker_url):
    local_env = migrated(sqlite_url(tmp_path / "local.sqlite3"))
    servers.manage(*SWEEP, "--seeds", "3", "--workers", "2", "--out", str(tmp_path / "local"),
                   env=local_env)
    celery_env = migrated(sqlite_url(tmp_path / "celery.sqlite3"), broker_url)
    with servers.celery_workers(2, celery_env):
        servers.manage(*SWEEP, "--seeds", "3", "--backend", "celery",
                       "--out", str(tmp_path / "celery"), env=celery_env)
    local = stored_runs(local_env["OVERSTEP_DATABASE_URL"])
    remote = stored_runs(celery_env["OVERSTEP_DATABASE_URL"])
    assert len(remote) == 12
    assert metrics_of(remote) == metrics_of(local)
    for run in remote.values():
        assert compute_metrics(run["records"]) == run["metrics"]
    assert csv_rows(tmp_path / "celery") == csv_rows(tmp_path / "local")


def test_a_sweep_completes_when_a_worker_is_killed_mid_run(tmp_path, broker_url):
    env = migrated(sqlite_url(tmp_path / "celery.sqlite3"), broker_url)
    url = env["OVERSTEP_DATABASE_URL"]
    with servers.celery_workers(2, env) as (doomed, survivor):
        sweep = subprocess.Popen(
            [str(servers.PYTHON), "manage.py", *SWEEP, "--seeds", "15", "--backend", "celery",
             "--out", str(tmp_path / "out")], env=env, cwd=servers.REPO,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        servers.wait_until(lambda: count(url, "scenarios_run") >= 6, 60, "the first runs")
        doomed.kill()
        assert count(url, "scenarios_run") < 60
        out, err = finished(sweep, 120, lambda: (
            f"{count(url, 'scenarios_run')} of 60 runs stored; the surviving worker's log: "
            f"{survivor.log.read_text(errors='replace')[-3000:]}"))
        assert survivor.process.poll() is None
    assert sweep.returncode == 0, err
    assert "60 runs" in out
    runs = stored_runs(url)  # fails if any identity is stored twice
    assert len(runs) == 60 == count(url, "scenarios_run")
    assert sorted({seed for _key, seed in runs}) == list(range(1, 16))


def finished(process: subprocess.Popen, seconds: float, progress) -> tuple[str, str]:
    """The process's output once it exits; if it has not within `seconds`, stop it and fail
    with what it printed and how far it got, so an intermittent hang can be diagnosed."""
    try:
        return process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"not finished after {seconds} s ({progress()}); stdout: {out[-1500:]!r}; "
                    f"stderr: {err[-3000:]!r}")


def test_celery_workers_share_a_postgresql_database(tmp_path, broker_url, postgres_url):
    env = migrated(postgres_url, broker_url)
    local_env = migrated(sqlite_url(tmp_path / "local.sqlite3"))
    with servers.celery_workers(2, env):
        result = servers.manage(*SWEEP, "--seeds", "2", "--backend", "celery",
                                "--out", str(tmp_path / "pg"), env=env)
    servers.manage(*SWEEP, "--seeds", "2", "--workers", "1", "--out", str(tmp_path / "local"),
                   env=local_env)
    assert "8 runs, 8 run now" in result.stdout
    on_postgres = stored_runs(postgres_url)
    assert metrics_of(on_postgres) == metrics_of(stored_runs(local_env["OVERSTEP_DATABASE_URL"]))
    assert count(postgres_url, "scenarios_sweep") == 1


MODEL_SWEEP = ["sweep", "meta_internal_forum_stochastic", "--agent", "helper=model:test",
               "--grid", "agent.approval_required=false,true", "--seeds", "5"]


def without_latency(runs: dict) -> dict:
    for run in runs.values():
        run["metrics"]["agent"].pop("model_latency_ms")
    return metrics_of(runs)


def test_tasks_keep_runs_in_flight_and_resume_retries_failed_runs(tmp_path, broker_url):
    """--concurrency 4 on Celery: each task runs a batch of 4 runs at once. With the model
    down every run is stored as failed; --resume sends them again once it is up."""
    model = {"OVERSTEP_LLM_API_KEY": "sk-test", "OVERSTEP_LLM_RETRIES": "0"}
    down = FakeLLM(WRONG_ANSWER)
    down.start()
    down.stop()  # its port now refuses connections
    env = migrated(sqlite_url(tmp_path / "celery.sqlite3"), broker_url,
                   OVERSTEP_LLM_BASE_URL=down.url, **model)
    url = env["OVERSTEP_DATABASE_URL"]
    command = [*MODEL_SWEEP, "--backend", "celery", "--concurrency", "4",
               "--out", str(tmp_path / "celery")]
    with FakeLLM(WRONG_ANSWER, latency=0.05) as up:
        with servers.celery_workers(1, env):
            failed = servers.manage(*command, env=env, check=False)
        assert failed.returncode != 0 and "10 runs failed" in failed.stdout
        assert "cannot reach" in failed.stdout
        assert query(url, "SELECT count(*) FROM scenarios_run WHERE status = 'failed'") == [(10,)]

        env["OVERSTEP_LLM_BASE_URL"] = up.url
        with servers.celery_workers(1, env):
            resumed = servers.manage(*command, "--resume", env=env)
        assert "(resumed): 10 runs, 10 run now" in resumed.stdout
        assert up.count == 30
        local_env = migrated(sqlite_url(tmp_path / "local.sqlite3"),
                             OVERSTEP_LLM_BASE_URL=up.url, **model)
        servers.manage(*MODEL_SWEEP, "--workers", "1", "--out", str(tmp_path / "local"),
                       env=local_env)
    remote = stored_runs(url)
    assert len(remote) == 10 and all(run["metrics"] for run in remote.values())
    assert without_latency(remote) == without_latency(stored_runs(local_env[
        "OVERSTEP_DATABASE_URL"]))
