"""Runs in flight on threads: a model's turn takes seconds of waiting, not of computing,
so one process can keep many runs going at once.

Each thread replays in a sandbox forum of its own. forum.sandbox's database is an in-memory
SQLite database shared by every connection of a process (`cache=shared`), so two threads
replaying at once would lock each other's tables ("database table is locked"). A thread's
sandbox is a copy (SQLite's backup API: milliseconds) of a template migrated once per
process, under a name of its own, and is closed, which frees it, when the thread ends.

Threads only compute. Each result goes to `deliver` (a queue) as the row that stores it
(scenarios.runs.RunRow, its log already compressed), so whoever reads that queue stays the
one writer of results and only writes. Runs are independent (one seeded stream per actor, per
run), so the order in which threads finish changes nothing in any run.

Python runs one thread at a time anyway (the GIL), and left to itself switches between them
every few milliseconds and at every SQLite call, which costs as much as the runs
themselves (measured: 0.19 s of CPU a run at 32 threads against 0.11 s for one). So when
the runs share one model client, a thread computes only while it holds the process's
turn, and hands it over while it waits for the model.
"""

import contextlib
import functools
import itertools
import os
import queue
import threading
import traceback
from collections.abc import Callable, Iterable

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from forum.sandbox import SANDBOX, ensure_schema

MAX_CONCURRENCY = 256
DONE, RESULT, CRASH = "done", "result", "crash"  # what a thread delivers: (kind, payload)

_names = itertools.count(1)
_copying = threading.Lock()
_template = None  # (pid, sqlite3 connection) of this process's template sandbox
_template_lock = threading.Lock()


class RunCrashed(RuntimeError):
    """A run raised (a bug, not a model failure: those are stored as failed runs)."""


def template_sandbox():
    """This process's template sandbox, an open sqlite3 connection: the forum's schema in an
    in-memory database of its own, migrated once and never written to, so copying it needs
    no lock on anyone's sandbox. Migrated in a helper thread, which leaves the caller's own
    sandbox (and any transaction open on it, as in tests) alone."""
    global _template
    with _template_lock:
        if _template is None or _template[0] != os.getpid():  # a forked child makes its own
            made: dict = {}
            helper = threading.Thread(target=_migrate_template, args=(made,),
                                      name="sweep-sandbox-template")
            helper.start()
            helper.join()
            if "error" in made:
                raise made["error"]
            _template = (os.getpid(), made["connection"])
        return _template[1]


def _migrate_template(made: dict) -> None:
    try:
        sandbox = connections[SANDBOX]
        _rename(sandbox, "template")
        ensure_schema()
        made["connection"], sandbox.connection = sandbox.connection, None  # kept open here
        connections.close_all()
    except Exception as error:  # noqa: BLE001 - raised again in the calling thread
        made["error"] = error


def own_sandbox(template) -> None:
    """Point this thread's sandbox at a private in-memory copy of `template`."""
    sandbox = connections[SANDBOX]
    _rename(sandbox, str(next(_names)))
    sandbox.ensure_connection()
    with _copying:  # one reader of the template at a time
        template.backup(sandbox.connection)


def _rename(sandbox, suffix: str) -> None:
    """Point this thread's (unopened) sandbox connection at a database of its own."""
    name = f"file:overstep-sandbox-{os.getpid()}-{suffix}?mode=memory&cache=shared"
    sandbox.settings_dict = {**sandbox.settings_dict, "NAME": name}


def close_connections() -> None:
    """Close this thread's connections, its own sandbox included: Django never closes an
    in-memory SQLite database (that would drop it), and dropping it is the point here."""
    sandbox = connections[SANDBOX]
    if sandbox.connection is not None:
        BaseDatabaseWrapper.close(sandbox)
    connections.close_all()


def shared_model(loaded):
    """One client for the scenario's `model` agents, shared by every run of this process
    (the openai client is thread-safe and keeps its connections open), when they all use
    one endpoint; None otherwise, and then each run makes its own, as a lone run does. A
    client that cannot be made (no API key) is left to each run, which fails saying why."""
    from agents.llm import ModelFailure, OpenAIBackend
    from agents.llm.backends import endpoint_from_env
    from scenarios.engine.runner import model_policies

    urls = {policy.get("base_url") for policy in model_policies(loaded.scenario).values()
            if policy.get("kind") == "model"}
    if len(urls) != 1:
        return None
    try:
        return OpenAIBackend(endpoint_from_env(urls.pop()))
    except ModelFailure:
        return None


