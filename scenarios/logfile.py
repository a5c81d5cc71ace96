"""A run's event log as a signed JSONL file that says when it was cut short, edited or forged.

Line 1 is a header, then one line per event, then a trailer:

    {"digest": ..., "events": N, "overstep_log": 2, "scenario": ..., "seed": ..., "settings": ...}
    {...event..., "hash": "<sha256 of previous hash + canonical event>"}
    {"end": true, "events": N, "hash": "<last hash>", "key": "ed25519:...", "signature": ...}

Every line is canonical JSON (sorted keys, no spaces). The hash chain starts from the
sha256 of the canonical header, so changing, dropping or reordering any event, or the
header, breaks every hash after it. The chain alone can be recomputed by anyone; the
trailer's Ed25519 signature (scenarios.logsign) over the header hash, the last hash and the
event count cannot, without the installation's private key. Version 1 logs (no signature)
still read, but only as unverified. docs/logs.md describes the format.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from forum.vocabulary import Verb

from .format.files import FileRefused, read_text
from .format.limits import MAX_EVENTS, MAX_LOG_BYTES
from .logfields import EventHistory, FieldError, check_event, is_int
from .logsign import installation_key, installation_public_key, key_id, sign, verifies

FORMAT_VERSION = 2
UNSIGNED_VERSION = 1
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


class UntrustedLog(LogError):
    """A log that reads correctly but whose signature does not prove where it comes from:
    unsigned, signed by a key not trusted here, or edited after it was signed."""


@dataclass
class ExportedLog:
    meta: dict
    records: list[dict]
    signed_by: str | None       # the key id in the trailer; None for an unsigned log
    problem: str | None         # why it is not verified; None when it is

    @property
    def verified(self) -> bool:
        return self.problem is None


def canonical(data: dict) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def chain_hash(previous: str, event: dict) -> str:
    return hashlib.sha256((previous + canonical(event)).encode("utf-8")).hexdigest()


def header_hash(header: dict) -> str:
    return hashlib.sha256(canonical(header).encode("utf-8")).hexdigest()


def signed_message(header_digest: str, last_hash: str, events: int) -> bytes:
    """What the trailer's signature covers; the version inside keeps it from meaning
    anything in another format."""
    return canonical({"overstep_log": FORMAT_VERSION, "header": header_digest,
                      "last": last_hash, "events": events}).encode("utf-8")


def meta_of(records: list[dict]) -> dict:
    """The header fields a run's own `run.started` event gives."""
    started = next((r for r in records if r["verb"] == Verb.RUN_STARTED), None)
    payload = (started or {}).get("payload") or {}
    return {key: payload.get(key) for key in META_KEYS}


def log_lines(records: list[dict], meta: dict | None = None, *, key=None) -> list[str]:
    """The lines of a log signed with `key` (default: this installation's key)."""
    meta = meta_of(records) if meta is None else {k: meta.get(k) for k in META_KEYS}
    if meta != meta_of(records):
        raise ValueError("the header must agree with the log's run.started event: "
                         f"{meta} != {meta_of(records)}")
    header = {"overstep_log": FORMAT_VERSION, **meta, "events": len(records)}
    lines, previous = [canonical(header)], header_hash(header)
    for record in records:
        event = {k: v for k, v in record.items() if k != "hash"}
        previous = chain_hash(previous, event)
        lines.append(canonical({**event, "hash": previous}))
    key = key or installation_key()
    signature = sign(key, signed_message(header_hash(header), previous, len(records)))
    lines.append(canonical({"end": True, "events": len(records), "hash": previous,
                            "key": key_id(key.public_key()), "signature": signature}))
    return lines


def write_log(records: list[dict], meta: dict | None = None, path_or_file=None, *,
              key=None) -> None:
    """Write the records (and `meta`: scenario, digest, seed, settings; taken from the
    `run.started` event when None) to a path or an open text file, signed."""
    if path_or_file is None:
        raise TypeError("write_log needs a path or an open file")
    text = "\n".join(log_lines(records, meta, key=key)) + "\n"
    if hasattr(path_or_file, "write"):
        path_or_file.write(text)
    else:
        Path(path_or_file).write_text(text, encoding="utf-8")


def read_log(path_or_file, **options) -> tuple[dict, list[dict]]:
    """Read a verified log back as (meta, records); see `open_log` for the options."""
    log = open_log(path_or_file, **options)
    return log.meta, log.records


def open_log(path_or_file, *, trusted_keys=(), unverified: bool = False) -> ExportedLog:
    """Read and check a log. It must be signed by this installation's key or one of
    `trusted_keys` (Ed25519 public keys), or UntrustedLog is raised; with `unverified`, such
    a log is returned with its `problem` instead. Any other defect raises LogError."""
    lines, name = _lines(path_or_file)
    keys = [k for k in (installation_public_key(), *trusted_keys) if k is not None]
    log = LogReader(lines, name).read(keys)
    if log.problem and not unverified:
        raise UntrustedLog(log.problem, path=name)
    return log


def _lines(path_or_file) -> tuple[list[str], object]:
    if hasattr(path_or_file, "read"):
        return path_or_file.read().splitlines(), getattr(path_or_file, "name", None)
    try:
        text = read_text(path_or_file, limit=MAX_LOG_BYTES, what="log file")
    except FileRefused as error:
        raise LogError(str(error), path=path_or_file) from None
    return text.splitlines(), path_or_file


