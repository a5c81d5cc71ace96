"""A private, throw-away forum for the engine.

The engine replays a scenario against the real forum code, but in the `sandbox` database
(in-memory SQLite, shared by the threads of a process: one run at a time uses it; sweeps
that keep several runs in flight give each thread its own copy, scenarios/sweeps/threads.py)
inside a transaction that is rolled back at the end.
Runs never collide with each other or with the demo forum, and only what a run produces
(its event log and metrics) is kept, in `default`.
"""

import threading
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.management import call_command
from django.db import connections, transaction

SANDBOX = "sandbox"
SANDBOXED_APPS = frozenset({"forum"})
SANDBOX_SCHEMA_APPS = frozenset({"forum", "auth", "contenttypes"})

_alias: ContextVar[str] = ContextVar("overstep_forum_db", default="default")
# One run at a time per sandbox database. The web server's threads share the process's
# in-memory sandbox (shared cache): two replays at once (a console and a room polling)
# would see each other's uncommitted rows. Sweep threads have databases of their own.
_in_use: defaultdict[str, threading.RLock] = defaultdict(threading.RLock)
_in_use_guard = threading.Lock()


def forum_db() -> str:
    """The database alias the forum's models live in right now."""
    return _alias.get()


class SandboxRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label in SANDBOXED_APPS:
            return _alias.get()
        return None

    db_for_write = db_for_read

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db == SANDBOX:
            return app_label in SANDBOX_SCHEMA_APPS
        return None


def ensure_schema() -> None:
    """Create the forum tables in this thread's sandbox database if they are not there yet."""
    connection = connections[SANDBOX]
    if "forum_event" not in connection.introspection.table_names():
        call_command("migrate", database=SANDBOX, verbosity=0, interactive=False)


@contextmanager
def sandbox():
    """Route forum models to the sandbox for the duration, and roll everything back after."""
    with _lock_for(connections[SANDBOX].settings_dict["NAME"]):
        ensure_schema()
        token = _alias.set(SANDBOX)
        try:
            with transaction.atomic(using=SANDBOX):
                yield
                transaction.set_rollback(True, using=SANDBOX)
        finally:
            _alias.reset(token)


def _lock_for(name: str) -> threading.RLock:
    with _in_use_guard:
        return _in_use[name]
