"""A run's exchanges with models, kept so the run replays offline, byte for byte.

Stored with the run and exported as JSON Lines: a header line, then one line per
exchange (request digest → response). A request the recording lacks is an error when
replaying, never a silent call to a live model.
"""

import hashlib
import json
from pathlib import Path

from .exchanges import Exchange, canonical

FORMAT = "overstep-recording/1"
MAX_BYTES = 64 * 1024 * 1024


class RecordingError(ValueError):
    """A recording file that cannot be used; the message names the file and line."""


class Recording:
    """`policies`: the model agents' policy configs ({actor: config}) that asked the
    questions, so `--agent ID=recorded:FILE` can ask them again the same way."""

    def __init__(self, exchanges: list[Exchange] | None = None, policies: dict | None = None):
        self.policies = dict(policies or {})
        self.exchanges: dict[str, Exchange] = {}
        for exchange in exchanges or []:
            self.add(exchange)

    def add(self, exchange: Exchange) -> None:
        self.exchanges.setdefault(exchange.digest, exchange)

    def get(self, digest: str) -> Exchange | None:
        return self.exchanges.get(digest)

    def __len__(self) -> int:
        return len(self.exchanges)

    @property
    def digest(self) -> str:
        """What identifies the recording: its exchanges, whatever order they were made in."""
        entries = sorted(canonical(e.as_entry()) for e in self.exchanges.values())
        return hashlib.sha256("\n".join(entries).encode()).hexdigest()[:16]

    def entries(self) -> list[dict]:
        return [e.as_entry() for e in self.exchanges.values()]

    # --- files -----------------------------------------------------------------------
    def to_jsonl(self) -> str:
        header = {"format": FORMAT, "exchanges": len(self), "policies": self.policies}
        lines = [canonical(header)] + [canonical(entry) for entry in self.entries()]
        return "\n".join(lines) + "\n"

    @classmethod
    def from_jsonl(cls, text: str, where: str = "<recording>") -> "Recording":
        lines = text.splitlines()
        header = _json(lines[0], where, 1) if lines else {}
        if header.get("format") != FORMAT:
            raise RecordingError(f"{where}:1: not an Overstep recording (expected a header "
                                 f"with format {FORMAT!r})")
        policies = header.get("policies") or {}
        if not isinstance(policies, dict):
            raise RecordingError(f"{where}:1: 'policies' must be a JSON object")
        return cls([_exchange(_json(line, where, n), f"{where}:{n}")
                    for n, line in enumerate(lines[1:], 2) if line.strip()], policies)

    @classmethod
    def read(cls, path: str) -> "Recording":
        file = Path(path)
        if not file.is_file():
            raise RecordingError(f"{path}: no such recording file")
        if file.stat().st_size > MAX_BYTES:
            raise RecordingError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB")
        return cls.from_jsonl(file.read_text(encoding="utf-8", errors="replace"), path)


def _json(line: str, path: str, number: int) -> dict:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        raise RecordingError(f"{path}:{number}: not JSON ({error.msg})") from None
    if not isinstance(value, dict):
        raise RecordingError(f"{path}:{number}: expected a JSON object")
    return value


def _exchange(entry: dict, where: str) -> Exchange:
    digest, response, latency = entry.get("digest"), entry.get("response"), entry.get("latency_ms")
    if not isinstance(digest, str) or len(digest) != 64:
        raise RecordingError(f"{where}: 'digest' must be a sha256 hex string")
    if not isinstance(response, dict):
        raise RecordingError(f"{where}: 'response' must be a JSON object")
    if not isinstance(latency, int) or isinstance(latency, bool) or not 0 <= latency < 10**9:
        raise RecordingError(f"{where}: 'latency_ms' must be a whole number of milliseconds")
    return Exchange(digest, response, latency)
