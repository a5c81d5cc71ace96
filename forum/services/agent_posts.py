"""Invoking agents, and what agents publish: answers in a thread and threads of their own.

Whether an agent's post is published, drafted for the invoker's approval, delivered to
the invoker alone, or refused is never the agent's choice: the guardrails in force route
it (guardrails.route_agent_post), seeing which records the post copies and whether its
space reaches people outside those records' intended audience.
"""

from dataclasses import dataclass

from .. import guardrails, permissions, quotes
from ..errors import AccessDenied, GuardrailRefused, InvalidAction
from ..models import Post, Principal, Resource, Space, Thread
from ..vocabulary import Verb
from .events import atomic, record, refuse, target_of
from .posts import AdviceSpec, create_post, open_thread, post_payload

AGENT_ROUTES = {
    guardrails.PUBLISH: (Post.Status.PUBLISHED, Verb.POST_PUBLISHED),
    guardrails.DRAFT: (Post.Status.DRAFT, Verb.POST_DRAFTED),
    guardrails.PRIVATE: (Post.Status.PRIVATE, Verb.POST_PRIVATE),
}
ASKED_BY_AGENT = "agent"  # `routed_by` when the agent asked for a draft itself


def invoke_agent(invoker: Principal, agent: Principal, thread: Thread, *, request: str = ""):
    """A person asks an agent to analyse a thread; `request` is what they asked, in words."""
    target = target_of(thread)
    if not agent.is_agent:
        refuse(InvalidAction(f"{agent} is not an agent", target=target), Verb.AGENT_INVOKE_REFUSED,
               actor=invoker)
    if not permissions.can_read_space(invoker, thread.space):
        refuse(AccessDenied(f"{invoker} may not read {thread.space.slug}", target=target),
               Verb.AGENT_INVOKE_REFUSED, actor=invoker)
    if permissions.is_suspended(agent):
        refuse(InvalidAction(f"{agent} is suspended", target=target), Verb.AGENT_INVOKE_REFUSED,
               actor=invoker)
    payload = {"agent": agent.username, **({"request": request} if request else {})}
    return record(Verb.AGENT_INVOKED, target, actor=invoker, payload=payload)


@dataclass(frozen=True)
class Routing:
    """Where an agent's post goes, and the facts its event carries about why."""

    status: str
    verb: str
    quoted: dict
    routed_by: str = ""

    @property
    def payload(self) -> dict:
        return {"routed_by": self.routed_by} if self.routed_by else {}


def route(agent: Principal, space: Space, *, invoker: Principal, body: str, draft: bool,
          target: str, thread_key: str | None, cause=None) -> Routing:
    """May the agent post in `space`, and where do the guardrails send the post? A refusal
    is logged (`post.refused`) and raised here, before anything is written."""
    if not agent.is_agent or permissions.is_suspended(agent):
        why = "is suspended" if agent.is_agent else "is not an agent"
        refuse(InvalidAction(f"{agent} {why}", target=target), Verb.POST_REFUSED,
               actor=agent, on_behalf_of=invoker, cause=cause)
    if not permissions.can_post_in_space(agent, space):
        refuse(AccessDenied(f"{agent} may not post in {space.slug}", target=target),
               Verb.POST_REFUSED, actor=agent, on_behalf_of=invoker, cause=cause)
    quoted = quotes.quoted_records(body)
    chosen, by = guardrails.route_agent_post(guardrails.in_force(), guardrails.AgentPostRequest(
        agent.username, invoker.username, quotes=_quotes(space, quoted)))
    if draft and chosen == guardrails.PUBLISH:
        chosen, by = guardrails.DRAFT, ASKED_BY_AGENT
    if chosen == guardrails.REFUSE:
        refuse(GuardrailRefused(_refusal_reason(by, quoted), target=target, guardrail=by),
               Verb.POST_REFUSED, actor=agent, on_behalf_of=invoker, cause=cause,
               payload={"guardrail": by, "thread": thread_key, "space": space.slug,
                        "quotes": quoted})
    status, verb = AGENT_ROUTES[chosen]
    return Routing(status, verb, quoted, by if chosen != guardrails.PUBLISH else "")


def _quotes(space: Space, quoted: dict) -> tuple[guardrails.Quote, ...]:
    resources = Resource.objects.in_bulk(list(quoted), field_name="slug")
    return tuple(
        guardrails.Quote(slug, records, permissions.space_reaches_outside_audience(
            space, resources[slug]))
        for slug, records in quoted.items()
    )


def _refusal_reason(guardrail: str, quoted: dict) -> str:
    reason = f"the {guardrail} guardrail refused the post"
    if quoted:
        reason += f": it copies records of {', '.join(quoted)}"
    return reason


def agent_respond(agent: Principal, thread: Thread, *, invoker: Principal, body: str,
                  advice: AdviceSpec | None = None, cause=None, draft: bool = False) -> Post:
    """An agent's answer in a thread. The guardrails in force decide whether it is
    published, drafted for the invoker's approval, delivered to the invoker alone, or
    refused; an agent that asks for a `draft` gets at least that."""
    routing = route(agent, thread.space, invoker=invoker, body=body, draft=draft,
                    target=target_of(thread), thread_key=thread.key, cause=cause)
    with atomic():
        post = create_post(thread, author=agent, body=body, status=routing.status,
                           provenance=Post.Provenance.AI, on_behalf_of=invoker, advice=advice,
                           quoted=routing.quoted)
        record(routing.verb, target_of(post), actor=agent, on_behalf_of=invoker, cause=cause,
               payload={**post_payload(post, advice), **routing.payload})
    return post


def agent_open_thread(agent: Principal, space: Space, *, invoker: Principal, title: str,
                      body: str, key=None, cause=None) -> Post:
    """A thread an agent opens, its first post routed like any agent answer: with approval
    required, the opening post is a draft the invoker must approve. Returns that post."""
    routing = route(agent, space, invoker=invoker, body=body, draft=False,
                    target=target_of(space), thread_key=key, cause=cause)
    with atomic():
        thread = open_thread(space, author=agent, title=title, key=key)
        post = create_post(thread, author=agent, body=body, status=routing.status,
                           provenance=Post.Provenance.AI, on_behalf_of=invoker,
                           quoted=routing.quoted)
        record(routing.verb, target_of(post), actor=agent, on_behalf_of=invoker, cause=cause,
               payload={**post_payload(post, None), "title": title, "space": space.slug,
                        "opens_thread": True, **routing.payload})
    return post
