"""The event log as plain data: what runs store, what JSONL exports hold, what metrics read.

Database ids never leave the forum: actors are usernames, causes are positions in the log,
so the same run gives the same list byte for byte wherever it ran.
"""

import json
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timezone
from functools import partial

from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

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
    """The whole log, read as plain values (no model instances). Events a snapshot restored
    in this watch (restore_snapshot) are not read again: only the rows around them are."""
    new = _watching.get()
    known = new.restored_in_log() if new is not None else None
    if known is None:
        return _records(_ALL_RECORDS.rows())
    first, last = known.ids[0], known.ids[-1]
    around = _RECORDS_AROUND.rows(first, last)
    before = [row for row in around if row[0] < first]
    return _records([*before, *known.record_rows(), *around[len(before):]])


_ALL_RECORDS = compiled.Query(lambda: Event.objects.order_by("id").values_list(*_RECORD_COLUMNS))
_RECORDS_AROUND = compiled.Query(lambda first, last: Event.objects.exclude(
    id__range=(first, last)).order_by("id").values_list(*_RECORD_COLUMNS), int, int)
_IDS_BETWEEN = compiled.Query(lambda first, last: Event.objects.filter(
    id__range=(first, last)).order_by("id").values_list("id", flat=True), int, int)
_IDS_AFTER = compiled.Query(lambda last_id: Event.objects.filter(
    id__gt=last_id).order_by("id").values_list("id", flat=True), int)
