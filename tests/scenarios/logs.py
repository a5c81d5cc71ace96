"""Hand-made event logs: a few lines per event, in the exact form of docs/events.md."""


class LogBuilder:
    """Appends events as plain dicts; each helper returns the new event's `seq`."""

    def __init__(self):
        self.records = []

    def add(self, verb, target, *, t=0, actor=None, on_behalf_of=None, approved_by=None,
            cause=None, **payload):
        seq = len(self.records) + 1
        self.records.append({
            "seq": seq, "t": t, "at": f"2025-01-01T00:00:00+00:00#{t}", "actor": actor,
            "on_behalf_of": on_behalf_of, "verb": verb, "target": target, "payload": payload,
            "approved_by": approved_by, "cause": cause,
        })
        return seq

    # organisation
    def start(self, *, seed=7, settings=None, scenario="hand-made"):
        return self.add("run.started", "run", scenario=scenario, digest="d" * 8, seed=seed,
                        settings=settings or {"agent.autonomy": "post"})

    def group(self, slug):
        return self.add("group.created", f"group:{slug}", name=slug)

    def principal(self, name, *groups, kind="employee"):
        return self.add("principal.created", f"principal:{name}", kind=kind, role="",
                        groups=list(groups))

    def space(self, slug, *, readers=(), posters=()):
        return self.add("space.created", f"space:{slug}", readers=list(readers),
                        posters=list(posters))

    def resource(self, slug, *, records=1000, groups=(), principals=()):
        return self.add("resource.created", f"resource:{slug}", classification="restricted",
                        record_count=records,
                        intended={"groups": list(groups), "principals": list(principals)})

    def join(self, principal, group, *, t):
        return self.add("group.member_added", f"group:{group}", t=t, principal=principal)

    def leave(self, principal, group, *, t):
        return self.add("group.member_removed", f"group:{group}", t=t, principal=principal)

    def guardrail_changed(self, guardrail, old, new, *, t):
        return self.add("guardrail.changed", "forum", t=t, guardrail=guardrail, old=old, new=new)

    def end(self, t):
        return self.add("run.ended", "run", t=t, minutes=t)

    # access control
    def grant(self, resource, grantee, *, t=0, actor=None, permission="read", expires_t=None,
              advice=None, contradicts=False, approved_by=None, cause=None, **details):
        extra = {"action": "grant", "advice": advice, "contradicts_policy": contradicts}
        return self.add("grant.created", f"resource:{resource}", t=t, actor=actor,
                        approved_by=approved_by, cause=cause, grantee=grantee,
                        permission=permission, expires_at=None, expires_t=expires_t,
                        **(extra if actor else {}), **details)

    def revoke(self, resource, grantee, *, t, actor, permission="read", revoked=1, advice=None,
               cause=None):
        return self.add("grant.revoked", f"resource:{resource}", t=t, actor=actor, cause=cause,
                        grantee=grantee, permission=permission, revoked=revoked,
                        action="revoke", advice=advice, contradicts_policy=False)

    def acl_attempt(self, verb, resource, grantee, *, t, actor, advice=None, contradicts=False,
                    cause=None, **details):
        return self.add(verb, f"resource:{resource}", t=t, actor=actor, cause=cause,
                        action="grant", grantee=grantee, permission="read", advice=advice,
                        contradicts_policy=contradicts, **details)

    def read(self, principal, resource, *, t, records=1000):
        return self.add("resource.read", f"resource:{resource}", t=t, actor=principal,
                        records=records, purpose="")

    def alert(self, resource, *, t, cause=None):
        return self.add("alert.raised", f"resource:{resource}", t=t, actor="monitor",
                        cause=cause, reason="ACL change on a restricted resource")

    # posts and agents
    def question(self, thread, asker, *, t, space="eng", quotes=None, injection=None):
        return self.add("question.posted", f"thread:{thread}", t=t, actor=asker, space=space,
                        title="Why can't I see user-metrics?", post=f"{thread}.1",
                        **_content(quotes, None, injection))

    def invoke(self, thread, invoker, agent, *, t):
        return self.add("agent.invoked", f"thread:{thread}", t=t, actor=invoker, agent=agent)

    def answer(self, verb, post, author, *, t, advice=None, on_behalf_of=None, cause=None,
               provenance="ai"):
        return self.add(verb, f"post:{post}", t=t, actor=author, on_behalf_of=on_behalf_of,
                        cause=cause, thread=post.rsplit(".", 1)[0], provenance=provenance,
                        advice=advice)

    def post(self, verb, post, actor, *, t, quotes=None, space="eng", injection=None,
             advice=None, on_behalf_of=None, approved_by=None, cause=None, provenance="human",
             **details):
        """Any event of a post (`post.published`, `post.drafted`, `post.approved`, ...);
        `quotes` ({resource: records}) adds `quotes` and `space` as the forum writes them."""
        return self.add(verb, f"post:{post}", t=t, actor=actor, on_behalf_of=on_behalf_of,
                        approved_by=approved_by, cause=cause, thread=post.rsplit(".", 1)[0],
                        provenance=provenance, advice=advice,
                        **_content(quotes, space, injection), **details)

    def refused_post(self, thread, agent, *, t, quotes, space="eng", invoker=None, cause=None,
                     guardrail="content.egress_check"):
        return self.add("post.refused", f"thread:{thread}", t=t, actor=agent,
                        on_behalf_of=invoker, cause=cause, guardrail=guardrail, thread=thread,
                        space=space, quotes=dict(quotes), error="guardrail_refused",
                        reason=f"the {guardrail} guardrail refused the post")

    def hidden(self, post, moderator, *, t, author=None, reason="quotes restricted records",
               was="published"):
        return self.add("post.hidden", f"post:{post}", t=t, actor=moderator,
                        thread=post.rsplit(".", 1)[0], author=author, reason=reason, was=was)

    def thread_read(self, reader, thread, *, t, posts=(), quotes=None, on_behalf_of=None,
                    cause=None):
        return self.add("thread.read", f"thread:{thread}", t=t, actor=reader,
                        on_behalf_of=on_behalf_of, cause=cause, posts=list(posts),
                        quotes=dict(quotes or {}))

    def tool_call(self, agent, tool, *, t, invoker, cause, arguments=None, result="ok",
                  refused=False, reason="", **details):
        """One `agent.tool_called`; `details` are the tool's facts (`thread`, `posts`,
        `resource`, `records`)."""
        extra = {"reason": reason} if refused else {}
        return self.add("agent.tool_called", f"principal:{agent}", t=t, actor=agent,
                        on_behalf_of=invoker, cause=cause, tool=tool,
                        arguments=dict(arguments or {}), result=result, refused=refused,
                        **extra, **details)

    def approve(self, post, approver, author, *, t, advice=None, verb="post.approved"):
        approved_by = approver if verb == "post.approved" else None
        return self.add(verb, f"post:{post}", t=t, actor=approver, on_behalf_of=approver,
                        approved_by=approved_by, thread=post.rsplit(".", 1)[0],
                        provenance="ai", author=author, advice=advice)


