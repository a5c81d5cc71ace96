"""The `celery` backend: plain tasks sent to workers over Redis, each a batch of up to
`concurrency` runs that the task keeps in flight at once on threads (as a local worker
process does: see threads.py). At concurrency 1 a task runs RUNS_PER_TASK runs one after
another: a scripted run takes about 15 ms, less than a task's own round trip through the
broker, so one run per task spent more time on Celery than on the run.

Designed around the known pitfalls of Celery on Redis:
- no chord or group callback (large chords on Redis hang or lose their callback): the
  sweep polls the database, which says when every run is stored;
- no result backend (it expires and can evict): the database is the store of record;
- tasks are sent on commit of the transaction that creates the sweep row, so no task ever
  looks for a sweep that is not there yet;
- a redelivered task finds its run stored and skips it (see tasks.py).
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from kombu import Connection

from scenarios.models import Run

CONNECT_TIMEOUT = 3.0
POLL_SECONDS = 0.5
# A redelivered task (a worker lost) runs again at most this many runs, each skipped if
# stored; at the end of a sweep, the last tasks take at most this many runs' time.
RUNS_PER_TASK = 10
STALL_SECONDS = 120.0


class BrokerUnavailable(Exception):
    """The broker cannot be reached; nothing has been written."""


def check_broker(url: str | None = None, timeout: float = CONNECT_TIMEOUT) -> None:
    url = url or settings.CELERY_BROKER_URL
    options = {"socket_connect_timeout": timeout, "socket_timeout": timeout}
    try:
        with Connection(url, connect_timeout=timeout, transport_options=options) as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0,
                                         timeout=timeout)
    except Exception as error:  # kombu raises OperationalError, redis-py its own errors
        raise BrokerUnavailable(
            f"cannot reach the Celery broker at {_safe(url)}: {error}. Start Redis (see the "
            "README, 'Sweeps on Celery') or set OVERSTEP_BROKER_URL; nothing was written."
        ) from None


def enqueue_on_commit(sweep, loaded, planned: list, concurrency: int = 1) -> None:
    """Send the planned runs, `concurrency` to a task, once the current transaction (which
    created or found `sweep`) commits. Must be called inside that transaction."""
    transaction.on_commit(lambda: _send(sweep.pk, loaded.text, _batches(planned, concurrency),
                                        concurrency))


def enqueue_variants(loaded, planned: list, concurrency: int = 1) -> None:
    """Send now the planned runs of variants of `loaded` (jobs that carry their own scenario
    text: a sensitivity analysis, which has no sweep row to wait for)."""
    from celery import current_app

    from .tasks import execute_variant_runs

    with current_app.producer_or_acquire() as producer:
        for batch in _batches(planned, concurrency):
            execute_variant_runs.apply_async((loaded.file, batch), {"concurrency": concurrency},
                                             producer=producer)


def _batches(planned: list, concurrency: int) -> list[list]:
    jobs = [p.job for p in planned]
    size = concurrency if concurrency > 1 else RUNS_PER_TASK
    return [jobs[i:i + size] for i in range(0, len(jobs), size)]


def _send(sweep_id: int, text: str, batches: list, concurrency: int) -> None:
    from celery import current_app

    from .tasks import execute_runs

    with current_app.producer_or_acquire() as producer:
        for batch in batches:
            execute_runs.apply_async((sweep_id, text, batch), {"concurrency": concurrency},
                                     producer=producer)


def wait_for_runs(loaded, planned: list, on_progress: Callable[[int], None],
                  warn: Callable[[str], None], stall_seconds: float = STALL_SECONDS,
                  count_stored: Callable[[], int] | None = None) -> None:
    """Poll the database until every planned run is stored; on_progress(stored) each time
    the count changes; warn() when nothing has finished for `stall_seconds`.
    `count_stored()` counts the planned runs stored (default: those of the sweep's grid)."""
    count_stored = count_stored or _planned_runs(loaded, planned).count
    total, stored = len(planned), -1
    last_change = time.monotonic()
    while stored < total:
        count = count_stored()
        now = time.monotonic()
        if count != stored:
            stored, last_change = count, now
            on_progress(stored)
        elif now - last_change >= stall_seconds:
            warn(f"no run finished in the last {stall_seconds:.0f} s ({stored}/{total} "
                 "stored): are workers running, on the same broker and database? "
                 "(Ctrl-C, then --resume, enqueues the missing runs again)")
            last_change = now
        if stored < total:
            time.sleep(POLL_SECONDS)


def _planned_runs(loaded, planned: list):
    from scenarios.runs import settings_key

    keys = sorted({settings_key(p.settings) for p in planned})
    seeds = sorted({p.seed for p in planned})
    return Run.objects.filter(digest=loaded.digest, settings_key__in=keys,
                              seed__gte=seeds[0], seed__lte=seeds[-1])


def _safe(url: str) -> str:
    """The URL without its password, fit for an error message."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = "***@" + rest.split("@", 1)[1]
    return scheme + sep + rest
