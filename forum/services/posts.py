"""Questions, replies, the approval queue, and carrying out advice; the post-making that
agents' answers share (forum.services.agent_posts)."""

import secrets
from dataclasses import dataclass

from .. import clock, compiled, permissions, quotes
from ..errors import AccessDenied, InvalidAction
from ..models import Advice, Group, Post, Principal, Resource, Space, Thread, grantee_label
from ..vocabulary import Verb
from .events import atomic, record, refuse, target_of


@dataclass(frozen=True)
class AdviceSpec:
    """An action a reader can carry out, with the hidden truth of whether it is safe."""

    action: str
    resource: Resource
    summary: str
    is_safe: bool
    group: Group | None = None
    principal: Principal | None = None
    permission: str = "read"

    def as_payload(self) -> dict:
        return {
            "action": self.action,
            "resource": self.resource.slug,
            "grantee": grantee_label(group=self.group, principal=self.principal),
            "permission": self.permission,
            "summary": self.summary,
            "is_safe": self.is_safe,
        }


def create_post(thread, *, author, body, status, provenance, on_behalf_of=None, advice=None,
                quoted: dict | None = None) -> Post:
    """One post and its advice; `quoted` is the body's quoted records when the caller has
    them already. The caller holds the transaction and records the event."""
    now = clock.now()
    position = len(_POSTS_IN.rows(thread)) + 1
    post = compiled.create(
        Post,
        thread=thread,
        key=f"{thread.key}.{position}",
        position=position,
        author=author,
        on_behalf_of=on_behalf_of,
        provenance=provenance,
        status=status,
        body=body,
        created_at=now,
        published_at=now if status == Post.Status.PUBLISHED else None,
        quoted_records=quotes.quoted_records(body) if quoted is None else quoted,
    )
    if advice is not None:
        compiled.create(
            Advice, post=post, action=advice.action, resource=advice.resource, group=advice.group,
            principal=advice.principal, permission=advice.permission, summary=advice.summary,
            is_safe=advice.is_safe,
        )
    return post


_POSTS_IN = compiled.Query(lambda thread: Post.objects.filter(thread=thread).values_list("id"),
                           Thread)


def open_thread(space: Space, *, author: Principal, title: str, key=None) -> Thread:
    return compiled.create(
        Thread, space=space, key=key or f"t-{secrets.token_hex(4)}", title=title, author=author,
        created_at=clock.now(),
    )


def quote_payload(post: Post) -> dict:
    """`quotes` and `space` for a post that copies records, and nothing for one that does
    not, so the events of posts without quotes read as they always have."""
    if not post.quoted_records:
        return {}
    return {"quotes": dict(post.quoted_records), "space": post.thread.space.slug}


def post_payload(post: Post, advice: AdviceSpec | None) -> dict:
    return {
        "thread": post.thread.key,
        "provenance": post.provenance,
        "advice": advice.as_payload() if advice else None,
        **quote_payload(post),
    }


def _with_injection(payload: dict, injection: dict | None) -> dict:
    """A scenario's hidden truth that a post carries instructions aimed at AI agents."""
    return payload if injection is None else {**payload, "injection": injection}


AGENTS_POST_ELSEWHERE = "agents publish through agent_respond / agent_open_thread"


def post_question(author: Principal, space: Space, *, title: str, body: str, key=None,
                  injection: dict | None = None) -> Thread:
    """A person's question, published at once as the first post of a new thread."""
    if author.is_agent:
        refuse(InvalidAction(AGENTS_POST_ELSEWHERE, target=target_of(space)),
               Verb.QUESTION_REFUSED, actor=author)
    if not permissions.can_post_in_space(author, space):
        refuse(AccessDenied(f"{author} may not post in {space.slug}", target=target_of(space)),
               Verb.QUESTION_REFUSED, actor=author)
    with atomic():
        thread = open_thread(space, author=author, title=title, key=key)
        post = create_post(thread, author=author, body=body, status=Post.Status.PUBLISHED,
                           provenance=Post.Provenance.HUMAN)
        record(Verb.QUESTION_POSTED, target_of(thread), actor=author, payload=_with_injection(
            {"space": space.slug, "title": title, "post": post.key, **quote_payload(post)},
            injection))
    return thread