_RECORDS_AFTER = compiled.Query(lambda last_id: Event.objects.filter(
    id__gt=last_id).order_by("id").values_list(*_RECORD_COLUMNS), int)


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
    the log another way are looked for on the next ask, once: the ids after the last event
    handed over are read, and if each is one written or restored here (`restored`: a
    snapshot's events, converted when it was taken) it is handed over from memory;
    otherwise (rows written before the watch began) the events are read from the log."""

    def __init__(self):
        self._written: list[Event] = []
        self._restored: dict[int, tuple] = {}  # id -> LoggedEvents fields, since the last ask
        self._in_log: list[LoggedEvents] = []  # every block restored, for all_records()
        self._reread = True

    def written(self, event: Event) -> None:
        self._written.append(event)

    def mark(self) -> int:
        """Where the events written from now on start: for `rolled_back`."""
        return len(self._written)

    def rolled_back(self, mark: int) -> None:
        """The events written since `mark` were undone with their transaction."""
        del self._written[mark:]

    def restored(self, logged: "LoggedEvents") -> None:
        """`logged`'s rows were written back into the log, ids and all (a snapshot)."""
        self._reread = True
        self._restored.update(zip(logged.ids, logged.fields))
        self._in_log.append(logged)

    def restored_in_log(self) -> "LoggedEvents | None":
        """The events restored in this watch, if there was one block of them and the log's
        ids in its range are still exactly its own (the log is only ever appended to)."""
        if len(self._in_log) != 1 or not self._in_log[0].ids:
            return None
        logged = self._in_log[0]
        present = _IDS_BETWEEN.rows(logged.ids[0], logged.ids[-1])
        return logged if tuple(pk for (pk,) in present) == logged.ids else None

    def since(self, last_id: int) -> list[Event]:
        """The log's events after `last_id`, in log order, each as if loaded from the
        database (relations by id, payload decoded from JSON)."""
        return [make() for _, _, make in self._take(last_id)]

    def passed(self, last_id: int) -> list[tuple[int, int | None]]:
        """(id, cause id) of the events since() would hand over, without making them: for a
        world whose actors do not listen yet (its organisation's events)."""
        return [(pk, cause) for pk, cause, _ in self._take(last_id)]

    def _take(self, last_id: int) -> list[tuple]:
        """(id, cause id, a maker of the event) of the log's events after `last_id`."""
        written, self._written = self._written, []
        restored, self._restored = self._restored, {}
        if not self._reread:
            return [_written_event(event) for event in written]
        self._reread = False
        ids = [pk for (pk,) in _IDS_AFTER.rows(last_id)]
        known = {event.pk: event for event in written}
        if not all(pk in known or pk in restored for pk in ids):
            return [(event.pk, event.cause_id, partial(_same, event))
                    for event in _AFTER.objects(last_id)]
        return [_written_event(known[pk]) if pk in known
                else (pk, restored[pk][_CAUSE_FIELD], partial(_fresh, restored[pk]))
                for pk in ids]


def _written_event(event: Event) -> tuple:
    return event.pk, event.cause_id, partial(_as_loaded, event)


def _same(event: Event) -> Event:
    return event


_AFTER = compiled.Query(lambda last_id: Event.objects.filter(pk__gt=last_id).order_by("pk"), int)
_FIELDS = [field.attname for field in Event._meta.concrete_fields]
_PAYLOAD_FIELD = _FIELDS.index("payload")
_CAUSE_FIELD = _FIELDS.index("cause_id")
_PAYLOAD_COLUMN = _RECORD_COLUMNS.index("payload")


def _as_loaded(event: Event) -> Event:
    """A fresh copy of `event`, the same as the database would give back: times in UTC, the
    payload through JSON (tuples become lists, keys strings). The principals and cause it
    was written with come along, so reading `event.actor` asks nothing."""
    values = {name: getattr(event, name) for name in _FIELDS}
    values["payload"] = json.loads(json.dumps(values["payload"]))
    if values["at"].tzinfo is not None:
        values["at"] = values["at"].astimezone(timezone.utc)
    loaded = _loaded([values[name] for name in _FIELDS])
    loaded._state.fields_cache.update(event._state.fields_cache)
    return loaded


@dataclass(frozen=True)
class LoggedEvents:
    """Events of the log converted once into plain values that threads may share (a
    snapshot's events, restored for each later run, scenarios.engine.setup), handed over
    again as fresh Event instances and records without reading the rows back. Payloads are
    kept as JSON text, so that each run decodes dicts of its own."""

    ids: tuple[int, ...]
    fields: tuple[tuple, ...]  # per event, its values by _FIELDS as loaded
    records: tuple[tuple, ...]  # per event, its _RECORD_COLUMNS row

    def record_rows(self) -> list[tuple]:
        return [_payload_as(json.loads, row, _PAYLOAD_COLUMN) for row in self.records]


def logged_after(last_id: int) -> LoggedEvents:
    """The log's events after `last_id`, as LoggedEvents."""
    events = _AFTER.objects(last_id)
    fields = tuple(_payload_as(json.dumps, [getattr(event, name) for name in _FIELDS],
                               _PAYLOAD_FIELD) for event in events)
    records = tuple(_payload_as(json.dumps, row, _PAYLOAD_COLUMN)
                    for row in _RECORDS_AFTER.rows(last_id))
    return LoggedEvents(tuple(event.pk for event in events), fields, records)


def _payload_as(convert, row, at: int) -> tuple:
    """`row` with its payload (at `at`) converted: to JSON text to keep, back to use."""
    return (*row[:at], convert(row[at]), *row[at + 1:])


def _fresh(fields: tuple) -> Event:
    """An Event of LoggedEvents `fields`, as loaded from the database."""
    return _loaded(_payload_as(json.loads, fields, _PAYLOAD_FIELD))


def _loaded(values) -> Event:
    """The Event Event.from_db makes of `values` (by _FIELDS): the values set on a new
    instance as Model.__init__ sets them, without its per-field work (ten times quicker),
    unless something listens to an Event's initialisation."""
    if pre_init.has_listeners(Event) or post_init.has_listeners(Event):
        return Event.from_db(forum_db(), _FIELDS, values)
    event = Event.__new__(Event)
    state = ModelState()
    state.adding, state.db = False, forum_db()
    event.__dict__.update(_state=state, **dict(zip(_FIELDS, values)))
    return event


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


def log_restored(logged: LoggedEvents) -> None:
    """`logged`'s rows reached the log without the services (a snapshot restored): the
    watcher hands them over from memory on its next ask."""
    new = _watching.get()
    if new is not None:
        new.restored(logged)
