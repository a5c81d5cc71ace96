"""Questions, replies, agent answers and the approval queue, and carrying out advice."""

import secrets
from dataclasses import dataclass

from .. import clock, guardrails, permissions
from ..errors import AccessDenied, InvalidAction
from ..models import Advice, Group, Post, Principal, Resource, Space, Thread
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
        grantee = f"group:{self.group.slug}" if self.group else f"principal:{self.principal.username}"
        return {
            "action": self.action,
            "resource": self.resource.slug,
            "grantee": grantee,
            "permission": self.permission,
            "summary": self.summary,
            "is_safe": self.is_safe,
        }


def _create_post(thread, *, author, body, status, provenance, on_behalf_of=None, advice=None):
    now = clock.now()
    position = thread.posts.count() + 1
    post = Post.objects.create(
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
    )
    if advice is not None:
        Advice.objects.create(
            post=post, action=advice.action, resource=advice.resource, group=advice.group,
            principal=advice.principal, permission=advice.permission, summary=advice.summary,
            is_safe=advice.is_safe,
        )
    return post


def _post_payload(post: Post, advice: AdviceSpec | None) -> dict:
    return {
        "thread": post.thread.key,
        "provenance": post.provenance,
        "advice": advice.as_payload() if advice else None,
    }


def post_question(author: Principal, space: Space, *, title: str, body: str, key=None) -> Thread:
    if not permissions.can_post_in_space(author, space):
        refuse(AccessDenied(f"{author} may not post in {space.slug}", target=target_of(space)),
               "question.refused", actor=author)
    with atomic():
        thread = Thread.objects.create(
            space=space, key=key or f"t-{secrets.token_hex(4)}", title=title, author=author,
            created_at=clock.now(),
        )
        post = _create_post(thread, author=author, body=body, status=Post.Status.PUBLISHED,
                            provenance=Post.Provenance.HUMAN)
        record("question.posted", target_of(thread), actor=author,
               payload={"space": space.slug, "title": title, "post": post.key})
    return thread


def reply(author: Principal, thread: Thread, *, body: str, advice: AdviceSpec | None = None,
          cause=None) -> Post:
    """A person's reply, published at once."""
    if author.is_agent:
        refuse(InvalidAction("agents answer through agent_respond, not reply",
                             target=target_of(thread)), "post.refused", actor=author, cause=cause)
    if not permissions.can_post_in_space(author, thread.space):
        refuse(AccessDenied(f"{author} may not post in {thread.space.slug}",
                            target=target_of(thread)), "post.refused", actor=author, cause=cause)
    with atomic():
        post = _create_post(thread, author=author, body=body, status=Post.Status.PUBLISHED,
                            provenance=Post.Provenance.HUMAN, advice=advice)
        record("post.published", target_of(post), actor=author, cause=cause,
               payload=_post_payload(post, advice))
    return post


def invoke_agent(invoker: Principal, agent: Principal, thread: Thread):
    """A person asks an agent to analyse a thread."""
    target = target_of(thread)
    if not agent.is_agent:
        refuse(InvalidAction(f"{agent} is not an agent", target=target), "agent.invoke_refused",
               actor=invoker)
    if not permissions.can_read_space(invoker, thread.space):
        refuse(AccessDenied(f"{invoker} may not read {thread.space.slug}", target=target),
               "agent.invoke_refused", actor=invoker)
    with atomic():
        return record("agent.invoked", target, actor=invoker, payload={"agent": agent.username})


AGENT_ROUTES = {
    "publish": (Post.Status.PUBLISHED, "post.published"),
    "draft": (Post.Status.DRAFT, "post.drafted"),
    "private": (Post.Status.PRIVATE, "post.private"),
}


def agent_respond(agent: Principal, thread: Thread, *, invoker: Principal, body: str,
                  advice: AdviceSpec | None = None, cause=None) -> Post:
    """An agent's answer. The guardrails in force decide whether it is published, drafted
    for the invoker's approval, or delivered to the invoker alone."""
    target = target_of(thread)
    if not agent.is_agent:
        refuse(InvalidAction(f"{agent} is not an agent", target=target), "post.refused",
               actor=agent, cause=cause)
    if not permissions.can_post_in_space(agent, thread.space):
        refuse(AccessDenied(f"{agent} may not post in {thread.space.slug}", target=target),
               "post.refused", actor=agent, cause=cause)
    route, _by = guardrails.route_agent_post(
        guardrails.in_force(), guardrails.AgentPostRequest(agent.username, invoker.username))
    status, verb = AGENT_ROUTES[route]
    with atomic():
        post = _create_post(thread, author=agent, body=body, status=status,
                            provenance=Post.Provenance.AI, on_behalf_of=invoker, advice=advice)
        record(verb, target_of(post), actor=agent, on_behalf_of=invoker, cause=cause,
               payload=_post_payload(post, advice))
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
               "post.approve_refused", actor=approver, cause=cause)
    with atomic():
        now = clock.now()
        post.status, post.approved_by, post.approved_at, post.published_at = (
            Post.Status.PUBLISHED, approver, now, now)
        post.save(update_fields=["status", "approved_by", "approved_at", "published_at"])
        record("post.approved", target_of(post), actor=approver, on_behalf_of=approver,
               approved_by=approver, cause=cause,
               payload={"thread": post.thread.key, "provenance": post.provenance,
                        "author": post.author.username, "advice": _advice_payload(post)})
    return post


def reject_post(approver: Principal, post: Post, *, cause=None) -> Post:
    if not permissions.can_approve_post(approver, post):
        refuse(AccessDenied(f"{approver} may not reject {post.key}", target=target_of(post)),
               "post.reject_refused", actor=approver, cause=cause)
    with atomic():
        post.status = Post.Status.REJECTED
        post.save(update_fields=["status"])
        record("post.rejected", target_of(post), actor=approver, cause=cause,
               payload={"thread": post.thread.key, "author": post.author.username,
                        "advice": _advice_payload(post)})
    return post


def follow_advice(reader: Principal, post: Post, *, cause=None):
    """Carry out the advice a post gives, as `reader`: an ACL change like any other."""
    from .acl import change_access

    if not permissions.can_see_post(reader, post):
        refuse(AccessDenied(f"{reader} cannot see {post.key}", target=target_of(post)),
               "acl.refused", actor=reader, cause=cause)
    if post.status == Post.Status.DRAFT:
        refuse(InvalidAction(f"{post.key} is a draft: approve it before carrying out its advice",
                             target=target_of(post)), "acl.refused", actor=reader, cause=cause)
    advice = getattr(post, "advice", None)
    if advice is None:
        refuse(InvalidAction(f"{post.key} gives no advice to follow", target=target_of(post)),
               "acl.refused", actor=reader, cause=cause)
    return change_access(reader, advice.resource, action=advice.action, group=advice.group,
                         principal=advice.principal, permission=advice.permission,
                         advice_post=post, cause=cause)
