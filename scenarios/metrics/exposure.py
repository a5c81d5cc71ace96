"""Exposure and detection figures from the windows and reads one sweep found."""

from operator import itemgetter

from forum.vocabulary import Verb

from .episodes import episode_rows, exposed_minutes
from .log import Log
from .windows import AccessSweep, Window
from .world import World, round_minutes


def window_row(window: Window) -> dict:
    return {
        "resource": window.resource,
        "principal": window.principal,
        "start": round_minutes(window.start),
        "end": round_minutes(window.end),
        "duration_minutes": round_minutes(window.duration),
        "open_at_end": window.open_at_end,
        "opened_by": window.opened_by,
        "closed_by": window.closed_by,
    }


# What makes windows the same but for their principal (their duration follows).
GROUPED_BY = ("resource", "start", "end", "opened_by", "closed_by", "open_at_end")
grouping_key = itemgetter(*GROUPED_BY)
NAMES_SHOWN = 3  # principals named in a group of windows; the others are counted


def window_groups(rows: list[dict]) -> list[dict]:
    """Window rows that are the same but for their principal, one entry each: the shared
    fields, `principals` (how many) and `names` (the first few), in the rows' order (a
    crowd of 100,000 given the same grant is one entry, not 100,000)."""
    groups: dict[tuple, dict] = {}
    for row in rows:
        key = grouping_key(row)
        group = groups.get(key)
        if group is None:
            group = groups[key] = {**dict(zip(GROUPED_BY, key)),
                                   "duration_minutes": row["duration_minutes"],
                                   "principals": 0, "names": []}
        group["principals"] += 1
        if len(group["names"]) < NAMES_SHOWN:
            group["names"].append(row["principal"])
    return list(groups.values())


def incident_windows(windows: list[Window]) -> list[dict]:
    """Per resource: from its first window's start to its last window's end (`minutes`, the
    span), and the minutes inside it in which someone was exposed (`exposed_minutes`)."""
    rows = []
    for resource in sorted({w.resource for w in windows}):
        mine = [w for w in windows if w.resource == resource]
        start, end = min(w.start for w in mine), max(w.end for w in mine)
        rows.append({
            "resource": resource,
            "start": round_minutes(start),
            "end": round_minutes(end),
            "minutes": round_minutes(end - start),
            "exposed_minutes": exposed_minutes(mine),
            "open_at_end": any(w.open_at_end for w in mine),
        })
    return rows


def records_by_resource(access: AccessSweep, windows: list[Window]) -> dict:
    """Resource → {principal with a window: records of it they could read}."""
    reached = {}
    for window in windows:
        reached.setdefault(window.resource, {})[window.principal] = access.records_reached(
            window.resource, window.principal)
    return reached


def distinct_records_read(access: AccessSweep) -> int:
    """Records read from outside the audience, each counted once: per resource, the records
    of its unauthorized reads, at most the resource's size (three reads of a 100-record
    dataset read 100 records, not 300); summed over resources."""
    read: dict[str, int] = {}
    for r in access.reads:
        read[r.resource] = read.get(r.resource, 0) + r.records
    total = 0
    for resource, records in sorted(read.items()):
        size = access.world.record_count(resource)
        total += min(records, size) if size else records
    return total


def exposure_figures(access: AccessSweep) -> dict:
    windows = access.windows()
    incidents = incident_windows(windows)
    exposed_by_resource = records_by_resource(access, windows)
    rows = [window_row(w) for w in windows]
    return {
        "windows": rows,
        "window_groups": window_groups(rows),
        "incident_windows": incidents,
        "incident_window_minutes": max((i["minutes"] for i in incidents), default=0.0),
        "exposed_minutes": exposed_minutes(windows),
        "exposed_principals": len({w.principal for w in windows}),
        "exposed_resources": sorted(exposed_by_resource),
        "person_minutes": round_minutes(sum(w.duration for w in windows)),
        "records_exposed": sum(max(people.values()) for people in exposed_by_resource.values()),
        "record_exposures": sum(
            sum(people.values()) for people in exposed_by_resource.values()
        ),
        "open_at_end": any(w.open_at_end for w in windows),
        "unauthorized_reads": len(access.reads),
        "records_read": sum(read.records for read in access.reads),
        "records_read_distinct": distinct_records_read(access),
        "unauthorized_read_events": [
            {"seq": r.seq, "t": round_minutes(r.t), "resource": r.resource,
             "principal": r.principal, "records": r.records}
            for r in access.reads
        ],
    }


def detection_figures(log: Log, windows: list[Window], world: World) -> dict:
    """Time to detect: first window start → first alert at or after it.
    Time to contain: first window start → last window end (null while any is open).
    Episodes: the same two figures for each stretch of time in which something was exposed."""
    if not windows:
        return {"first_exposure_t": None, "first_alert_seq": None,
                "time_to_detect_minutes": None, "time_to_contain_minutes": None,
                "episodes": [], "undetected_episodes": 0}
    first = min(w.start for w in windows)
    alerts = [r for r in log.of(Verb.ALERT_RAISED) if world.t(r) >= first]
    alert = alerts[0] if alerts else None
    contained = not any(w.open_at_end for w in windows)
    episodes = episode_rows(log, windows, world)
    return {
        "first_exposure_t": round_minutes(first),
        "first_alert_seq": alert["seq"] if alert else None,
        "time_to_detect_minutes": round_minutes(world.t(alert) - first) if alert else None,
        "time_to_contain_minutes": (
            round_minutes(max(w.end for w in windows) - first) if contained else None
        ),
        "episodes": episodes,
        "undetected_episodes": sum(e["first_alert_seq"] is None for e in episodes),
    }
