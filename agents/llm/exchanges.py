"""One exchange with a model: the request (by digest), the response, how long it took."""

import hashlib
import json
from dataclasses import dataclass


class ModelFailure(Exception):
    """A model could not be asked, or did not answer usably: the run cannot finish. The
    message says why in words a person can act on (no key, endpoint unreachable, 401...)."""


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def request_digest(request: dict) -> str:
    """What identifies a request: model, messages, tools and sampling settings, canonical."""
    return hashlib.sha256(canonical(request).encode()).hexdigest()


@dataclass(frozen=True)
class Exchange:
    digest: str
    response: dict      # the chat.completion, as JSON
    latency_ms: int     # wall-clock time the endpoint took, as recorded

    @property
    def message(self) -> dict:
        choices = self.response.get("choices") or []
        if not choices or not isinstance(choices[0].get("message"), dict):
            raise ModelFailure("the model's response has no message")
        return choices[0]["message"]

    @property
    def usage(self) -> tuple[int, int]:
        usage = self.response.get("usage") or {}
        return int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)

    def as_entry(self) -> dict:
        return {"digest": self.digest, "response": self.response, "latency_ms": self.latency_ms}
