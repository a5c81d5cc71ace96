"""The event log as plain data: what runs store, what JSONL exports hold, what metrics read.

Database ids never leave the forum: actors are usernames, causes are positions in the log,
so the same run gives the same list byte for byte wherever it ran.
"""

from collections.abc import Iterable

from .models import Event


def as_records(events: Iterable[Event]) -> list[dict]:
    """Events (in log order) as dicts; `seq` is the 1-based position, `cause` refers to it."""
    records, position = [], {}
    for event in events:
        position[event.pk] = len(records) + 1
        records.append({
            "seq": position[event.pk],
            "t": event.t,
            "at": event.at.isoformat(),
            "actor": _name(event.actor),
            "on_behalf_of": _name(event.on_behalf_of),
            "verb": event.verb,
            "target": event.target,
            "payload": event.payload,
            "approved_by": _name(event.approved_by),
            "cause": position.get(event.cause_id),
        })
    return records


def _name(principal) -> str | None:
    return principal.username if principal is not None else None


def all_records() -> list[dict]:
    related = ("actor", "on_behalf_of", "approved_by")
    return as_records(Event.objects.select_related(*related).order_by("id"))
