"""The embedded backend: runs on local worker processes, results stored by the parent.

Each worker process parses the scenario text once and computes runs in in-memory sandbox
forums (forum.sandbox), so runs never collide. With `concurrency` N, a process keeps up to
N runs in flight on threads, each thread in a sandbox of its own (threads.py): model calls
take seconds of waiting, and the threads wait together. The workers touch no shared
database: they send back each run as the row that stores it (logs already compressed), and
the parent alone writes them, so SQLite sees one writer, and the parent, which shares the
cores with its workers, does little more than write. With one worker, the parent's own
threads compute the runs.

Workers take jobs from one queue when they have a free thread, so a slow run never holds
up the others. Workers are forked by default: they inherit the loaded Django app and start
in milliseconds. The parent closes its database connections first, so no child ever
shares a connection (or a PostgreSQL socket) with it. `spawn` also works, at the cost of a
Django start-up per worker (about a second each).
"""

import math
import multiprocessing
import os
import queue
import signal
from collections.abc import Callable
from dataclasses import replace

from . import threads

START_METHOD = os.environ.get("OVERSTEP_SWEEP_START_METHOD", "fork")
POLL_SECONDS = 1.0  # how often the parent checks that its workers are alive


class WorkerDied(RuntimeError):
    """A worker process ended without finishing its runs (killed, out of memory)."""


def default_workers() -> int:
    return os.cpu_count() or 1


def run_local(loaded, planned: list, workers: int, on_result: Callable,
              concurrency: int = 1) -> None:
    """Compute every planned run (objects with .job: see threads.unpack); call
    on_result(row) in this process for each (scenarios.runs.RunRow), in completion order."""
    jobs = [p.job for p in planned]
    processes = min(workers, math.ceil(len(jobs) / max(1, concurrency)))
    if processes <= 1:
        threads.compute_here(loaded, jobs, concurrency, on_result)
        return
    _run_processes(loaded, jobs, processes, min(concurrency, math.ceil(len(jobs) / processes)),
                   on_result)


def _run_processes(loaded, jobs: list, processes: int, per_process: int,
                   on_result: Callable) -> None:
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context(START_METHOD)
    todo, results = context.Queue(), context.Queue()
    workers = [context.Process(target=_worker, name=f"sweep-worker-{i}", daemon=True,
                               args=(loaded.text, loaded.file, loaded.recordings, per_process,
                                     todo, results))
               for i in range(processes)]
    try:
        for worker in workers:
            worker.start()
        for job in jobs:
            todo.put(job)
        for _ in range(processes * per_process):
            todo.put(None)  # one "no more jobs" for each thread
        threads.receive(lambda: _next_result(results, workers), processes * per_process,
                        on_result)
    finally:
        todo.cancel_join_thread()  # jobs left after Ctrl-C must not block the exit
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()


def _next_result(results, workers: list):
    """The next item a worker thread delivered; WorkerDied if one ended without finishing."""
    while True:
        try:
            return results.get(timeout=POLL_SECONDS)
        except queue.Empty:
            dead = [w for w in workers if w.exitcode not in (None, 0)]
            if dead:
                raise WorkerDied(f"worker process {dead[0].pid} ended with exit code "
                                 f"{dead[0].exitcode} before finishing its runs") from None


def _worker(text: str, file: str, recordings: dict, concurrency: int, todo, results) -> None:
    """A worker process: Django (when spawned), the scenario (with the recordings its
    `recorded` agents answer from), Ctrl-C left to the parent, then `concurrency` threads
    taking jobs until each gets None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overstep.settings")
        django.setup()
    from scenarios.format import parse_scenario

    loaded = replace(parse_scenario(text, file), recordings=recordings)
    for thread in threads.start_threads(loaded, concurrency, todo.get, results.put):
        thread.join()