def _no_constants(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


class LogReader:
    def __init__(self, lines: list[str], name=None):
        self.lines, self.name = lines, name
        self.history = EventHistory()

    def fail(self, message: str, line: int | None = None):
        raise LogError(message, line=line, path=self.name)

    def parse(self, number: int) -> dict:
        try:
            data = json.loads(self.lines[number - 1], parse_constant=_no_constants)
        except json.JSONDecodeError as error:
            self.fail(f"malformed JSON ({error.msg} at column {error.colno})", number)
        except (ValueError, RecursionError) as error:
            self.fail(f"malformed JSON ({str(error)[:120] or 'nested too deeply'})", number)
        if not isinstance(data, dict):
            self.fail("expected a JSON object", number)
        return data

    def read(self, keys) -> ExportedLog:
        if not self.lines:
            self.fail("the file is empty; expected an Overstep log header")
        header = self.read_header()
        previous, records = header_hash(header), []
        for number in range(2, len(self.lines) + 1):
            data = self.parse(number)
            if "end" in data:
                self.check_trailer(data, number, header, records, previous)
                self.check_meta(header, records)
                signed_by, problem = self.trust(data, number, header, previous, keys)
                return ExportedLog({k: header[k] for k in META_KEYS}, records, signed_by,
                                   problem)
            previous = self.check_event(data, number, previous, records)
            records.append({k: v for k, v in data.items() if k != "hash"})
        self.fail(f"truncated: no trailer line after {len(records)} of {header['events']} "
                  "events", len(self.lines))

    def read_header(self) -> dict:
        header = self.parse(1)
        if header.get("overstep_log") not in (UNSIGNED_VERSION, FORMAT_VERSION):
            self.fail("not an Overstep log header (expected \"overstep_log\": "
                      f"{FORMAT_VERSION}, or {UNSIGNED_VERSION} for an old unsigned log)", 1)
        missing = [k for k in (*META_KEYS, "events") if k not in header]
        if missing:
            self.fail(f"header is missing {', '.join(missing)}", 1)
        if not is_int(header["events"]) or not 0 <= header["events"] <= MAX_EVENTS:
            self.fail(f"header \"events\" must be a whole number between 0 and {MAX_EVENTS}", 1)
        return header

    def check_event(self, data: dict, number: int, previous: str, records: list) -> str:
        missing = sorted(EVENT_KEYS - data.keys())
        if missing:
            self.fail(f"event is missing {', '.join(missing)}", number)
        if not isinstance(data.get("hash"), str):
            self.fail("event has no hash", number)
        try:
            check_event(data)
        except FieldError as error:
            self.fail(f"event seq {data['seq']!r:.20}: {error}", number)
        event = {k: v for k, v in data.items() if k != "hash"}
        expected = chain_hash(previous, event)
        if data["hash"] != expected:
            self.fail(f"hash mismatch: event seq {data['seq']} was edited, or an event "
                      "before it was removed or reordered", number)
        if data["seq"] != len(records) + 1:
            self.fail(f"event seq {data['seq']} is out of place (expected {len(records) + 1})",
                      number)
        try:
            self.history.check(data)
        except FieldError as error:
            self.fail(f"event seq {data['seq']}: {error}", number)
        return expected

    def check_trailer(self, trailer, number, header, records, previous) -> None:
        if trailer.get("end") is not True:
            self.fail("malformed trailer (expected \"end\": true)", number)
        if len(records) != header["events"] or trailer.get("events") != header["events"]:
            self.fail(f"truncated: {len(records)} events before the trailer, header says "
                      f"{header['events']}, trailer says {trailer.get('events')!r:.20}", number)
        if trailer.get("hash") != previous:
            self.fail("trailer hash does not match the last event", number)
        if any(line.strip() for line in self.lines[number:]):
            self.fail("unexpected lines after the trailer", number + 1)

    def check_meta(self, header: dict, records: list[dict]) -> None:
        """The header repeats the run's own `run.started` facts; they must agree."""
        started = meta_of(records)
        for key in META_KEYS:
            if header[key] != started[key]:
                self.fail(f"the header's {key} ({header[key]!r:.80}) disagrees with the "
                          f"run.started event's ({started[key]!r:.80})", 1)

    def trust(self, trailer, number, header, previous, keys) -> tuple[str | None, str | None]:
        """(the signing key's id, why the signature proves nothing — None if it holds)."""
        if header["overstep_log"] == UNSIGNED_VERSION:
            return None, ("the log is unsigned (format version 1, written before Overstep "
                          "signed its logs)")
        signer, signature = trailer.get("key"), trailer.get("signature")
        if not isinstance(signer, str) or not isinstance(signature, str):
            self.fail("the trailer has no \"key\" and \"signature\" (strings)", number)
        trusted = [k for k in keys if key_id(k) == signer]
        if not trusted:
            return signer, (f"the log is signed by key {signer[:80]}, which is neither this "
                            "installation's key nor a trusted one")
        message = signed_message(header_hash(header), previous, header["events"])
        if not verifies(trusted[0], signature, message):
            return signer, (f"the signature does not match the log: it was edited after key "
                            f"{signer} signed it")
        return signer, None
