"""The world a run happened in, rebuilt from its event log alone.

Principals and their groups (as created, and who joined or left which group when),
resources and their intended audience, spaces and their readers, posts with their advice,
the records they quote and the instructions they carry, and the run's bounds. Nothing here
reads the database: the log is the only input.
"""

from dataclasses import dataclass, field, replace

from forum.vocabulary import PRINCIPAL, RESOURCE, Verb, kind_of, parse_grantee, subject

PRECISION = 3

POST_VERBS = (Verb.POST_PUBLISHED, Verb.POST_DRAFTED, Verb.POST_PRIVATE, Verb.POST_APPROVED,
              Verb.POST_REJECTED)
# The events from which everyone who can read the post's space sees it.
PUBLISHING_VERBS = (Verb.QUESTION_POSTED, Verb.POST_PUBLISHED, Verb.POST_APPROVED)
MEMBERSHIP_VERBS = (Verb.GROUP_MEMBER_ADDED, Verb.GROUP_MEMBER_REMOVED)


def round_minutes(value: float | None) -> float | None:
    """Minutes as they appear in a report: floats rounded to 3 decimals, so JSON is stable."""
    return None if value is None else round(float(value), PRECISION)


@dataclass
class Resource:
    slug: str
    record_count: int = 0
    classification: str = ""
    intended_groups: tuple = ()
    intended_principals: tuple = ()


@dataclass
class Space:
    slug: str
    readers: tuple = ()     # group slugs


@dataclass
class Post:
    key: str
    thread: str
    author: str | None
    provenance: str
    advice: dict | None
    space: str = ""
    quotes: dict = field(default_factory=dict)     # resource slug → records quoted
    injection: dict | None = None                  # instructions aimed at AI agents


@dataclass(frozen=True)
class MembershipChange:
    seq: int
    principal: str
    group: str
    joined: bool


@dataclass
class World:
    groups_of: dict = field(default_factory=dict)      # principal → sorted group slugs
    # Joins and leaves during the run, in log order. `groups_of` is the membership after
    # those up to `membership_seq`: the organisation as created (0), or `as_of` a later event.
    membership_changes: list = field(default_factory=list)
    membership_seq: int = 0
    kinds: dict = field(default_factory=dict)          # principal → employee / agent
    resources: dict = field(default_factory=dict)      # slug → Resource
    posts: dict = field(default_factory=dict)          # post key → Post
    spaces: dict = field(default_factory=dict)         # slug → Space
    thread_spaces: dict = field(default_factory=dict)  # thread key → space slug
    times: dict = field(default_factory=dict)          # seq → effective minute
    targets: dict = field(default_factory=dict)        # seq → target
    start_t: float = 0.0
    end_t: float = 0.0
    run: dict = field(default_factory=dict)            # the run.started payload
    settings: dict = field(default_factory=dict)
    # group slug → its members, worked out once: `groups_of` does not change once the world
    # is built (`as_of` makes another world, with its own).
    _members: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def as_of(self, seq: int) -> "World":
        """This world with the group memberships in force just after event `seq`; itself
        when no one joined or left a group in between (always, in most runs). Only forward:
        `seq` is at or after the membership this world already shows."""
        due = [c for c in self.membership_changes if self.membership_seq < c.seq <= seq]
        if not due:
            return self
        groups_of = dict(self.groups_of)
        for change in due:
            groups = set(groups_of.get(change.principal, ()))
            groups = groups | {change.group} if change.joined else groups - {change.group}
            groups_of[change.principal] = sorted(groups)
        return replace(self, groups_of=groups_of, membership_seq=due[-1].seq)

    def is_agent(self, username: str | None) -> bool:
        return self.kinds.get(username) == "agent"

    def members(self, grantee: str) -> set[str]:
        """Everyone a grantee (`group:<slug>` or `principal:<username>`) stands for; a label
        the forum never writes (in an edited log) stands for no one."""
        try:
            kind, name = parse_grantee(grantee)
        except ValueError:
            return set()
        return {name} if kind == PRINCIPAL else self.group_members(name)

    def group_members(self, slug: str) -> frozenset[str]:
        members = self._members.get(slug)
        if members is None:
            members = self._members[slug] = frozenset(
                p for p, groups in self.groups_of.items() if slug in groups)
        return members

    def intended_audience(self, slug: str) -> set[str]:
        resource = self.resources.get(slug)
        if resource is None:
            return set()
        audience = set(resource.intended_principals)
        for group in resource.intended_groups:
            audience |= self.group_members(group)
        return audience

    def readers_of(self, space: str) -> set[str]:
        """Everyone who can read a space: the members of its reader groups."""
        known = self.spaces.get(space)
        readers = set()
        for group in known.readers if known else ():
            readers |= self.group_members(group)
        return readers

    def reach_outside(self, space: str, resource: str) -> set[str]:
        """Who would read records of `resource` copied into `space` without being in the
        resource's intended audience."""
        return self.readers_of(space) - self.intended_audience(resource)

    def leaked_resources(self, space: str, quotes: dict) -> list[str]:
        """The quoted resources whose records `space` puts before people outside their
        intended audience, in order."""
        return [slug for slug in sorted(quotes) if self.reach_outside(space, slug)]

    def space_of(self, payload: dict) -> str:
        """The space a post event happened in: its own `space`, or its thread's."""
        return payload.get("space") or self.thread_spaces.get(payload.get("thread"), "")

    def record_count(self, slug: str) -> int:
        resource = self.resources.get(slug)
        return resource.record_count if resource else 0

    def t(self, record: dict) -> float:
        return self.times[record["seq"]]

    def resource_of(self, record: dict) -> str:
        """The resource an ACL event is about: its target, or its cause's (a review's target
        is the change under review)."""
        target = record.get("target") or ""
        if kind_of(target) != RESOURCE and record.get("cause") in self.targets:
            target = self.targets[record["cause"]] or target
        return subject(target)

    def advice_of(self, post_key: str | None) -> dict | None:
        post = self.posts.get(post_key) if post_key else None
        return post.advice if post else None


