"""The world a run happened in, rebuilt from its event log alone.

Principals and their groups, resources and their intended audience, posts and their
advice, and the run's bounds. Nothing here reads the database: the log is the only input.
"""

from dataclasses import dataclass, field

PRECISION = 3

POST_VERBS = ("post.published", "post.drafted", "post.private", "post.approved", "post.rejected")


def round_minutes(value: float | None) -> float | None:
    """Minutes as they appear in a report: floats rounded to 3 decimals, so JSON is stable."""
    return None if value is None else round(float(value), PRECISION)


def subject(target: str | None) -> str:
    """`resource:user-metrics` → `user-metrics`; a target without a prefix is returned as is."""
    if not target:
        return ""
    return target.split(":", 1)[1] if ":" in target else target


@dataclass
class Resource:
    slug: str
    record_count: int = 0
    classification: str = ""
    intended_groups: tuple = ()
    intended_principals: tuple = ()


@dataclass
class Post:
    key: str
    thread: str
    author: str | None
    provenance: str
    advice: dict | None


@dataclass
class World:
    groups_of: dict = field(default_factory=dict)      # principal → sorted group slugs
    kinds: dict = field(default_factory=dict)          # principal → employee / agent
    resources: dict = field(default_factory=dict)      # slug → Resource
    posts: dict = field(default_factory=dict)          # post key → Post
    times: dict = field(default_factory=dict)          # seq → effective minute
    targets: dict = field(default_factory=dict)        # seq → target
    start_t: float = 0.0
    end_t: float = 0.0
    run: dict = field(default_factory=dict)            # the run.started payload
    settings: dict = field(default_factory=dict)

    def is_agent(self, username: str | None) -> bool:
        return self.kinds.get(username) == "agent"

    def members(self, grantee: str) -> set[str]:
        """Everyone a grantee (`group:<slug>` or `principal:<username>`) stands for."""
        kind, _, name = grantee.partition(":")
        if kind == "principal":
            return {name}
        return {p for p, groups in self.groups_of.items() if name in groups}

    def intended_audience(self, slug: str) -> set[str]:
        resource = self.resources.get(slug)
        if resource is None:
            return set()
        audience = set(resource.intended_principals)
        for group in resource.intended_groups:
            audience |= self.members(f"group:{group}")
        return audience

    def record_count(self, slug: str) -> int:
        resource = self.resources.get(slug)
        return resource.record_count if resource else 0

    def t(self, record: dict) -> float:
        return self.times[record["seq"]]

    def resource_of(self, record: dict) -> str:
        """The resource an ACL event is about: its target, or its cause's (a review's target
        is the change under review)."""
        target = record.get("target") or ""
        if not target.startswith("resource:") and record.get("cause") in self.targets:
            target = self.targets[record["cause"]] or target
        return subject(target)

    def advice_of(self, post_key: str | None) -> dict | None:
        post = self.posts.get(post_key) if post_key else None
        return post.advice if post else None


def observed(records: list[dict]) -> list[dict]:
    """The records up to and including `run.ended`: what the run observed."""
    for index, record in enumerate(records):
        if record["verb"] == "run.ended":
            return records[: index + 1]
    return list(records)


def effective_times(records: list[dict]) -> dict:
    """Minute of each event. An event with no simulated time (`t` null: set-up done on the
    wall clock) takes the time of the event before it, or 0 at the start of the log."""
    times, last = {}, 0.0
    for record in records:
        if record.get("t") is not None:
            last = float(record["t"])
        times[record["seq"]] = last
    return times


def build_world(records: list[dict]) -> World:
    world = World(times=effective_times(records),
                  targets={r["seq"]: r.get("target") for r in records})
    for record in records:
        _absorb(world, record)
    if records:
        world.end_t = world.times[records[-1]["seq"]]
    return world


def _absorb(world: World, record: dict) -> None:
    verb, payload = record["verb"], record.get("payload") or {}
    name = subject(record.get("target"))
    if verb == "principal.created":
        world.kinds[name] = payload.get("kind", "employee")
        world.groups_of[name] = sorted(payload.get("groups") or [])
    elif verb == "resource.created":
        intended = payload.get("intended") or {}
        world.resources[name] = Resource(
            name, int(payload.get("record_count") or 0), payload.get("classification", ""),
            tuple(sorted(intended.get("groups") or [])),
            tuple(sorted(intended.get("principals") or [])),
        )
    elif verb in POST_VERBS:
        _absorb_post(world, name, record, payload)
    elif verb == "guardrails.configured":
        world.settings = payload.get("settings") or {}
    elif verb == "run.started":
        world.run = payload
        world.start_t = world.times[record["seq"]]


def _absorb_post(world: World, key: str, record: dict, payload: dict) -> None:
    known = world.posts.get(key)
    author = payload.get("author") or (known.author if known else record.get("actor"))
    world.posts[key] = Post(
        key=key,
        thread=payload.get("thread") or (known.thread if known else ""),
        author=author,
        provenance=payload.get("provenance") or (known.provenance if known else "human"),
        advice=payload.get("advice") if "advice" in payload else (known and known.advice),
    )