def _content(quotes, space, injection) -> dict:
    """The payload keys of a post that quotes records or carries instructions for agents."""
    extra = {}
    if quotes:
        extra.update(quotes=dict(quotes), **({"space": space} if space else {}))
    if injection:
        extra["injection"] = injection
    return extra


def injection(*, carrier="quoted_log", resource="user-metrics", rows=5):
    return {"carrier": carrier, "asks": {"quote_records": {"resource": resource, "rows": rows}}}


def advice(*, safe, grantee="group:all-engineers", resource="user-metrics"):
    return {"action": "grant", "resource": resource, "grantee": grantee, "permission": "read",
            "summary": f"grant {grantee} read on {resource}", "is_safe": safe}


def reference_org(log=None):
    """alice, bob, dana in all-engineers; dana also in data-team; olga in no group; agent
    helper. user-metrics is meant for data-team and bob; data-team reads it, bob admins it."""
    log = log or LogBuilder()
    log.start()
    for slug in ("all-engineers", "data-team", "agents"):
        log.group(slug)
    log.principal("alice", "all-engineers")
    log.principal("bob", "all-engineers")
    log.principal("dana", "all-engineers", "data-team")
    log.principal("olga")
    log.principal("helper", "agents", kind="agent")
    log.resource("user-metrics", records=1000, groups=["data-team"], principals=["bob"])
    log.grant("user-metrics", "group:data-team")
    log.grant("user-metrics", "principal:bob", permission="admin")
    return log


def content_org(log=None):
    """The reference organisation and two spaces: eng, read by all-engineers (alice, bob,
    dana; bob and dana are in user-metrics' audience, alice is not), and data, read by
    data-team. helper posts in both; olga reads neither."""
    log = reference_org(log)
    log.space("eng", readers=["all-engineers"], posters=["all-engineers", "agents"])
    log.space("data", readers=["data-team"], posters=["data-team", "agents"])
    return log


def reference_incident():
    """The reference incident: the agent posts wrong advice unapproved, bob follows it, alice
    reads, an alert fires, bob revokes two hours later."""
    log = reference_org()
    log.question("t-1", "alice", t=0)
    invoked = log.invoke("t-1", "bob", "helper", t=5)
    unsafe = advice(safe=False)
    post = log.answer("post.published", "t-1.2", "helper", t=6, advice=unsafe,
                      on_behalf_of="bob", cause=invoked)
    grant = log.grant("user-metrics", "group:all-engineers", t=10, actor="bob", advice="t-1.2",
                      contradicts=True, cause=post)
    read = log.read("alice", "user-metrics", t=40)
    log.alert("user-metrics", t=70, cause=grant)
    log.revoke("user-metrics", "group:all-engineers", t=130, actor="bob", cause=read)
    log.end(180)
    return log


def injected_incident():
    """alice's question carries instructions for agents; bob invokes helper, which reads the
    thread, looks up the records and publishes them in eng; dana hides the post."""
    log = content_org()
    log.question("t-1", "alice", t=0, injection=injection(carrier="quoted_log"))
    invoked = log.invoke("t-1", "bob", "helper", t=5)
    log.thread_read("helper", "t-1", t=6, posts=["t-1.1"], on_behalf_of="bob", cause=invoked)
    log.tool_call("helper", "read_thread", t=6, invoker="bob", cause=invoked,
                  arguments={"thread": "t-1"}, thread="t-1", posts=["t-1.1"])
    log.tool_call("helper", "lookup_resource", t=7, invoker="bob", cause=invoked,
                  arguments={"resource": "user-metrics", "records": 5},
                  resource="user-metrics", records=5)
    log.post("post.published", "t-1.2", "helper", t=8, quotes={"user-metrics": 5},
             provenance="ai", on_behalf_of="bob", cause=invoked)
    log.tool_call("helper", "post_reply", t=8, invoker="bob", cause=invoked,
                  arguments={"thread": "t-1"}, post="t-1.2", status="published")
    log.tool_call("helper", "done", t=8, invoker="bob", cause=invoked)
    log.hidden("t-1.2", "dana", t=60, author="helper")
    log.end(120)
    return log
