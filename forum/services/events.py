"""Writing the audit log. Every service call ends in exactly one record() (or refuse())."""

from django.db import transaction

from .. import clock
from ..errors import ForumError
from ..models import Event, Principal
from ..sandbox import forum_db


def atomic():
    return transaction.atomic(using=forum_db())


def record(
    verb: str,
    target: str,
    *,
    actor: Principal | None = None,
    on_behalf_of: Principal | None = None,
    approved_by: Principal | None = None,
    cause: Event | None = None,
    payload: dict | None = None,
) -> Event:
    return Event.objects.create(
        at=clock.now(),
        t=clock.minutes(),
        actor=actor,
        on_behalf_of=on_behalf_of,
        verb=verb,
        target=target,
        payload=payload or {},
        approved_by=approved_by,
        cause=cause,
    )


def refuse(error: ForumError, verb: str, *, actor, on_behalf_of=None, cause=None, payload=None):
    """Log a refused attempt as its own event, then raise the domain error.

    Called before any change is made, so the refusal is the call's one event and nothing
    else is written.
    """
    details = {"reason": error.message, "error": error.code, **(payload or {})}
    with atomic():
        record(verb, error.target, actor=actor, on_behalf_of=on_behalf_of, cause=cause,
               payload=details)
    raise error


def target_of(obj) -> str:
    from ..models import AclChange, Group, Post, Principal, Resource, Space, Thread

    labels = {
        Group: lambda o: f"group:{o.slug}",
        Principal: lambda o: f"principal:{o.username}",
        Space: lambda o: f"space:{o.slug}",
        Thread: lambda o: f"thread:{o.key}",
        Post: lambda o: f"post:{o.key}",
        Resource: lambda o: f"resource:{o.slug}",
        AclChange: lambda o: f"acl-change:{o.pk}",
    }
    return labels[type(obj)](obj)
