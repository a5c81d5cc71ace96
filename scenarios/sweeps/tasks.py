"""The Celery tasks of the `celery` sweep backend: one task, a batch of runs kept in flight
`concurrency` at a time on threads (`--concurrency`; at 1, a few runs one after another:
celery_backend.RUNS_PER_TASK), stored by the task's own thread as they finish.

A task may be delivered twice (a redelivery after the visibility timeout, a resumed sweep
enqueuing again): it skips a run that is already stored, and the store itself is
idempotent (a unique constraint on the run's identity), so a result is never duplicated.
Acknowledged late and rejected on worker loss: a worker killed mid-run leaves its message
unacknowledged, and Redis gives it to another worker after the visibility timeout.
Nothing goes to a result backend; the database is the store of record. A database error
(a busy SQLite file, a PostgreSQL restart) is retried with backoff; an error in the run
itself is not, since the same inputs would fail the same way: it is logged, and the sweep
command reports the run as missing. A run whose model fails is stored as failed, with why.
"""

import logging
from functools import lru_cache

from celery import shared_task
from django.db import DatabaseError

from scenarios import engine
from scenarios.format import parse_scenario
from scenarios.models import Sweep
from scenarios.runs import find_run, save_row

from .threads import compute_here, unpack

logger = logging.getLogger(__name__)

TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True,
                "autoretry_for": (DatabaseError,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="scenarios.execute_runs", **TASK_OPTIONS)
def execute_runs(sweep_id: int, scenario_text: str, jobs: list,
                 concurrency: int | None = None) -> str:
    """Run the batch's (overrides, seed) jobs not stored yet, `concurrency` at a time (all
    at once when not given, as tasks sent by earlier versions expect)."""
    return _execute(sweep_id, scenario_text, jobs, concurrency)


@shared_task(name="scenarios.execute_run", **TASK_OPTIONS)
def execute_run(sweep_id: int, scenario_text: str, overrides: dict, seed: int) -> str:
    """One run: the task earlier versions sent (kept so their queued messages still run)."""
    return _execute(sweep_id, scenario_text, [(overrides, seed)], None)


@shared_task(name="scenarios.execute_variant_runs", **TASK_OPTIONS)
def execute_variant_runs(scenario_file: str, jobs: list, concurrency: int | None = None) -> str:
    """Runs of scenario variants (a sensitivity analysis's design points): each job is
    (overrides, seed, scenario text); no sweep row, the runs' identities say it all."""
    if not jobs:
        return "0 stored, 0 already there"
    return _run_missing(_parse(jobs[0][2], scenario_file), jobs, concurrency)


def _execute(sweep_id: int, scenario_text: str, jobs: list, concurrency: int | None) -> str:
    sweep = Sweep.objects.filter(pk=sweep_id).first()
    if sweep is None:
        logger.warning("sweep %s does not exist (rolled back?); runs skipped", sweep_id)
        return "no-sweep"
    loaded = _parse(scenario_text, sweep.scenario_file)
    if loaded.digest != sweep.digest:
        logger.error("scenario digest %s does not match sweep %s (%s); runs refused",
                     loaded.digest, sweep_id, sweep.digest)
        return "wrong-scenario"
    return _run_missing(loaded, jobs, concurrency)


def _run_missing(loaded, jobs: list, concurrency: int | None) -> str:
    """Compute and store the jobs (threads.unpack) not stored yet, `concurrency` at a time
    (all at once when None)."""
    todo = [job for job in jobs if _stored(loaded, job) is None]
    created = []
    compute_here(loaded, todo, concurrency or len(todo),
                 lambda row: created.append(save_row(row)[1]))
    return f"{sum(created)} stored, {len(jobs) - sum(created)} already there"


def _stored(loaded, job):
    scenario, overrides, seed = unpack(loaded, job)
    return find_run(scenario.digest, engine.resolve_settings(scenario.scenario, overrides), seed)


@lru_cache(maxsize=8)
def _parse(text: str, file: str):
    """A worker runs many runs of the same scenario: parse its text once."""
    return parse_scenario(text, file)
