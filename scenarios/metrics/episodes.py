"""Exposure episodes: the minutes in which something was exposed, and per episode how long
it took to notice it and to end it.

An incident window runs from a resource's first window to its last, across any gap: a grant
reverted at minute 72 and made again at 193 gives one long incident window although nothing
was exposed in between. An episode does not span gaps, so the re-exposure gets its own
detection and containment instead of hiding inside the first one's.
"""

from dataclasses import dataclass, field

from forum.vocabulary import Verb, subject

from .log import Log
from .windows import Window
from .world import World, round_minutes


@dataclass
class Episode:
    start: float
    end: float
    opened_by: int | None
    open_at_end: bool = False
    closed_by: int | None = None
    resources: set = field(default_factory=set)
    principals: set = field(default_factory=set)

    def absorb(self, window: Window) -> None:
        if window.end > self.end or (window.end == self.end and self.closed_by is None):
            self.end, self.closed_by = window.end, window.closed_by
        self.open_at_end |= window.open_at_end
        self.resources.add(window.resource)
        self.principals.add(window.principal)


def merge(windows: list[Window]) -> list[Episode]:
    """Maximal intervals covered by at least one window; windows that touch (one ends at the
    minute another starts) make one episode, as access resumed at the same minute is one
    window."""
    episodes: list[Episode] = []
    for window in sorted(windows, key=lambda w: (w.start, w.end)):
        if not episodes or window.start > episodes[-1].end:
            episodes.append(Episode(window.start, window.end, window.opened_by))
        episodes[-1].absorb(window)
    return episodes


def exposed_minutes(windows: list[Window]) -> float:
    """Minutes in which at least one of `windows` was open: their union, not their span."""
    return round_minutes(sum(e.end - e.start for e in merge(windows)))


def first_alert(alerts: list[dict], episode: Episode, world: World) -> dict | None:
    """The first of `alerts` (`alert.raised` events) about a resource of the episode while
    it lasted."""
    for record in alerts:
        if (episode.start <= world.t(record) <= episode.end
                and subject(record.get("target")) in episode.resources):
            return record
    return None


def episode_row(alerts: list[dict], episode: Episode, world: World) -> dict:
    alert = first_alert(alerts, episode, world)
    return {
        "start": round_minutes(episode.start),
        "end": round_minutes(episode.end),
        "minutes": round_minutes(episode.end - episode.start),
        "open_at_end": episode.open_at_end,
        "opened_by": episode.opened_by,
        "closed_by": None if episode.open_at_end else episode.closed_by,
        "resources": sorted(episode.resources),
        "exposed_principals": len(episode.principals),
        "first_alert_seq": alert["seq"] if alert else None,
        "time_to_detect_minutes": (
            round_minutes(world.t(alert) - episode.start) if alert else None
        ),
        "time_to_contain_minutes": (
            None if episode.open_at_end else round_minutes(episode.end - episode.start)
        ),
    }


def episode_rows(log: Log, windows: list[Window], world: World) -> list[dict]:
    alerts = log.of(Verb.ALERT_RAISED)
    return [episode_row(alerts, episode, world) for episode in merge(windows)]
