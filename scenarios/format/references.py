"""Cross-checks of names: every group, principal, space, resource, actor and thread that a
scenario mentions must be declared. Returns (path, message) pairs; the loader adds lines."""

from forum.vocabulary import GROUP, parse_grantee

from .durations import format_minutes
from .schema import (AgentActor, CuriousActor, InvokeAgent, JoinGroup, LeaveGroup, PostInjection,
                     PostQuestion, Scenario, SendMessage, SetGuardrail)


def opened_threads(scenario: Scenario) -> list[tuple[float, int, str]]:
    """(minute, timeline index, thread key) of every entry that opens a thread."""
    return [(e.at, i, e.question.key) for i, e in enumerate(scenario.timeline)
            if isinstance(e, (PostQuestion, PostInjection)) and e.question is not None]

AGENT_BEHAVIOURS = ("agent", "amplifier")
# Behaviours whose `watch` names resources (the others watch spaces).
WATCH_RESOURCES = ("monitor", "security_oncall")


class _Names:
    def __init__(self, scenario: Scenario):
        org = scenario.org
        self.groups = {g.slug for g in org.groups}
        self.principals = {p.username: p for p in org.principals}
        crowds = {f"{c.prefix}-{i:02d}": c.groups for c in org.crowds
                  for i in range(1, c.count + 1)}
        self.crowd_members = set(crowds)
        self.groups_of = crowds | {p.username: p.groups for p in org.principals}
        self.spaces = {s.slug: s for s in scenario.spaces}
        self.resources = {r.slug for r in scenario.resources}
        self.actors = scenario.actors

    def is_principal(self, name: str) -> bool:
        return name in self.principals or name in self.crowd_members

    def may_post(self, name: str, space_slug: str) -> bool:
        """False only when both are declared and none of the principal's groups may post."""
        space = self.spaces.get(space_slug)
        if space is None or not self.is_principal(name):
            return True
        return bool(set(self.groups_of[name]) & set(space.posters))

    def kind_of(self, name: str) -> str | None:
        """'employee' or 'agent' for a declared principal (crowds are employees)."""
        if name in self.principals:
            return self.principals[name].kind
        return "employee" if name in self.crowd_members else None


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
    first_opened = _first_openings(scenario)
    for i, entry in enumerate(scenario.timeline):
        path = ("timeline", i)
        if entry.at >= scenario.duration:
            problems.append((path + ("at",), f"at {format_minutes(entry.at)} is not before the "
                             f"end of the run (duration {format_minutes(scenario.duration)})"))
        if hasattr(entry, "actor"):
            need("principal", None, entry.actor, path + ("actor",))
        if getattr(entry, "question", None) is not None:
            need("space", names.spaces, entry.question.space, path + ("question", "space"))
            _check_poster(names, entry.actor, entry.question.space, path + ("actor",), problems)
        if getattr(entry, "thread", None) is not None:
            _check_thread_posted(first_opened, i, entry, problems)
        if isinstance(entry, InvokeAgent):
            _check_invocation(entry, i, names, problems)
        if isinstance(entry, PostInjection) and entry.asks.grant is not None:
            _check_grant_ask(entry.asks.grant, path + ("asks", "grant"), names, need)
        if hasattr(entry, "resource"):
            need("resource", names.resources, entry.resource, path + ("resource",))
        if isinstance(entry, (JoinGroup, LeaveGroup)):
            need("principal", None, entry.principal, path + ("principal",))
            need("group", names.groups, entry.group, path + ("group",))
        if isinstance(entry, SendMessage):
            need("principal", None, entry.sender, path + ("sender",))
            need("principal", None, entry.to, path + ("to",))
        if isinstance(entry, SetGuardrail):
            _check_guardrail_value(entry, path, problems)
    _check_memberships(scenario, names, problems)


def _check_guardrail_value(entry, path, problems):
    """The same judge as the `guardrails:` section and `--set`: the registry."""
    from forum.guardrails import registry

    try:
        guardrail = registry.get(entry.guardrail)
    except KeyError as error:
        problems.append((path + ("guardrail",), error.args[0]))
        return
    try:
        guardrail.coerce(entry.value)
    except ValueError as error:
        problems.append((path + ("value",), f"{entry.guardrail}: {error}"))


def _check_memberships(scenario, names, problems):
    """Joins and leaves in the order the run makes them (by minute, then as listed): a join
    of someone already in the group, or a leave of someone not in it, is a slip."""
    members = {name: set(groups) for name, groups in names.groups_of.items()}
    changes = sorted((e.at, i) for i, e in enumerate(scenario.timeline)
                     if isinstance(e, (JoinGroup, LeaveGroup)))
    for at, i in changes:
        entry = scenario.timeline[i]
        groups = members.get(entry.principal)
        if groups is None or entry.group not in names.groups:
            continue  # reported as unknown
        joining = isinstance(entry, JoinGroup)
        if joining == (entry.group in groups):
            state = "already" if joining else "not"
            problems.append((("timeline", i, "group"), f"{entry.principal!r} is {state} a member "
                             f"of group {entry.group!r} at {format_minutes(at)}"))
        elif joining:
            groups.add(entry.group)
        else:
            groups.discard(entry.group)


