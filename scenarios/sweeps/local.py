"""The embedded backend: runs on local worker processes, results stored by the parent.

Each worker process parses the scenario text once and computes runs in its own in-memory
sandbox forum (forum.sandbox creates the schema on first use), so runs never collide. The
workers touch no shared database: they return their RunResult, and the parent alone stores
it, so SQLite sees one writer.

Workers are forked by default: they inherit the loaded Django app and start in
milliseconds. The parent closes its database connections first, so no child ever shares
a connection (or a PostgreSQL socket) with it. `spawn` also works, at the cost of a Django
start-up per worker (about a second each).
"""

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable

START_METHOD = os.environ.get("OVERSTEP_SWEEP_START_METHOD", "fork")

_loaded = None  # this worker's parsed scenario


def default_workers() -> int:
    return os.cpu_count() or 1


def run_local(loaded, planned: list, workers: int, on_result: Callable) -> None:
    """Compute every planned run (objects with .point and .seed); call on_result(result)
    in this process for each, in completion order."""
    if workers <= 1 or len(planned) <= 1:
        _run_inline(loaded, planned, on_result)
        return
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context(START_METHOD)
    jobs = [(p.point, p.seed) for p in planned]
    with context.Pool(min(workers, len(jobs)), initializer=_start_worker,
                      initargs=(loaded.text, loaded.file)) as pool:
        for result in pool.imap_unordered(_execute, jobs):
            on_result(result)


def _run_inline(loaded, planned: Iterable, on_result: Callable) -> None:
    from scenarios import engine

    for p in planned:
        on_result(engine.run(loaded, seed=p.seed, overrides=p.point))


def _start_worker(text: str, file: str) -> None:
    """Pool initializer: Django (when spawned), the scenario, and Ctrl-C left to the parent."""
    global _loaded
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overstep.settings")
        django.setup()
    from scenarios.format import parse_scenario

    _loaded = parse_scenario(text, file)


def _execute(job: tuple):
    from scenarios import engine

    point, seed = job
    return engine.run(_loaded, seed=seed, overrides=point)
