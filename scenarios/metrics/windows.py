"""Exposure windows and unauthorized reads, found by replaying the log in order.

One sweep walks the log: it keeps the grants in force per resource, lets grants lapse at
their `expires_t`, keeps the visible posts that quote a resource's records (exposure
through content: everyone who can read the post's space reads them, until the post is
hidden), and after every change works out who can read the resource but is not in the
intended audience, with the group memberships in force then (someone joining or leaving a
group is a change too). Entering that set opens a window; leaving it closes one. Reads (of the
resource, or of a thread quoting it) are judged against the same state at the moment they
happen, so a read is unauthorized exactly when it falls inside one of the reader's windows.
"""

from dataclasses import dataclass, field

from forum.vocabulary import Verb, subject

from .log import Log
from .world import MEMBERSHIP_VERBS, PUBLISHING_VERBS, World, post_key, quoted

END_OF_RUN = float("inf")   # ordering key of windows still open at the end
BEFORE_EVENTS = -1          # ordering key of lapses: a grant lapses before events at its minute


@dataclass
class Grant:
    seq: int
    grantee: str
    permission: str
    expires_t: float | None


@dataclass
class Window:
    resource: str
    principal: str
    start: float
    opened_by: int
    end: float | None = None
    closed_by: int | None = None     # seq of the revocation or hiding; None: lapsed or open
    close_order: float = 0.0         # where the close falls among events at `end`
    open_at_end: bool = False

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass
class Read:
    seq: int
    t: float
    resource: str
    principal: str
    records: int


