"""Running a design: every design point × seeds 1..K (the same seeds at every point: common
random numbers), on the sweep backends, skipping the points already in the output
directory (--resume) and the runs already stored (found by identity, like a sweep's).

A run's identity is (its variant's digest, settings, seed): the same values at two design
points (Morris points often share them) are the same runs, computed once."""

import time
from collections.abc import Callable
from dataclasses import dataclass

from scenarios.models import Run
from scenarios.runs import settings_key
from scenarios.sweeps import celery_backend, local
from scenarios.sweeps.outputs import flat_figures
from scenarios.sweeps.service import BACKENDS, BatchedStore


@dataclass(frozen=True)
class PlannedVariantRun:
    point: int  # the design point's index
    overrides: dict  # its guardrail settings
    settings: dict  # the run's full settings, as stored
    seed: int
    text: str  # its scenario variant
    digest: str

    @property
    def identity(self) -> tuple[str, str, int]:
        return self.digest, settings_key(self.settings), self.seed

    @property
    def job(self) -> tuple[dict, int, str]:
        """What a backend computes (scenarios.sweeps.threads.unpack)."""
        return self.overrides, self.seed, self.text


@dataclass
class DesignOutcome:
    rows: list[dict]  # the runs of the points run or collected now, point then seed
    executed: int  # runs computed now
    reused: int  # runs found stored
    seconds: float


def plan(points: list, seeds: int) -> list[PlannedVariantRun]:
    return [PlannedVariantRun(point.index, point.overrides, point.settings, seed, point.text,
                              point.digest) for point in points for seed in range(1, seeds + 1)]


def run_design(loaded, points: list, seeds: int, *, backend: str = "local", workers: int = 1,
               progress: Callable | None = None,
               warn: Callable[[str], None] = print) -> DesignOutcome:
    """Compute the missing runs of `points` and return their rows (point order, then seed).
    `progress(done, total)` counts the runs stored."""
    if backend == "celery":
        celery_backend.check_broker()
    started = time.monotonic()
    planned = plan(points, seeds)
    stored = _stored(planned)
    missing = _unique_missing(planned, stored)
    report = progress or (lambda done, total: None)
    total = len(missing)
    report(0, total)
    if backend == "celery" and missing:
        celery_backend.enqueue_variants(loaded, missing, 1)
        celery_backend.wait_for_runs(loaded, missing, lambda n: report(n, total), warn,
                                     count_stored=lambda: len(_stored(missing)))
    elif missing:
        store = BatchedStore(0, lambda done: report(done, total))
        try:
            local.run_local(loaded, missing, workers, store.add)
        finally:
            store.flush()  # after Ctrl-C too: finished runs are kept
    rows = collect_rows(loaded, planned, points)
    return DesignOutcome(rows, executed=total, reused=len(planned) - total,
                         seconds=time.monotonic() - started)


def check_backend(backend: str) -> None:
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")


def _stored(planned: list[PlannedVariantRun]) -> set:
    """The identities of the planned runs stored as finished (a failed one is tried again)."""
    found = set()
    digests = sorted({p.digest for p in planned})
    for start in range(0, len(digests), 500):  # SQLite's limit on query parameters
        runs = Run.objects.filter(digest__in=digests[start:start + 500],
                                  status=Run.Status.FINISHED)
        found.update(runs.values_list("digest", "settings_key", "seed"))
    return {p.identity for p in planned} & found


def _unique_missing(planned: list, stored: set) -> list:
    """The runs to compute: not stored, each identity once."""
    seen, missing = set(stored), []
    for p in planned:
        if p.identity not in seen:
            seen.add(p.identity)
            missing.append(p)
    return missing


def collect_rows(loaded, planned: list[PlannedVariantRun], points: list) -> list[dict]:
    """One row per planned run, from the database (the store of record): the point, seed,
    the factors' values, the run's id, digest, outcome and scalar figures."""
    values = {p.index: p.values for p in points}
    by_identity = {}
    digests = sorted({p.digest for p in planned})
    for start in range(0, len(digests), 500):
        runs = Run.objects.filter(digest__in=digests[start:start + 500])
        for run in runs.only("id", "digest", "settings_key", "seed", "outcome", "metrics",
                             "failure"):
            by_identity[(run.digest, run.settings_key, run.seed)] = run
    rows = []
    for p in planned:
        run = by_identity.get(p.identity)
        if run is None:
            raise RuntimeError(f"design point {p.point} seed {p.seed} is not stored")
        rows.append({"point": p.point, "seed": p.seed, **values[p.point], "run_id": run.pk,
                     "digest": run.digest, "outcome": run.outcome,
                     "failure": run.failure or "", **flat_figures(run.metrics or {}),
                     "run_minutes": (run.metrics or {}).get("run_minutes")})
    return rows
