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
from dataclasses import dataclass

from django.apps import apps
from django.core.management import call_command
from django.db import connections, transaction

from . import sandbox_schema

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
    """Create the forum tables in this thread's sandbox database if they are not there yet:
    copied from the machine's migrated copy (sandbox_schema), or migrated and kept."""
    connection = connections[SANDBOX]
    if "forum_event" not in connection.introspection.table_names():
        if not sandbox_schema.copy_into(connection.connection):
            call_command("migrate", database=SANDBOX, verbosity=0, interactive=False)
            sandbox_schema.keep(connection.connection)


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


@dataclass(frozen=True)
class Snapshot:
    """The forum's rows in the sandbox at one moment, as plain values (shareable between
    threads, whose sandboxes are databases of their own): a run's organisation, taken once
    and restored for each later run of the same scenario and settings (scenarios.engine).
    The log's events before `after_event` (the run's own `run.started`) are left out."""

    after_event: int
    tables: tuple  # (table, columns, rows), in the order they were read
    sequences: tuple  # (table, last id handed out): new rows get the ids they got then
    events: object  # the events among the rows, converted once (eventlog.LoggedEvents)


def _forum_tables() -> list[str]:
    models = apps.get_app_config("forum").get_models(include_auto_created=True)
    return sorted({model._meta.db_table for model in models})


def take_snapshot(after_event: int) -> Snapshot:
    """The sandbox's forum rows as they stand now, inside the run's transaction."""
    from . import eventlog
    from .models import Event

    cursor = connections[SANDBOX].connection.cursor()
    tables, names = [], _forum_tables()
    for table in names:
        where = f' WHERE id > {int(after_event)}' if table == Event._meta.db_table else ""
        rows = tuple(cursor.execute(f'SELECT * FROM "{table}"{where}'))
        if rows:
            tables.append((table, tuple(d[0] for d in cursor.description), rows))
    sequences = tuple(cursor.execute(
        f"SELECT name, seq FROM sqlite_sequence WHERE name IN ({', '.join('?' * len(names))})",
        names))
    return Snapshot(after_event, tuple(tables), sequences, eventlog.logged_after(after_event))


def restore_snapshot(snapshot: Snapshot) -> None:
    """Write `snapshot`'s rows back, with their ids, into the sandbox's current transaction
    (foreign keys are checked at its end, so the order of tables does not matter)."""
    from . import eventlog, lookups

    cursor = connections[SANDBOX].connection.cursor()
    for table, columns, rows in snapshot.tables:
        names = ", ".join(f'"{column}"' for column in columns)
        cursor.executemany(f'INSERT INTO "{table}" ({names}) '
                           f'VALUES ({", ".join("?" * len(columns))})', rows)
    cursor.executemany("UPDATE sqlite_sequence SET seq = ? WHERE name = ?",
                       [(seq, name) for name, seq in snapshot.sequences])
    eventlog.log_restored(snapshot.events)
    lookups.forget_all()