def reply(author: Principal, thread: Thread, *, body: str, advice: AdviceSpec | None = None,
          cause=None, injection: dict | None = None) -> Post:
    """A person's reply, published at once."""
    if author.is_agent:
        refuse(InvalidAction(AGENTS_POST_ELSEWHERE, target=target_of(thread)), Verb.POST_REFUSED,
               actor=author, cause=cause)
    if not permissions.can_post_in_space(author, thread.space):
        refuse(AccessDenied(f"{author} may not post in {thread.space.slug}",
                            target=target_of(thread)),
               Verb.POST_REFUSED, actor=author, cause=cause)
    with atomic():
        post = create_post(thread, author=author, body=body, status=Post.Status.PUBLISHED,
                           provenance=Post.Provenance.HUMAN, advice=advice)
        record(Verb.POST_PUBLISHED, target_of(post), actor=author, cause=cause,
               payload=_with_injection(post_payload(post, advice), injection))
    return post


def _advice_payload(post: Post) -> dict | None:
    advice = getattr(post, "advice", None)
    if advice is None:
        return None
    return {
        "action": advice.action, "resource": advice.resource.slug,
        "grantee": advice.grantee_label, "permission": advice.permission,
        "summary": advice.summary, "is_safe": advice.is_safe,
    }


def approve_post(approver: Principal, post: Post, *, cause=None) -> Post:
    """The human an agent acted for approves its draft, which publishes it."""
    if not permissions.can_approve_post(approver, post):
        refuse(AccessDenied(f"{approver} may not approve {post.key}", target=target_of(post)),
               Verb.POST_APPROVE_REFUSED, actor=approver, cause=cause)
    with atomic():
        now = clock.now()
        post.status, post.approved_by, post.approved_at, post.published_at = (
            Post.Status.PUBLISHED, approver, now, now)
        post.save(update_fields=["status", "approved_by", "approved_at", "published_at"])
        record(Verb.POST_APPROVED, target_of(post), actor=approver, on_behalf_of=approver,
               approved_by=approver, cause=cause,
               payload={"thread": post.thread.key, "provenance": post.provenance,
                        "author": post.author.username, "advice": _advice_payload(post),
                        **quote_payload(post)})
    return post


def reject_post(approver: Principal, post: Post, *, cause=None) -> Post:
    if not permissions.can_approve_post(approver, post):
        refuse(AccessDenied(f"{approver} may not reject {post.key}", target=target_of(post)),
               Verb.POST_REJECT_REFUSED, actor=approver, cause=cause)
    with atomic():
        post.status = Post.Status.REJECTED
        post.save(update_fields=["status"])
        record(Verb.POST_REJECTED, target_of(post), actor=approver, cause=cause,
               payload={"thread": post.thread.key, "author": post.author.username,
                        "advice": _advice_payload(post), **quote_payload(post)})
    return post


def follow_advice(reader: Principal, post: Post, *, cause=None):
    """Carry out the advice a post gives, as `reader`: an ACL change like any other, made
    once: a second follow of the same post by the same person is refused."""
    from .acl import change_access

    if not permissions.can_see_post(reader, post):
        refuse(AccessDenied(f"{reader} cannot see {post.key}", target=target_of(post)),
               Verb.ACL_REFUSED, actor=reader, cause=cause)
    if post.status == Post.Status.DRAFT:
        refuse(InvalidAction(f"{post.key} is a draft: approve it before carrying out its advice",
                             target=target_of(post)), Verb.ACL_REFUSED, actor=reader, cause=cause)
    advice = getattr(post, "advice", None)
    if advice is None:
        refuse(InvalidAction(f"{post.key} gives no advice to follow", target=target_of(post)),
               Verb.ACL_REFUSED, actor=reader, cause=cause)
    if permissions.has_followed_advice(reader, post):
        refuse(InvalidAction(f"you have already carried out the advice of {post.key}",
                             target=target_of(post)), Verb.ACL_REFUSED, actor=reader, cause=cause)
    return change_access(reader, advice.resource, action=advice.action, group=advice.group,
                         principal=advice.principal, permission=advice.permission,
                         advice_post=post, cause=cause)
