"""Helpers for tests of exported logs: hand-made records with real wall-clock times, and
lines edited the way a forger would (the hash chain recomputed after the edit)."""

import json
from datetime import datetime, timedelta, timezone

from scenarios.logfile import canonical, chain_hash, header_hash

START = datetime(2025, 1, 1, tzinfo=timezone.utc)


def iso_times(records: list[dict]) -> list[dict]:
    """The records with `at` an ISO 8601 time (LogBuilder marks it with `#t`, which an
    exported log refuses)."""
    return [{**r, "at": (START + timedelta(minutes=r["t"])).isoformat()} for r in records]


def lines_of(path) -> list[str]:
    return path.read_text().splitlines()


def rewrite(path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n")


def forge(path, header: dict, events: list[dict]) -> None:
    """Write `header` and `events` with a correct hash chain, keeping the old trailer's key
    and signature: what anyone can do without the private key."""
    rewrite(path, forged_lines(header, events, json.loads(lines_of(path)[-1])))


def forged_lines(header: dict, events: list[dict], trailer: dict) -> list[str]:
    header = {**header, "events": len(events)}
    lines, previous = [canonical(header)], header_hash(header)
    for event in events:
        event = {k: v for k, v in event.items() if k != "hash"}
        previous = chain_hash(previous, event)
        lines.append(canonical({**event, "hash": previous}))
    lines.append(canonical({**trailer, "events": len(events), "hash": previous}))
    return lines


def parts(path) -> tuple[dict, list[dict]]:
    """(header, events) of a log file, events without their hashes."""
    lines = [json.loads(line) for line in lines_of(path)]
    return lines[0], [{k: v for k, v in e.items() if k != "hash"} for e in lines[1:-1]]