def effective_times(records: list[dict]) -> dict:
    """Minute of each event. An event with no simulated time (`t` null: set-up done on the
    wall clock) takes the time of the event before it, or 0 at the start of the log."""
    times, last = {}, 0.0
    for record in records:
        if record.get("t") is not None:
            last = float(record["t"])
        times[record["seq"]] = last
    return times


def build_world(log) -> World:
    """The world of `log` (a metrics.log.Log)."""
    records = log.records
    world = World(times=effective_times(records),
                  targets={r["seq"]: r.get("target") for r in records})
    for record in log.of(*ABSORBERS):
        ABSORBERS[record["verb"]](world, record, subject(record.get("target")))
    if records:
        world.end_t = world.times[records[-1]["seq"]]
    return world


def _absorb_principal(world: World, record: dict, name: str) -> None:
    payload = record.get("payload") or {}
    world.kinds[name] = payload.get("kind", "employee")
    world.groups_of[name] = sorted(payload.get("groups") or [])


def _absorb_resource(world: World, record: dict, name: str) -> None:
    payload = record.get("payload") or {}
    intended = payload.get("intended") or {}
    world.resources[name] = Resource(
        name, int(payload.get("record_count") or 0), payload.get("classification", ""),
        tuple(sorted(intended.get("groups") or [])),
        tuple(sorted(intended.get("principals") or [])),
    )


def _absorb_space(world: World, record: dict, name: str) -> None:
    payload = record.get("payload") or {}
    world.spaces[name] = Space(name, tuple(sorted(payload.get("readers") or [])))


def _absorb_question(world: World, record: dict, name: str) -> None:
    payload = record.get("payload") or {}
    world.thread_spaces[name] = payload.get("space") or ""
    _absorb_post(world, post_key(record), record, {**payload, "thread": name})


def _absorb_post_event(world: World, record: dict, name: str) -> None:
    _absorb_post(world, name, record, record.get("payload") or {})


def _absorb_membership(world: World, record: dict, name: str) -> None:
    payload = record.get("payload") or {}
    if isinstance(payload.get("principal"), str):
        world.membership_changes.append(MembershipChange(
            record["seq"], payload["principal"], name, record["verb"] == Verb.GROUP_MEMBER_ADDED))


def _absorb_settings(world: World, record: dict, name: str) -> None:
    world.settings = (record.get("payload") or {}).get("settings") or {}


def _absorb_run(world: World, record: dict, name: str) -> None:
    world.run = record.get("payload") or {}
    world.start_t = world.times[record["seq"]]


# What each event that shapes the world adds to it (the others add nothing).
ABSORBERS = {
    Verb.PRINCIPAL_CREATED: _absorb_principal,
    Verb.RESOURCE_CREATED: _absorb_resource,
    Verb.SPACE_CREATED: _absorb_space,
    Verb.QUESTION_POSTED: _absorb_question,
    **{verb: _absorb_post_event for verb in POST_VERBS},
    **{verb: _absorb_membership for verb in MEMBERSHIP_VERBS},
    Verb.GUARDRAILS_CONFIGURED: _absorb_settings,
    Verb.RUN_STARTED: _absorb_run,
}


def post_key(record: dict) -> str:
    """The post a post event is about: its target, or a question's first post."""
    if record["verb"] == Verb.QUESTION_POSTED:
        payload = record.get("payload") or {}
        return payload.get("post") or f"{subject(record.get('target'))}.1"
    return subject(record.get("target"))


def count_of(value) -> int:
    """A count from a payload: a whole number, or 0 for anything else."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def keys_of(value) -> list[str]:
    """Post keys from a payload list (`posts`); nothing for anything else."""
    return [key for key in value if isinstance(key, str)] if isinstance(value, list) else []


def quoted(payload: dict) -> dict:
    """{resource slug: records} a post event says the post copies, leaving out zeros."""
    quotes = payload.get("quotes")
    if not isinstance(quotes, dict):
        return {}
    return {slug: count_of(quotes[slug]) for slug in sorted(quotes) if count_of(quotes[slug]) > 0}


def _absorb_post(world: World, key: str, record: dict, payload: dict) -> None:
    known = world.posts.get(key)
    author = payload.get("author") or (known.author if known else record.get("actor"))
    thread = payload.get("thread") or (known.thread if known else "")
    if payload.get("space") and thread:
        world.thread_spaces.setdefault(thread, payload["space"])
    world.posts[key] = Post(
        key=key,
        thread=thread,
        author=author,
        provenance=payload.get("provenance") or (known.provenance if known else "human"),
        advice=payload.get("advice") if "advice" in payload else (known and known.advice),
        space=world.space_of({**payload, "thread": thread}) or (known.space if known else ""),
        quotes=quoted(payload) or (known.quotes if known else {}),
        injection=payload.get("injection") or (known.injection if known else None),
    )
