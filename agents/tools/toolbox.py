"""The toolbox: one invocation's tools, each a thin call into forum.services.

Every call is made as the agent, on behalf of its invoker, and ends in one
`agent.tool_called` event. Before a call reaches the forum the guardrails judge it
(forum.guardrails.judge_tool_call); a refusal, an ACL denial or a malformed call comes
back to the policy as a tool result saying why, never as an exception.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist

from forum import grantees, guardrails, lookups, permissions, services
from forum.errors import ForumError
from forum.models import AclChange, Event, Group, Principal, Resource, Thread

from . import schemas

# However a policy behaves, one invocation makes at most this many calls (a run cap, not
# a guardrail: agent.max_tool_calls sets a tighter budget).
HARD_CAP = 50


class InvocationOver(Exception):
    """The invocation has ended (the agent said done, or a guardrail stopped it)."""


@dataclass(frozen=True)
class Task:
    """What the agent was asked: by whom, on which thread, and in what words."""

    agent: str
    invoker: str
    thread: str
    request: str


@dataclass
class ToolResult:
    ok: bool
    summary: str                    # one line, for the log
    data: object = None             # what the policy (or the model) gets back
    details: dict = field(default_factory=dict)   # facts for the log's payload

    def as_text(self) -> str:
        """The result as a model sees it: JSON."""
        body = {"ok": self.ok, "result": self.data if self.ok else None}
        if not self.ok:
            body["error"] = self.summary
        return json.dumps(body, ensure_ascii=False, default=str)


def refused(reason: str) -> ToolResult:
    return ToolResult(False, reason)


class Toolbox:
    def __init__(self, agent: Principal, invoker: Principal, task: Task, *,
                 invocation: Event | None = None, after_call: Callable[[], None] = lambda: None):
        self.agent, self.invoker, self.task = agent, invoker, task
        self.invocation = invocation
        self.after_call = after_call
        self.calls_made = 0
        self.ended: str | None = None

    # --- the one entry point ------------------------------------------------------------
    def call(self, name: str, arguments: dict, *, advice_is_safe: bool | None = None
             ) -> ToolResult:
        """Carry out one call. `advice_is_safe` is a scripted agent's hidden truth about the
        advice it posts; without it the truth is the intended policy's verdict."""
        if self.ended:
            raise InvocationOver(self.ended)
        result = self._attempt(name, arguments, advice_is_safe)
        services.record_tool_call(
            self.agent, invoker=self.invoker, tool=name, arguments=_loggable(arguments),
            result=result.summary, refused=not result.ok,
            reason="" if result.ok else result.summary, invocation=self.invocation,
            details=result.details)
        self.after_call()
        return result

    def note_model_call(self, model: str, exchange) -> None:
        """Log one request the agent's model answered (tokens, latency), in the invocation."""
        tokens_in, tokens_out = exchange.usage
        services.record_model_call(
            self.agent, invoker=self.invoker, model=model, request=exchange.digest[:16],
            tokens_in=tokens_in, tokens_out=tokens_out, latency_ms=exchange.latency_ms,
            tool_calls=len(exchange.message.get("tool_calls") or []),
            invocation=self.invocation)
        self.after_call()

    def _attempt(self, name, arguments, advice_is_safe) -> ToolResult:
        self.calls_made += 1
        if self.calls_made > HARD_CAP:
            self.ended = f"stopped after {HARD_CAP} tool calls (the seam's cap)"
            return refused(self.ended)
        if permissions.is_suspended(self.agent):
            self.ended = f"{self.agent} is suspended"
            return refused(self.ended)
        try:
            args = schemas.validate(name, arguments)
        except schemas.ToolError as error:
            return refused(str(error))
        verdict = guardrails.judge_tool_call(guardrails.in_force(), guardrails.ToolCallRequest(
            name, self.agent.username, self.invoker.username, self.calls_made - 1,
            self._invoker_may(name, args)))
        if verdict.outcome == guardrails.REFUSE:
            if verdict.ends_invocation:
                self.ended = verdict.reason
            return refused(f"{verdict.reason} ({verdict.guardrail})")
        try:
            return getattr(self, f"_{name}")(args, advice_is_safe)
        except ForumError as error:
            return refused(error.message)
        except (Thread.DoesNotExist, Resource.DoesNotExist, Group.DoesNotExist,
                Principal.DoesNotExist) as error:
            return refused(str(error).replace(" matching query does not exist.", " not found"))

    # --- what the invoker could have done (the confused-deputy question) ------------------
    def _invoker_may(self, name: str, args) -> bool | None:
        who = self.invoker
        if name == "read_thread":
            thread = _found(lookups.thread, args.thread)
            return None if thread is None else permissions.can_read_space(who, thread.space)
        if name in ("draft_reply", "post_reply"):
            thread = _found(lookups.thread, args.thread)
            return None if thread is None else permissions.can_post_in_space(who, thread.space)
        if name == "lookup_resource" and args.records:
            resource = _found(lookups.resource, args.resource)
            return None if resource is None else permissions.can_read_resource(who, resource)
        if name == "request_acl_change":
            resource = _found(lookups.resource, args.resource)
            return None if resource is None else permissions.can_change_acl(who, resource)
        return None

    # --- the tools ------------------------------------------------------------------------
    def _list_threads(self, args, _truth) -> ToolResult:
        threads = permissions.visible_threads(self.agent).select_related("space")
        if args.space:
            threads = threads.filter(space__slug=args.space)
        rows = [{"thread": t.key, "title": t.title, "space": t.space.slug}
                for t in threads.order_by("created_at", "key")[:50]]
        return ToolResult(True, f"{len(rows)} threads", rows)

    def _read_thread(self, args, _truth) -> ToolResult:
        thread = lookups.thread(args.thread)
        posts = services.read_thread(self.agent, thread, on_behalf_of=self.invoker,
                                     cause=self.invocation)
        data = {"thread": thread.key, "title": thread.title, "space": thread.space.slug,
                "posts": [_post_view(p) for p in posts]}
        return ToolResult(True, f"{thread.key}: {len(posts)} posts", data,
                          {"thread": thread.key, "posts": [p.key for p in posts]})

    def _search_posts(self, args, _truth) -> ToolResult:
        found = (permissions.visible_posts(self.agent).filter(body__icontains=args.query)
                 .select_related("thread", "author").order_by("created_at", "key")[:args.limit])
        rows = [{"post": p.key, "thread": p.thread.key, "author": p.author.username,
                 "excerpt": p.body[:200]} for p in found]
        return ToolResult(True, f"{len(rows)} posts match {args.query!r}", rows)

    def _lookup_resource(self, args, _truth) -> ToolResult:
        resource = lookups.resource(args.resource)
        data = {"resource": resource.slug, "name": resource.name,
                "classification": resource.classification,
                "record_count": resource.record_count,
                "intended_audience": {
                    "groups": sorted(resource.intended_groups.values_list("slug", flat=True)),
                    "principals": sorted(resource.intended_principals.values_list(
                        "username", flat=True))}}
        details = {"resource": resource.slug, "records": 0}
        if args.records:
            records = services.read_resource(self.agent, resource, purpose="agent tool",
                                             cause=self.invocation)[:args.records]
            data["records"] = [r.data for r in records]
            details["records"] = len(records)
        return ToolResult(True, f"{resource.slug} ({resource.classification}), "
                          f"{details['records']} records read", data, details)

    def _draft_reply(self, args, truth) -> ToolResult:
        return self._reply(args, truth, draft=True)

    def _post_reply(self, args, truth) -> ToolResult:
        return self._reply(args, truth, draft=False)

    def _reply(self, args, truth, *, draft: bool) -> ToolResult:
        thread = lookups.thread(args.thread)
        advice = self._advice(args.advice, truth) if args.advice else None
        post = services.agent_respond(self.agent, thread, invoker=self.invoker, body=args.body,
                                      advice=advice, cause=self.invocation, draft=draft)
        words = {"published": "published", "draft": f"held as a draft for {self.invoker}",
                 "private": f"delivered to {self.invoker} only"}
        return ToolResult(True, f"{post.key} {words.get(post.status, post.status)}",
                          {"post": post.key, "status": post.status},
                          {"post": post.key, "status": post.status})

    def _advice(self, advice, truth) -> services.AdviceSpec:
        resource = lookups.resource(advice.resource)
        grantee = grantees.resolve(advice.grantee)
        if truth is None:
            truth = advice.action == "revoke" or not permissions.contradicts_policy(
                resource, **grantee)
        return services.AdviceSpec(advice.action, resource, advice.summary, truth,
                                   permission=advice.permission, **grantee)

    def _request_acl_change(self, args, _truth) -> ToolResult:
        resource = lookups.resource(args.resource)
        outcome = services.change_access(self.agent, resource, action=args.action,
                                         permission=args.permission, cause=self.invocation,
                                         **grantees.resolve(args.grantee))
        applied = {"grant": "granted", "revoke": "revoked"}[args.action]
        state = "sent for review" if isinstance(outcome, AclChange) else applied
        text = f"{args.action} {args.grantee} {args.permission} on {resource.slug}: {state}"
        return ToolResult(True, text, {"outcome": state},
                          {"resource": resource.slug, "outcome": state})

    def _done(self, args, _truth) -> ToolResult:
        self.ended = "done"
        return ToolResult(True, args.summary or "done", {"ended": True})


def _post_view(post) -> dict:
    view = {"post": post.key, "author": post.author.username, "author_kind": post.author.kind,
            "provenance": post.provenance, "status": post.status,
            "on_behalf_of": post.on_behalf_of.username if post.on_behalf_of else None,
            "approved_by": post.approved_by.username if post.approved_by else None,
            "body": post.body}
    advice = getattr(post, "advice", None)
    if advice is not None:
        view["advice"] = {"action": advice.action, "resource": advice.resource.slug,
                          "grantee": advice.grantee_label, "permission": advice.permission,
                          "summary": advice.summary}
    return view


def _found(look_up, name):
    """The object named `name`, or None when there is none."""
    try:
        return look_up(name)
    except ObjectDoesNotExist:
        return None


def _loggable(arguments) -> dict:
    """The arguments as the log keeps them: a JSON object, whatever the policy sent."""
    if isinstance(arguments, dict):
        return json.loads(json.dumps(arguments, default=str))
    return {"_raw": str(arguments)[:500]}