@dataclass
class AccessSweep:
    world: World
    grants: dict = field(default_factory=dict)     # resource → [Grant]
    leaks: dict = field(default_factory=dict)      # resource → {post key: space}
    hidden: set = field(default_factory=set)       # keys of hidden posts
    # How principals outside the audience came to read a resource during the run:
    granted_to: set = field(default_factory=set)   # (resource, principal) reached by a grant
    posts_to: dict = field(default_factory=dict)   # (resource, principal) → keys of the
                                                   # visible posts quoting it they read
    exposed: dict = field(default_factory=dict)    # resource → {principal}
    open: dict = field(default_factory=dict)       # (resource, principal) → Window
    closed: dict = field(default_factory=dict)     # id → Window, in the order they closed
    last_closed: dict = field(default_factory=dict)  # (resource, principal) → Window
    reads: list = field(default_factory=list)

    def run(self, log: Log) -> "AccessSweep":
        """Only the events that change access, or are judged against it, are walked: the
        grants lapsing between two of them lapse at their own minutes all the same."""
        handlers = self.handlers()
        for record in log.of(*handlers):
            t = self.world.t(record)
            self.lapse_until(t)
            handlers[record["verb"]](record, t)
        self.lapse_until(self.world.end_t)
        for window in self.open.values():
            window.end, window.open_at_end, window.close_order = (
                self.world.end_t, True, END_OF_RUN)
            self.close(window)
        self.open = {}
        return self

    def handlers(self) -> dict:
        """Verb → what its event does to the sweep."""
        return {
            Verb.GRANT_CREATED: self.add_grant,
            Verb.GRANT_REVOKED: self.revoke,
            **{verb: self.publish for verb in PUBLISHING_VERBS},
            Verb.POST_HIDDEN: self.hide,
            Verb.RESOURCE_READ: self.judge_read,
            Verb.THREAD_READ: self.judge_thread_read,
            **{verb: self.change_membership for verb in MEMBERSHIP_VERBS},
        }

    def add_grant(self, record: dict, t: float) -> None:
        resource, seq, payload = subject(record.get("target")), record["seq"], _payload(record)
        expires_t = payload.get("expires_t")
        if expires_t is None or float(expires_t) > t:
            self.grants.setdefault(resource, []).append(Grant(
                seq, payload.get("grantee", ""), payload.get("permission", "read"),
                None if expires_t is None else float(expires_t),
            ))
        self.refresh(resource, t, seq)

    def revoke(self, record: dict, t: float) -> None:
        """A revocation ends every grant in force for the same grantee and permission."""
        resource, seq, payload = subject(record.get("target")), record["seq"], _payload(record)
        matching = (payload.get("grantee"), payload.get("permission", "read"))
        self.grants[resource] = [
            g for g in self.grants.get(resource, []) if (g.grantee, g.permission) != matching
        ]
        self.refresh(resource, t, seq, closed_by=seq)

    def publish(self, record: dict, t: float) -> None:
        """A visible post quoting records puts them before everyone who reads its space."""
        key = post_key(record)
        post = self.world.posts.get(key)
        if post is None or key in self.hidden:
            return
        for resource in sorted(post.quotes):
            self.leaks.setdefault(resource, {})[key] = post.space
            self.refresh(resource, t, record["seq"])

    def hide(self, record: dict, t: float) -> None:
        """A hidden post is visible to nobody from then on."""
        key, seq = subject(record.get("target")), record["seq"]
        self.hidden.add(key)
        for resource in sorted(self.leaks):
            if key in self.leaks[resource]:
                del self.leaks[resource][key]
                self.refresh(resource, t, seq, closed_by=seq)

    def change_membership(self, record: dict, t: float) -> None:
        """Someone joined or left a group: who a grant reaches, who reads a space and who is
        in an audience are what they are from now on. A window opened or closed by it names
        the membership event."""
        seq = record["seq"]
        self.world = self.world.as_of(seq)
        for resource in sorted(set(self.grants) | set(self.leaks) | set(self.exposed)):
            self.refresh(resource, t, seq, closed_by=seq)

    def lapse_until(self, t: float) -> None:
        """Let every grant whose `expires_t` is at or before `t` lapse, in time order."""
        lapsing = sorted(
            (g.expires_t, resource)
            for resource, grants in self.grants.items()
            for g in grants
            if g.expires_t is not None and g.expires_t <= t
        )
        for moment, resource in sorted(set(lapsing)):
            self.grants[resource] = [
                g for g in self.grants[resource] if g.expires_t is None or g.expires_t > moment
            ]
            self.refresh(resource, moment, None, order=BEFORE_EVENTS)

    def refresh(self, resource: str, t: float, seq: int | None, *, closed_by=None,
                order=None) -> None:
        by_grant = self.granted(resource)
        by_post = self.quoted_to(resource)
        now = (by_grant | set(by_post)) - self.world.intended_audience(resource)
        self.granted_to.update((resource, principal) for principal in now & by_grant)
        for principal in now.intersection(by_post):
            self.posts_to.setdefault((resource, principal), set()).update(by_post[principal])
        before = self.exposed.get(resource, set())
        for principal in sorted(before - now):
            window = self.open.pop((resource, principal))
            window.end, window.closed_by = t, closed_by
            window.close_order = seq if order is None else order
            self.close(window)
        for principal in sorted(now - before):
            self.open[(resource, principal)] = self.reopened(resource, principal, t) or Window(
                resource, principal, t, seq)
        self.exposed[resource] = now

    def close(self, window: Window) -> None:
        self.closed[id(window)] = window
        self.last_closed[(window.resource, window.principal)] = window

    def granted(self, resource: str) -> set[str]:
        """Everyone the grants in force on `resource` stand for."""
        reach = set()
        for grant in self.grants.get(resource, []):
            reach |= self.world.members(grant.grantee)
        return reach

    def quoted_to(self, resource: str) -> dict[str, set[str]]:
        """Principal → keys of the visible posts quoting `resource` that they can read."""
        reach = {}
        for key, space in sorted(self.leaks.get(resource, {}).items()):
            for principal in self.world.readers_of(space):
                reach.setdefault(principal, set()).add(key)
        return reach

    def reopened(self, resource: str, principal: str, t: float) -> Window | None:
        """Access that ends and resumes at the same minute is one window, not two. (The
        principal's last window on the resource is closed: access is resuming.)"""
        window = self.last_closed.get((resource, principal))
        if window is None or window.end != t:
            return None
        return self.closed.pop(id(window))

    def judge_read(self, record: dict, t: float) -> None:
        reader, resource = record.get("actor"), subject(record.get("target"))
        if reader in self.exposed.get(resource, set()):
            payload = record.get("payload") or {}
            records = int(payload.get("records") or self.world.record_count(resource))
            self.reads.append(Read(record["seq"], t, resource, reader, records))

    def judge_thread_read(self, record: dict, t: float) -> None:
        """Reading a thread reads the records its visible posts quote."""
        reader = record.get("actor")
        for resource, records in quoted(record.get("payload") or {}).items():
            if reader in self.exposed.get(resource, set()):
                self.reads.append(Read(record["seq"], t, resource, reader, records))

    def records_reached(self, resource: str, principal: str) -> int:
        """Records of `resource` a principal outside its audience could read: all of them
        through a grant; through posts alone, those the posts quote (at most all)."""
        total = self.world.record_count(resource)
        posts = self.posts_to.get((resource, principal))
        if posts is None or (resource, principal) in self.granted_to:
            return total
        quotes = sum(self.world.posts[key].quotes.get(resource, 0) for key in posts)
        return min(total, quotes) if total else quotes

    def windows(self) -> list[Window]:
        return sorted(self.closed.values(), key=lambda w: (w.start, w.resource, w.principal))


def _payload(record: dict) -> dict:
    return record.get("payload") or {}


def sweep(log: Log, world: World) -> AccessSweep:
    return AccessSweep(world).run(log)
