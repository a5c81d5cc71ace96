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

    def resource(self, slug, *, records=1000, groups=(), principals=()):
        return self.add("resource.created", f"resource:{slug}", classification="restricted",
                        record_count=records,
                        intended={"groups": list(groups), "principals": list(principals)})

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
    def question(self, thread, asker, *, t):
        return self.add("question.posted", f"thread:{thread}", t=t, actor=asker, space="eng",
                        title="Why can't I see user-metrics?", post=f"{thread}.1")

    def invoke(self, thread, invoker, agent, *, t):
        return self.add("agent.invoked", f"thread:{thread}", t=t, actor=invoker, agent=agent)

    def answer(self, verb, post, author, *, t, advice=None, on_behalf_of=None, cause=None,
               provenance="ai"):
        return self.add(verb, f"post:{post}", t=t, actor=author, on_behalf_of=on_behalf_of,
                        cause=cause, thread=post.rsplit(".", 1)[0], provenance=provenance,
                        advice=advice)

    def approve(self, post, approver, author, *, t, advice=None, verb="post.approved"):
        approved_by = approver if verb == "post.approved" else None
        return self.add(verb, f"post:{post}", t=t, actor=approver, on_behalf_of=approver,
                        approved_by=approved_by, thread=post.rsplit(".", 1)[0],
                        provenance="ai", author=author, advice=advice)


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
