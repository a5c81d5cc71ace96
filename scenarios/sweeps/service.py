"""A sweep from start to end: plan the runs, skip those stored, run the rest, report.

Runs are found by identity (scenario digest, settings, seed). A run already stored is
never run again, with or without --resume: it cannot be stored twice, and the engine would
give the same log anyway. What --resume adds is continuing the latest sweep row with the
same scenario, grid and seeds rather than opening a new one, and trying again the runs
stored as failed (a model that could not be reached, a refused key): without it, those
are listed as failed, never counted as done.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from scenarios import engine
from scenarios.metrics.agent import model_figures
from scenarios.models import Run, Sweep
from scenarios.runs import FAILED, save_rows, settings_key

from . import celery_backend, local
from .grid import expand
from .threads import MAX_CONCURRENCY

BACKENDS = ("local", "celery")
BATCH, BATCH_SECONDS = 50, 1.0  # local backend: commit every 50 runs or every second


@dataclass(frozen=True)
class PlannedRun:
    point: dict  # the grid point: the overrides given to the engine
    settings: dict  # the run's full settings, as stored
    seed: int

    @property
    def identity(self) -> tuple[str, int]:
        return settings_key(self.settings), self.seed

    @property
    def job(self) -> tuple[dict, int]:
        """What a backend computes (threads.unpack)."""
        return self.point, self.seed


@dataclass
class SweepOutcome:
    sweep: Sweep
    planned: list[PlannedRun]
    reused: int  # finished runs found stored
    executed: int  # runs run now (retried failed runs included)
    resumed: bool
    failed_earlier: int = 0  # stored as failed and not retried (no --resume)
    seconds: float = 0.0
    rows: list[dict] = field(default_factory=list)
    executed_identities: set = field(default_factory=set)

    @property
    def failed_rows(self) -> list[dict]:
        return [row for row in self.rows if row["outcome"] == FAILED]


def plan_runs(loaded, grid: dict, seeds: int) -> list[PlannedRun]:
    """Grid order, then seed 1..N."""
    plan = []
    for point in expand(grid):
        full = engine.resolve_settings(loaded.scenario, point)
        plan.extend(PlannedRun(point, full, seed) for seed in range(1, seeds + 1))
    return plan


def stored_identities(loaded, planned: list[PlannedRun]) -> dict[tuple[str, int], str]:
    """{identity: status} of the planned runs already stored, finished or failed."""
    keys = sorted({p.identity[0] for p in planned})
    found = Run.objects.filter(digest=loaded.digest, settings_key__in=keys)
    return {(key, seed): status for key, seed, status
            in found.values_list("settings_key", "seed", "status")}


def check_concurrency(concurrency: int) -> None:
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(f"--concurrency must be from 1 to {MAX_CONCURRENCY} (runs in flight "
                         f"per worker process, or per Celery task), got {concurrency}")


def run_sweep(loaded, grid: dict, seeds: int, *, backend: str = "local", workers: int = 1,
              concurrency: int = 1, resume: bool = False, progress: Callable | None = None,
              warn: Callable[[str], None] = print) -> SweepOutcome:
    """Run what is missing of the sweep and return it with its rows (grid order, seed).
    `progress(done, total)` is called as runs are stored; up to `concurrency` runs are in
    flight per worker process (local) or per task (celery)."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")
    check_concurrency(concurrency)
    if backend == "celery":
        celery_backend.check_broker()
    started = time.monotonic()
    planned = plan_runs(loaded, grid, seeds)
    outcome, missing = _open(loaded, grid, seeds, backend, planned, resume, concurrency)
    report = progress or (lambda done, total: None)
    done = len(planned) - len(missing)
    report(done, len(planned))
    if backend == "celery":
        celery_backend.wait_for_runs(loaded, planned, lambda n: report(n, len(planned)), warn)
    else:
        _run_local(loaded, missing, workers, concurrency, done, len(planned), report)
    outcome.seconds = time.monotonic() - started
    outcome.rows = collect_rows(loaded, planned)
    return outcome


