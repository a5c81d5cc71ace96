"""Reading protected data and threads, raising alerts, and recording people's decisions."""

from collections import Counter

from .. import compiled, permissions
from ..errors import AccessDenied
from ..models import Post, Principal, Record, Resource, Thread
from ..vocabulary import Verb
from .events import record, refuse, target_of

SAMPLE_SIZE = 50
POST_RELATED = ("author", "on_behalf_of", "approved_by", "advice", "advice__resource",
                "advice__group", "advice__principal")


def read_thread(reader: Principal, thread: Thread, *, on_behalf_of: Principal | None = None,
                cause=None) -> list[Post]:
    """The posts of `thread` that `reader` may see, in order, and the read logged.

    The event's `quotes` are the records the published posts copy: what reading the
    thread exposed the reader to (their own drafts and private analyses expose nothing new).
    """
    target = target_of(thread)
    if not permissions.can_read_space(reader, thread.space):
        refuse(AccessDenied(f"{reader} may not read {thread.space.slug}", target=target),
               Verb.THREAD_READ_REFUSED, actor=reader, on_behalf_of=on_behalf_of, cause=cause)
    posts = _VISIBLE_POSTS.objects(reader, thread)
    record(Verb.THREAD_READ, target, actor=reader, on_behalf_of=on_behalf_of, cause=cause,
           payload={"posts": [post.key for post in posts], "quotes": _quotes_seen(posts)})
    return posts


_VISIBLE_POSTS = compiled.Query(
    lambda reader, thread: permissions.visible_posts(reader, thread.posts.all())
    .select_related(*POST_RELATED).order_by("position"), Principal, Thread)


def _quotes_seen(posts: list[Post]) -> dict[str, int]:
    seen = Counter()
    for post in posts:
        if post.status == Post.Status.PUBLISHED:
            seen.update(post.quoted_records)
    return dict(sorted(seen.items()))


def read_resource(reader: Principal, resource: Resource, *, purpose: str = "",
                  cause=None) -> list[Record]:
    """Return a sample of the records if the effective ACL lets `reader` in, and log the read.

    Access that is effective but not intended still succeeds: that is the exposure.
    """
    target = target_of(resource)
    if not permissions.can_read_resource(reader, resource):
        refuse(AccessDenied(f"{reader} may not read {resource.slug}", target=target),
               Verb.RESOURCE_READ_REFUSED, actor=reader, cause=cause)
    record(Verb.RESOURCE_READ, target, actor=reader, cause=cause,
           payload={"records": resource.record_count, "purpose": purpose})
    return list(resource.records.all()[:SAMPLE_SIZE])


def raise_alert(monitor: Principal | None, target: str, *, reason: str, cause=None,
                details: dict | None = None):
    """Someone (or an automated check, monitor None) flags something for a responder."""
    return record(Verb.ALERT_RAISED, target, actor=monitor, cause=cause,
                  payload={"reason": reason, **(details or {})})


def record_decision(actor: Principal, *, point: str, choice: str, target: str, cause=None,
                    details: dict | None = None):
    """A person (or a scripted persona) chose at a decision point; the log keeps why."""
    return record(Verb.DECISION_MADE, target, actor=actor, cause=cause,
                  payload={"point": point, "choice": choice, **(details or {})})


def mark_run(verb: Verb, **payload):
    """The engine's `run.started` / `run.ended` markers, so a log says what it is a log of."""
    return record(verb, "run", payload=payload)
