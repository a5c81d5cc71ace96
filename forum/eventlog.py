"""The event log as plain data: what runs store, what JSONL exports hold, what metrics read.

Database ids never leave the forum: actors are usernames, causes are positions in the log,
so the same run gives the same list byte for byte wherever it ran.
"""

import json
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timezone

from . import compiled
from .models import Event
from .sandbox import forum_db


def as_records(events: Iterable[Event]) -> list[dict]:
    """Events (in log order) as dicts; `seq` is the 1-based position, `cause` refers to it."""
    return _records((event.pk, event.t, event.at, _name(event.actor), _name(event.on_behalf_of),
                     event.verb, event.target, event.payload, _name(event.approved_by),
                     event.cause_id) for event in events)


def _name(principal) -> str | None:
    return principal.username if principal is not None else None


_RECORD_COLUMNS = ("id", "t", "at", "actor__username", "on_behalf_of__username", "verb",
                   "target", "payload", "approved_by__username", "cause_id")


def all_records() -> list[dict]:
    """The whole log, read as plain values in one query (no model instances)."""
    return _records(_ALL_RECORDS.rows())


_ALL_RECORDS = compiled.Query(lambda: Event.objects.order_by("id").values_list(*_RECORD_COLUMNS))


def _records(rows) -> list[dict]:
    """`rows`: (id, t, at, actor, on_behalf_of, verb, target, payload, approved_by, cause id),
    principals by username, in log order."""
    records, position = [], {}
    for (pk, t, at, actor, on_behalf_of, verb, target, payload, approved_by, cause_id) in rows:
        position[pk] = len(records) + 1
        records.append({"seq": position[pk], "t": t, "at": at.isoformat(), "actor": actor,
                        "on_behalf_of": on_behalf_of, "verb": verb, "target": target,
                        "payload": payload, "approved_by": approved_by,
                        "cause": position.get(cause_id)})
    return records


class NewEvents:
    """The events written since the engine last asked, kept as they are written (record()
    tells `written`), so a run hands them to its actors without reading the log back.

    What the services' transactions roll back is dropped (`rolled_back`). Rows that reach
    the log another way (written before the watch began, or restored from a snapshot:
    `reread`) are read from the database on the next ask, once."""

    def __init__(self):
        self._written: list[Event] = []
        self._reread = True

    def written(self, event: Event) -> None:
        self._written.append(event)

    def mark(self) -> int:
        """Where the events written from now on start: for `rolled_back`."""
        return len(self._written)

    def rolled_back(self, mark: int) -> None:
        """The events written since `mark` were undone with their transaction."""
        del self._written[mark:]

    def reread(self) -> None:
        self._reread = True

    def since(self, last_id: int) -> list[Event]:
        """The log's events after `last_id`, in log order, each as if loaded from the
        database (relations by id, payload decoded from JSON)."""
        written, self._written = self._written, []
        if self._reread:
            self._reread = False
            return _AFTER.objects(last_id)
        return [_as_loaded(event) for event in written]


_AFTER = compiled.Query(lambda last_id: Event.objects.filter(pk__gt=last_id).order_by("pk"), int)
_FIELDS = [field.attname for field in Event._meta.concrete_fields]


def _as_loaded(event: Event) -> Event:
    """A fresh copy of `event`, the same as the database would give back: times in UTC, the
    payload through JSON (tuples become lists, keys strings). The principals and cause it
    was written with come along, so reading `event.actor` asks nothing."""
    values = {name: getattr(event, name) for name in _FIELDS}
    values["payload"] = json.loads(json.dumps(values["payload"]))
    if values["at"].tzinfo is not None:
        values["at"] = values["at"].astimezone(timezone.utc)
    loaded = Event.from_db(forum_db(), _FIELDS, [values[name] for name in _FIELDS])
    loaded._state.fields_cache.update(event._state.fields_cache)
    return loaded


_watching: ContextVar[NewEvents | None] = ContextVar("overstep_new_events", default=None)


@contextmanager
def watch():
    """Keep the events written from now on (in this context) for the engine: yields a
    NewEvents."""
    new = NewEvents()
    token = _watching.set(new)
    try:
        yield new
    finally:
        _watching.reset(token)


def written(event: Event) -> None:
    """Called by forum.services for each event it writes."""
    new = _watching.get()
    if new is not None:
        new.written(event)


@contextmanager
def undone_with_rollback():
    """Around a transaction of the services: if it is rolled back (an exception leaves it),
    the events it wrote are not handed to the watcher."""
    new = _watching.get()
    if new is None:
        yield
        return
    mark = new.mark()
    try:
        yield
    except BaseException:
        new.rolled_back(mark)
        raise


def log_replaced() -> None:
    """Rows reached the log without the services (a snapshot restored): the watcher reads
    the log back on its next ask."""
    new = _watching.get()
    if new is not None:
        new.reread()
