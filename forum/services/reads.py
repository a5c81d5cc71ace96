"""Reading protected data, raising alerts, and recording people's decisions."""

from .. import permissions
from ..errors import AccessDenied
from ..models import Principal, Record, Resource
from .events import atomic, record, refuse, target_of

SAMPLE_SIZE = 50


def read_resource(reader: Principal, resource: Resource, *, purpose: str = "",
                  cause=None) -> list[Record]:
    """Return a sample of the records if the effective ACL lets `reader` in, and log the read.

    Access that is effective but not intended still succeeds: that is the exposure.
    """
    target = target_of(resource)
    if not permissions.can_read_resource(reader, resource):
        refuse(AccessDenied(f"{reader} may not read {resource.slug}", target=target),
               "resource.read_refused", actor=reader, cause=cause)
    with atomic():
        record("resource.read", target, actor=reader, cause=cause,
               payload={"records": resource.record_count, "purpose": purpose})
    return list(resource.records.all()[:SAMPLE_SIZE])


def raise_alert(monitor: Principal | None, target: str, *, reason: str, cause=None,
                details: dict | None = None):
    """Someone (or an automated check, monitor None) flags something for a responder."""
    with atomic():
        return record("alert.raised", target, actor=monitor, cause=cause,
                      payload={"reason": reason, **(details or {})})


def record_decision(actor: Principal, *, point: str, choice: str, target: str, cause=None,
                    details: dict | None = None):
    """A person (or a scripted persona) chose at a decision point; the log keeps why."""
    with atomic():
        return record("decision.made", target, actor=actor, cause=cause,
                      payload={"point": point, "choice": choice, **(details or {})})


def mark_run(verb: str, **payload):
    """The engine's `run.started` / `run.ended` markers, so a log says what it is a log of."""
    with atomic():
        return record(verb, "run", payload=payload)
