"""Cross-checks of names: every group, principal, space, resource, actor and thread that a
scenario mentions must be declared. Returns (path, message) pairs; the loader adds lines."""

from .schema import AgentActor, CuriousActor, InvokeAgent, PostQuestion, Scenario


class _Names:
    def __init__(self, scenario: Scenario):
        org = scenario.org
        self.groups = {g.slug for g in org.groups}
        self.principals = {p.username: p for p in org.principals}
        self.crowd_members = {
            f"{c.prefix}-{i:02d}" for c in org.crowds for i in range(1, c.count + 1)
        }
        self.spaces = {s.slug for s in scenario.spaces}
        self.resources = {r.slug for r in scenario.resources}
        self.actors = scenario.actors
        self.threads = {e.question.key for e in scenario.timeline if isinstance(e, PostQuestion)}

    def is_principal(self, name: str) -> bool:
        return name in self.principals or name in self.crowd_members


def check_references(scenario: Scenario) -> list[tuple[tuple, str]]:
    names = _Names(scenario)
    problems: list[tuple[tuple, str]] = []

    def need(kind: str, known, name, path):
        ok = names.is_principal(name) if kind == "principal" else name in known
        if not ok:
            problems.append((path, f"unknown {kind} {name!r}"))

    _check_org(scenario, names, need)
    _check_grants_and_advice(scenario, names, need)
    _check_timeline(scenario, names, need, problems)
    _check_actors(scenario, names, need, problems)
    _check_duplicates(scenario, problems)
    return problems


def _check_org(scenario, names, need):
    for i, p in enumerate(scenario.org.principals):
        for j, g in enumerate(p.groups):
            need("group", names.groups, g, ("org", "principals", i, "groups", j))
    for i, c in enumerate(scenario.org.crowds):
        for j, g in enumerate(c.groups):
            need("group", names.groups, g, ("org", "crowds", i, "groups", j))
    for i, s in enumerate(scenario.spaces):
        for field in ("readers", "posters"):
            for j, g in enumerate(getattr(s, field)):
                need("group", names.groups, g, ("spaces", i, field, j))
    for i, r in enumerate(scenario.resources):
        for j, g in enumerate(r.intended.groups):
            need("group", names.groups, g, ("resources", i, "intended", "groups", j))
        for j, p in enumerate(r.intended.principals):
            need("principal", None, p, ("resources", i, "intended", "principals", j))


def _check_grantee(item, path, names, need):
    need("resource", names.resources, item.resource, path + ("resource",))
    if item.group is not None:
        need("group", names.groups, item.group, path + ("group",))
    else:
        need("principal", None, item.principal, path + ("principal",))


def _check_grants_and_advice(scenario, names, need):
    for i, grant in enumerate(scenario.grants):
        _check_grantee(grant, ("grants", i), names, need)
    for actor_id, actor in scenario.actors.items():
        if isinstance(actor, AgentActor):
            for field in ("correct_advice", "wrong_advice"):
                advice = getattr(actor, field)
                if advice is not None:
                    _check_grantee(advice, ("actors", actor_id, field), names, need)


def _check_timeline(scenario, names, need, problems):
    for i, entry in enumerate(scenario.timeline):
        path = ("timeline", i)
        if entry.at > scenario.duration:
            problems.append((path + ("at",), "happens after the end of the run (duration)"))
        if hasattr(entry, "actor"):
            need("principal", None, entry.actor, path + ("actor",))
        if isinstance(entry, PostQuestion):
            need("space", names.spaces, entry.question.space, path + ("question", "space"))
        if isinstance(entry, InvokeAgent):
            need("thread", names.threads, entry.thread, path + ("thread",))
            agent = names.actors.get(entry.agent)
            if not isinstance(agent, AgentActor):
                problems.append((path + ("agent",), f"{entry.agent!r} is not an actor with "
                                 "behaviour 'agent'"))
        if hasattr(entry, "resource"):
            need("resource", names.resources, entry.resource, path + ("resource",))


def _check_actors(scenario, names, need, problems):
    for actor_id, actor in scenario.actors.items():
        path = ("actors", actor_id)
        if isinstance(actor, CuriousActor):
            need("group", names.groups, actor.group, path + ("group",))
        else:
            need("principal", None, actor.principal, path + ("principal",))
            declared = names.principals.get(actor.principal)
            wants_agent = actor.behaviour in ("agent", "amplifier")
            if declared is not None and (declared.kind == "agent") != wants_agent:
                kind = "an agent" if wants_agent else "an employee"
                problems.append((path + ("principal",), f"behaviour {actor.behaviour!r} "
                                 f"needs {kind}, but {actor.principal!r} is a {declared.kind}"))
        for j, space in enumerate(getattr(actor, "watch", [])):
            known = names.resources if actor.behaviour == "monitor" else names.spaces
            kind = "resource" if actor.behaviour == "monitor" else "space"
            need(kind, known, space, path + ("watch", j))
        if hasattr(actor, "post_in"):
            need("space", names.spaces, actor.post_in, path + ("post_in",))
            need("principal", None, actor.owner, path + ("owner",))


def _check_duplicates(scenario, problems):
    lists = [
        (("org", "groups"), [g.slug for g in scenario.org.groups]),
        (("org", "principals"), [p.username for p in scenario.org.principals]),
        (("spaces",), [s.slug for s in scenario.spaces]),
        (("resources",), [r.slug for r in scenario.resources]),
    ]
    for path, names in lists:
        seen = set()
        for i, name in enumerate(names):
            if name in seen:
                problems.append((path + (i,), f"{name!r} is declared twice"))
            seen.add(name)