class TurnTaking:
    """A model backend that gives up the process's turn to compute while it waits for an
    answer, and takes it back before returning."""

    def __init__(self, backend, turn):
        self.backend, self.turn = backend, turn

    def complete(self, request):
        self.turn.release()
        try:
            return self.backend.complete(request)
        finally:
            self.turn.acquire()


def work(loaded, template, model, turn, next_job: Callable, deliver: Callable) -> None:
    """A run thread: copy the template sandbox, compute runs until next_job() gives None,
    close the copy. Delivers (RESULT, row) for each run (scenarios.runs.RunRow), (CRASH, traceback) if one raised,
    and (DONE, None) last. `turn`: held while computing (TurnTaking lets go of it)."""
    try:
        own_sandbox(template)
        while (job := next_job()) is not None:
            with turn:
                row = computed_row(loaded, job, model)
            deliver((RESULT, row))
    except Exception:  # noqa: BLE001 - reported to the reader of `deliver`, which raises
        deliver((CRASH, traceback.format_exc()))
    finally:
        close_connections()
        deliver((DONE, None))


def start_threads(loaded, count: int, next_job: Callable, deliver: Callable) -> list:
    """`count` daemon threads running `work`; after Ctrl-C or a crash they finish the run
    in hand and stop (next_job gives None), or die with the process."""
    template, model = template_sandbox(), shared_model(loaded)
    turn = threading.Lock() if model is not None else contextlib.nullcontext()
    if model is not None:
        model = TurnTaking(model, turn)
    threads = [threading.Thread(target=work, args=(loaded, template, model, turn, next_job,
                                                   deliver),
                                name=f"sweep-run-{i}", daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    return threads


def compute_here(loaded, jobs: Iterable, concurrency: int, on_result: Callable) -> None:
    """Compute `jobs` (see unpack) in this process, up to `concurrency` at a time;
    on_result(row) is called in this thread for each (scenarios.runs.RunRow), in completion
    order."""
    jobs = list(jobs)
    if concurrency <= 1 or len(jobs) <= 1:
        model = shared_model(loaded) if jobs else None
        for job in jobs:  # one at a time, in this thread's own sandbox
            on_result(computed_row(loaded, job, model))
        return
    results: queue.Queue = queue.Queue()
    stop = threading.Event()
    feed = _feeder(jobs)
    threads = start_threads(loaded, min(concurrency, len(jobs)),
                            lambda: None if stop.is_set() else feed(), results.put)
    try:
        receive(results.get, len(threads), on_result)
    finally:
        stop.set()
    for thread in threads:
        thread.join()


def computed_row(loaded, job, model):
    """The run of `job`, as the row that stores it."""
    from scenarios import engine
    from scenarios.runs import as_row

    scenario, point, seed = unpack(loaded, job)
    return as_row(engine.run(scenario, seed=seed, overrides=point, model=model))


def unpack(loaded, job) -> tuple:
    """(scenario, grid point, seed) of a job: `(grid point, seed)`, a run of `loaded`, or
    `(grid point, seed, scenario text)`, a run of a variant of it (a design point of a
    sensitivity analysis: its own text and digest), parsed once per process."""
    if len(job) == 2:
        return loaded, *job
    point, seed, text = job
    return variant(text, loaded.file), point, seed


@functools.lru_cache(maxsize=1024)
def variant(text: str, file: str):
    """A variant's scenario. The sensitivity command validates its design points with this
    before the workers fork, so forked workers start with them parsed."""
    from scenarios.format import parse_scenario

    return parse_scenario(text, file)


def receive(get: Callable, threads: int, on_result: Callable) -> None:
    """Read what `threads` threads deliver until each is done; raise on a crash."""
    done = 0
    while done < threads:
        kind, payload = get()
        if kind == RESULT:
            on_result(payload)
        elif kind == CRASH:
            raise RunCrashed(f"a run raised an error:\n{payload}")
        else:
            done += 1


def _feeder(jobs: list) -> Callable:
    """A thread-safe next_job() over a list."""
    pending, lock = iter(jobs), threading.Lock()

    def next_job():
        with lock:
            return next(pending, None)
    return next_job

