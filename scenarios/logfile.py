"""A run's event log as a JSONL file that says when it has been cut short or edited.

Line 1 is a header, then one line per event, then a trailer:

    {"digest": ..., "events": N, "overstep_log": 1, "scenario": ..., "seed": ..., "settings": ...}
    {...event..., "hash": "<sha256 of previous hash + canonical event>"}
    {"end": true, "events": N, "hash": "<hash of the last event>"}

Every line is canonical JSON (sorted keys, no spaces). The hash chain starts from the
sha256 of the canonical header, so changing, dropping or reordering any event, or the
header, breaks every hash after it.
"""

import hashlib
import json
from contextlib import contextmanager
from pathlib import Path

from forum.vocabulary import Verb

FORMAT_VERSION = 1
META_KEYS = ("scenario", "digest", "seed", "settings")
EVENT_KEYS = frozenset(
    ("seq", "t", "at", "actor", "on_behalf_of", "verb", "target", "payload", "approved_by", "cause")
)


class LogError(Exception):
    """A log file that cannot be trusted: `line` is 1-based (None for the file as a whole)."""

    def __init__(self, message: str, *, line: int | None = None, path=None):
        self.message, self.line, self.path = message, line, path
        where = f"{path}" if path is not None else "log"
        where += f", line {line}" if line is not None else ""
        super().__init__(f"{where}: {message}")


def canonical(data: dict) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def chain_hash(previous: str, event: dict) -> str:
    return hashlib.sha256((previous + canonical(event)).encode("utf-8")).hexdigest()


def header_hash(header: dict) -> str:
    return hashlib.sha256(canonical(header).encode("utf-8")).hexdigest()


def meta_of(records: list[dict]) -> dict:
    """The header fields a run's own `run.started` event gives."""
    started = next((r for r in records if r["verb"] == Verb.RUN_STARTED), None)
    payload = (started or {}).get("payload") or {}
    return {key: payload.get(key) for key in META_KEYS}


def log_lines(records: list[dict], meta: dict | None = None) -> list[str]:
    meta = meta_of(records) if meta is None else meta
    header = {"overstep_log": FORMAT_VERSION, **{k: meta.get(k) for k in META_KEYS},
              "events": len(records)}
    lines, previous = [canonical(header)], header_hash(header)
    for record in records:
        event = {key: value for key, value in record.items() if key != "hash"}
        previous = chain_hash(previous, event)
        lines.append(canonical({**event, "hash": previous}))
    lines.append(canonical({"end": True, "events": len(records), "hash": previous}))
    return lines


def write_log(records: list[dict], meta: dict | None = None, path_or_file=None) -> None:
    """Write the records (and `meta`: scenario, digest, seed, settings; taken from the
    `run.started` event when None) to a path or an open text file."""
    if path_or_file is None:
        raise TypeError("write_log needs a path or an open file")
    text = "\n".join(log_lines(records, meta)) + "\n"
    if hasattr(path_or_file, "write"):
        path_or_file.write(text)
    else:
        Path(path_or_file).write_text(text, encoding="utf-8")


def read_log(path_or_file) -> tuple[dict, list[dict]]:
    """Read a log back as (meta, records); raise LogError saying where it is wrong."""
    with _opened(path_or_file) as (lines, name):
        return LogReader(lines, name).read()


@contextmanager
def _opened(path_or_file):
    if hasattr(path_or_file, "read"):
        yield path_or_file.read().splitlines(), getattr(path_or_file, "name", None)
        return
    try:
        text = Path(path_or_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LogError(f"cannot read the file: {error}", path=path_or_file) from None
    yield text.splitlines(), path_or_file


class LogReader:
    def __init__(self, lines: list[str], name=None):
        self.lines, self.name = lines, name

    def fail(self, message: str, line: int | None = None):
        raise LogError(message, line=line, path=self.name)

    def parse(self, number: int) -> dict:
        try:
            data = json.loads(self.lines[number - 1])
        except json.JSONDecodeError as error:
            self.fail(f"malformed JSON ({error.msg} at column {error.colno})", number)
        if not isinstance(data, dict):
            self.fail("expected a JSON object", number)
        return data

    def read(self) -> tuple[dict, list[dict]]:
        if not self.lines:
            self.fail("the file is empty; expected an Overstep log header")
        header = self.read_header()
        previous, records = header_hash(header), []
        for number in range(2, len(self.lines) + 1):
            data = self.parse(number)
            if "end" in data:
                self.check_trailer(data, number, header, records, previous)
                return {k: header.get(k) for k in META_KEYS}, records
            previous = self.check_event(data, number, previous, len(records) + 1)
            records.append({k: v for k, v in data.items() if k != "hash"})
        self.fail(f"truncated: no trailer line after {len(records)} of {header['events']} "
                  "events", len(self.lines))

    def read_header(self) -> dict:
        header = self.parse(1)
        if header.get("overstep_log") != FORMAT_VERSION:
            self.fail(f"not an Overstep log header (expected \"overstep_log\": {FORMAT_VERSION})",
                      1)
        missing = [k for k in (*META_KEYS, "events") if k not in header]
        if missing:
            self.fail(f"header is missing {', '.join(missing)}", 1)
        if not isinstance(header["events"], int) or header["events"] < 0:
            self.fail("header \"events\" must be a non-negative integer", 1)
        return header

    def check_event(self, data: dict, number: int, previous: str, position: int) -> str:
        missing = sorted(EVENT_KEYS - data.keys())
        if missing:
            self.fail(f"event is missing {', '.join(missing)}", number)
        if "hash" not in data:
            self.fail("event has no hash", number)
        event = {k: v for k, v in data.items() if k != "hash"}
        expected = chain_hash(previous, event)
        if data["hash"] != expected:
            self.fail(f"hash mismatch: event seq {data.get('seq')} was edited, or an event "
                      "before it was removed or reordered", number)
        if data["seq"] != position:
            self.fail(f"event seq {data['seq']} is out of place (expected {position})", number)
        return expected

    def check_trailer(self, trailer, number, header, records, previous) -> None:
        if trailer.get("end") is not True:
            self.fail("malformed trailer (expected \"end\": true)", number)
        if len(records) != header["events"] or trailer.get("events") != header["events"]:
            self.fail(f"truncated: {len(records)} events before the trailer, header says "
                      f"{header['events']}, trailer says {trailer.get('events')}", number)
        if trailer.get("hash") != previous:
            self.fail("trailer hash does not match the last event", number)
        if any(line.strip() for line in self.lines[number:]):
            self.fail("unexpected lines after the trailer", number + 1)