def _check_grant_ask(ask, path, names, need):
    kind, name = parse_grantee(ask.grantee)
    if kind == GROUP:
        need("group", names.groups, name, path + ("grantee",))
    else:
        need("principal", None, name, path + ("grantee",))


def _check_invocation(entry, i, names, problems):
    path = ("timeline", i)
    agent = names.actors.get(entry.agent)
    if agent is None:
        problems.append((path + ("agent",), f"unknown actor {entry.agent!r} (name an actor "
                         "with behaviour 'agent')"))
    elif not isinstance(agent, AgentActor):
        problems.append((path + ("agent",), f"actor {entry.agent!r} has behaviour "
                         f"{agent.behaviour!r}; only 'agent' actors can be invoked"))


def _first_openings(scenario) -> dict[str, tuple[float, int]]:
    """(minute, timeline index) of the first entry that opens each thread key."""
    first: dict[str, tuple[float, int]] = {}
    for at, i, key in opened_threads(scenario):
        first[key] = min(first.get(key, (at, i)), (at, i))
    return first


def _check_thread_posted(first_opened, i, entry, problems):
    """A thread an entry acts on is opened earlier in the timeline (or at the same minute,
    earlier in the list)."""
    path = ("timeline", i)
    posted = first_opened.get(entry.thread)
    if posted is None:
        problems.append((path + ("thread",), f"unknown thread {entry.thread!r} (no "
                         "entry of the timeline opens a thread with this key)"))
    elif posted > (entry.at, i):
        problems.append((path + ("thread",), f"thread {entry.thread!r} is posted at "
                         f"{format_minutes(posted[0])}, after this "
                         f"{'invocation' if isinstance(entry, InvokeAgent) else 'post'}"))


def _check_actors(scenario, names, need, problems):
    for actor_id, actor in scenario.actors.items():
        path = ("actors", actor_id)
        if isinstance(actor, CuriousActor):
            need("group", names.groups, actor.group, path + ("group",))
        else:
            need("principal", None, actor.principal, path + ("principal",))
            _check_kind(actor, names.kind_of(actor.principal), path, problems)
        if isinstance(actor, AgentActor):
            _check_agent_advice(actor, path, problems)
        for j, space in enumerate(getattr(actor, "watch", [])):
            on_resources = actor.behaviour in WATCH_RESOURCES
            known = names.resources if on_resources else names.spaces
            kind = "resource" if on_resources else "space"
            need(kind, known, space, path + ("watch", j))
        if hasattr(actor, "post_in"):
            need("space", names.spaces, actor.post_in, path + ("post_in",))
            _check_poster(names, actor.principal, actor.post_in, path + ("post_in",), problems)
            need("principal", None, actor.owner, path + ("owner",))


def _check_agent_advice(actor, path, problems):
    if actor.accuracy > 0 and not actor.correct_advice:
        problems.append((path + ("accuracy",), "accuracy above 0 needs a correct_advice "
                         "to give when the agent is right"))
    if actor.acts == "apply" and not actor.wrong_advice:
        problems.append((path + ("acts",), "acts: apply needs a wrong_advice (the change the "
                         "agent makes when it is wrong)"))


def _check_poster(names, principal, space, path, problems):
    if not names.may_post(principal, space):
        posters = ", ".join(names.spaces[space].posters) or "nobody"
        problems.append((path, f"{principal!r} may not post in {space!r} (posters: {posters})"))


def _check_kind(actor, kind, path, problems):
    wanted = "agent" if actor.behaviour in AGENT_BEHAVIOURS else "employee"
    if kind is not None and kind != wanted:
        problems.append((path + ("principal",), f"behaviour {actor.behaviour!r} needs "
                         f"{_a(wanted)}, but {actor.principal!r} is declared as {_a(kind)}"))


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _check_duplicates(scenario, problems):
    org = scenario.org
    usernames = [(("org", "principals", i, "username"), p.username)
                 for i, p in enumerate(org.principals)]
    usernames += [(("org", "crowds", i, "prefix"), f"{c.prefix}-{n:02d}")
                  for i, c in enumerate(org.crowds) for n in range(1, c.count + 1)]
    lists = [
        [(("org", "groups", i, "slug"), g.slug) for i, g in enumerate(org.groups)],
        usernames,
        [(("spaces", i, "slug"), s.slug) for i, s in enumerate(scenario.spaces)],
        [(("resources", i, "slug"), r.slug) for i, r in enumerate(scenario.resources)],
        [(("timeline", i, "question", "key"), key) for _at, i, key in opened_threads(scenario)],
    ]
    for named in lists:
        seen, reported = set(), set()
        for path, name in named:
            if name in seen and path not in reported:
                problems.append((path, f"{name!r} is declared twice"))
                reported.add(path)
            seen.add(name)