def _open(loaded, grid, seeds, backend, planned, resume, concurrency):
    """Find (--resume) or create the sweep row and, for Celery, enqueue the missing runs
    on commit of that same transaction."""
    with transaction.atomic():
        sweep = _find_sweep(loaded, grid, seeds) if resume else None
        resumed = sweep is not None
        if resumed:
            sweep.grid = grid  # the option order (PostgreSQL's jsonb does not keep it)
        if sweep is None:
            sweep = Sweep.objects.create(
                scenario=loaded.scenario.name, scenario_file=loaded.file, digest=loaded.digest,
                grid=grid, seeds=seeds, backend=backend)
        stored = stored_identities(loaded, planned)
        failed = [p for p in planned if stored.get(p.identity) == Run.Status.FAILED]
        missing = [p for p in planned if p.identity not in stored
                   or (resume and stored[p.identity] == Run.Status.FAILED)]
        if backend == "celery" and missing:
            if resume:
                _forget_failed(loaded, failed)
            celery_backend.enqueue_on_commit(sweep, loaded, missing, concurrency)
    finished = sum(1 for p in planned if stored.get(p.identity) == Run.Status.FINISHED)
    outcome = SweepOutcome(sweep, planned, reused=finished, executed=len(missing),
                           resumed=resumed, failed_earlier=0 if resume else len(failed),
                           executed_identities={p.identity for p in missing})
    return outcome, missing


def _forget_failed(loaded, failed: list[PlannedRun]) -> None:
    """Celery's completion is a count of stored rows: a failed run about to be tried again
    is removed first, so the count waits for its new result (finished, or failed again)."""
    for p in failed:
        Run.objects.filter(digest=loaded.digest, settings_key=p.identity[0], seed=p.seed,
                           status=Run.Status.FAILED).delete()


def _find_sweep(loaded, grid: dict, seeds: int) -> Sweep | None:
    candidates = Sweep.objects.filter(digest=loaded.digest, seeds=seeds)
    return next((s for s in candidates if s.grid == grid), None)


def _run_local(loaded, missing, workers, concurrency, done, total, report) -> None:
    store = BatchedStore(done, lambda stored: report(stored, total))
    try:
        local.run_local(loaded, missing, workers, store.add, concurrency)
    finally:
        store.flush()  # after Ctrl-C too: finished runs are kept


class BatchedStore:
    """Stores rows (scenarios.runs.RunRow) in batches: one commit (one fsync on SQLite) and
    a few queries per BATCH runs or BATCH_SECONDS, not per run. Each save is still
    idempotent by identity."""

    def __init__(self, done: int, on_stored: Callable[[int], None]):
        self.done, self.on_stored = done, on_stored
        self.batch: list = []
        self.since = time.monotonic()

    def add(self, row) -> None:
        self.batch.append(row)
        if len(self.batch) >= BATCH or time.monotonic() - self.since >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            save_rows(self.batch)
            self.done += len(self.batch)
            self.batch.clear()
            self.on_stored(self.done)
        self.since = time.monotonic()


def collect_rows(loaded, planned: list[PlannedRun]) -> list[dict]:
    """One row per planned run, in plan order, from the database (the store of record).
    A failed run's row has outcome "failed", its `failure`, no metrics, and the model
    calls it made before failing (`model_usage`, read from its log)."""
    keys = sorted({p.identity[0] for p in planned})
    runs = Run.objects.filter(digest=loaded.digest, settings_key__in=keys)
    by_identity = {(r.settings_key, r.seed): r
                   for r in runs.defer("log", "recording", "scenario_text")}
    rows = []
    for p in planned:
        run = by_identity.get(p.identity)
        if run is None:
            raise RuntimeError(f"run {p.point} seed {p.seed} is not stored")
        row = {"run_id": run.pk, "scenario": run.scenario, "digest": run.digest,
               "settings": run.settings, "seed": run.seed, "outcome": run.outcome,
               "failure": run.failure, "metrics": run.metrics}
        if run.failed:
            row["model_usage"] = model_figures(run.records())
        rows.append(row)
    return rows
