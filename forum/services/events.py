"""Writing the audit log. Every service call ends in exactly one record() (or refuse()).

A call whose one write is its event needs no transaction of its own (one INSERT is all or
nothing); a call that changes rows and logs the change holds atomic() around both."""

from contextlib import contextmanager

from django.db import transaction

from .. import clock, compiled, eventlog, lookups, vocabulary
from ..errors import ForumError
from ..models import Event, Principal
from ..sandbox import forum_db
from . import rows


@contextmanager
def atomic():
    """The services' transaction: all of a call's changes and its event, or none of them
    (and then its events are not handed to the engine either)."""
    try:
        with eventlog.undone_with_rollback(), transaction.atomic(using=forum_db()):
            yield
    except BaseException:
        lookups.forget_all()
        raise


def record(
    verb: vocabulary.Verb,
    target: str,
    *,
    actor: Principal | None = None,
    on_behalf_of: Principal | None = None,
    approved_by: Principal | None = None,
    cause: Event | None = None,
    payload: dict | None = None,
) -> Event:
    event = _event(verb, target, actor=actor, on_behalf_of=on_behalf_of,
                   approved_by=approved_by, cause=cause, payload=payload)
    if not _INSERT.save(event, forum_db()):
        event.save(force_insert=True, using=forum_db())
    eventlog.written(event)
    lookups.written(event.verb)
    return event


def record_each(verb: vocabulary.Verb, entries: list[tuple[str, dict]]) -> list[Event]:
    """record(verb, target, payload=payload) for each (target, payload), by the system, at
    one moment, in order: the same events and ids, in a few queries however many (an
    organisation's 100,000 principals). Targets are distinct and new to the log's `verb`
    events (each principal is created once)."""
    at, t = clock.now(), clock.minutes()
    before = rows.last_id(Event)
    at_in_db, as_json = rows.preparer(Event, "at")(at), rows.preparer(Event, "payload")
    rows.insert(Event, ["at", "t", "verb", "target", "payload"],
                [(at_in_db, t, str(verb), target, as_json(payload))
                 for target, payload in entries])
    targets = [target for target, _ in entries]
    ids = rows.ids_after(Event, before, "target", targets, where=("verb = %s", [str(verb)]))
    events = [rows.loaded(Event, dict(id=pk, at=at, t=t, verb=str(verb), target=target,
                                      payload=payload))
              for pk, (target, payload) in zip(ids, entries)]
    for event in events:
        eventlog.written(event)
    lookups.written(verb)
    return events


_INSERT = compiled.Insert(Event)


def _event(verb, target, *, actor=None, on_behalf_of=None, approved_by=None, cause=None,
           payload=None) -> Event:
    """The unsaved event, its principals and cause attached as Event(actor=...) would."""
    related = {"actor": actor, "on_behalf_of": on_behalf_of, "approved_by": approved_by,
               "cause": cause}
    values = {"id": None, "at": clock.now(), "t": clock.minutes(),
              "verb": str(verb),  # the plain word, as the event reads when loaded back
              "target": target, "payload": payload or {},
              **{f"{name}_id": None if obj is None else obj.pk for name, obj in related.items()}}
    # Positional arguments, in the order of Event's fields: Model.__init__'s fast path.
    event = Event(*[values[name] for name in _FIELDS])
    event._state.fields_cache.update(related)
    return event


_FIELDS = [field.attname for field in Event._meta.concrete_fields]


def refuse(error: ForumError, verb: vocabulary.Verb, *, actor, on_behalf_of=None, cause=None,
           payload=None):
    """Log a refused attempt as its own event, then raise the domain error.

    Called before any change is made, so the refusal is the call's one event and nothing
    else is written.
    """
    details = {"reason": error.message, "error": error.code, **(payload or {})}
    record(verb, error.target, actor=actor, on_behalf_of=on_behalf_of, cause=cause,
           payload=details)
    raise error


def target_of(obj) -> str:
    from ..models import AclChange, Group, Post, Principal, Resource, Space, Thread

    names = {
        Group: lambda o: (vocabulary.GROUP, o.slug),
        Principal: lambda o: (vocabulary.PRINCIPAL, o.username),
        Space: lambda o: (vocabulary.SPACE, o.slug),
        Thread: lambda o: (vocabulary.THREAD, o.key),
        Post: lambda o: (vocabulary.POST, o.key),
        Resource: lambda o: (vocabulary.RESOURCE, o.slug),
        AclChange: lambda o: (vocabulary.ACL_CHANGE, o.pk),
    }
    return vocabulary.target(*names[type(obj)](obj))
