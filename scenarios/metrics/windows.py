"""Exposure windows and unauthorized reads, found by replaying the grants in log order.

One sweep walks the log: it keeps the grants in force per resource, lets grants lapse at
their `expires_t`, and after every change works out who has effective read access but is
not in the intended audience. Entering that set opens a window; leaving it closes one.
Reads are judged against the same state at the moment they happen, so a read is
unauthorized exactly when it falls inside one of the reader's windows.
"""

from dataclasses import dataclass, field

from .world import World, subject

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
    closed_by: int | None = None     # seq of the revocation; None when it lapsed or is open
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
    exposed: dict = field(default_factory=dict)    # resource → {principal}
    open: dict = field(default_factory=dict)       # (resource, principal) → Window
    closed: list = field(default_factory=list)
    reads: list = field(default_factory=list)

    def run(self, records: list[dict]) -> "AccessSweep":
        for record in records:
            t = self.world.t(record)
            self.lapse_until(t)
            self.apply(record, t)
        self.lapse_until(self.world.end_t)
        for window in self.open.values():
            window.end, window.open_at_end, window.close_order = (
                self.world.end_t, True, END_OF_RUN)
            self.closed.append(window)
        self.open = {}
        return self

    def apply(self, record: dict, t: float) -> None:
        verb, payload = record["verb"], record.get("payload") or {}
        resource = subject(record.get("target"))
        if verb == "grant.created":
            self.add_grant(resource, record["seq"], payload, t)
        elif verb == "grant.revoked":
            self.revoke(resource, record["seq"], payload, t)
        elif verb == "resource.read":
            self.judge_read(record, resource, t)

    def add_grant(self, resource: str, seq: int, payload: dict, t: float) -> None:
        expires_t = payload.get("expires_t")
        if expires_t is None or float(expires_t) > t:
            self.grants.setdefault(resource, []).append(Grant(
                seq, payload.get("grantee", ""), payload.get("permission", "read"),
                None if expires_t is None else float(expires_t),
            ))
        self.refresh(resource, t, seq)

    def revoke(self, resource: str, seq: int, payload: dict, t: float) -> None:
        """A revocation ends every grant in force for the same grantee and permission."""
        matching = (payload.get("grantee"), payload.get("permission", "read"))
        self.grants[resource] = [
            g for g in self.grants.get(resource, []) if (g.grantee, g.permission) != matching
        ]
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
        reach = set()
        for grant in self.grants.get(resource, []):
            reach |= self.world.members(grant.grantee)
        now = reach - self.world.intended_audience(resource)
        before = self.exposed.get(resource, set())
        for principal in sorted(before - now):
            window = self.open.pop((resource, principal))
            window.end, window.closed_by = t, closed_by
            window.close_order = seq if order is None else order
            self.closed.append(window)
        for principal in sorted(now - before):
            self.open[(resource, principal)] = self.reopened(resource, principal, t) or Window(
                resource, principal, t, seq)
        self.exposed[resource] = now

    def reopened(self, resource: str, principal: str, t: float) -> Window | None:
        """Access that ends and resumes at the same minute is one window, not two."""
        for index in range(len(self.closed) - 1, -1, -1):
            window = self.closed[index]
            if (window.resource, window.principal) == (resource, principal):
                if window.end == t:
                    return self.closed.pop(index)
                return None
        return None

    def judge_read(self, record: dict, resource: str, t: float) -> None:
        reader = record.get("actor")
        if reader in self.exposed.get(resource, set()):
            payload = record.get("payload") or {}
            records = int(payload.get("records") or self.world.record_count(resource))
            self.reads.append(Read(record["seq"], t, resource, reader, records))

    def windows(self) -> list[Window]:
        return sorted(self.closed, key=lambda w: (w.start, w.resource, w.principal))


def sweep(records: list[dict], world: World) -> AccessSweep:
    return AccessSweep(world).run(records)
