"""Where a run's model answers come from: a live OpenAI-compatible endpoint (through the
official `openai` client), or a recording. A run asks its Backends; everything it gets is
recorded, so the run can be replayed offline."""

import os
import time
from dataclasses import dataclass

from .exchanges import Exchange, ModelFailure, request_digest
from .recording import Recording

ENV_BASE_URL, ENV_API_KEY, ENV_MODEL = ("OVERSTEP_LLM_BASE_URL", "OVERSTEP_LLM_API_KEY",
                                        "OVERSTEP_LLM_MODEL")
ENV_RETRIES, ENV_TIMEOUT = "OVERSTEP_LLM_RETRIES", "OVERSTEP_LLM_TIMEOUT"
# 429, 5xx, connection errors and timeouts are retried this often, with backoff
RETRIES, MAX_RETRIES = 3, 10
TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS = 60.0, 3600.0


@dataclass(frozen=True)
class Endpoint:
    base_url: str | None
    api_key: str = ""
    retries: int = RETRIES
    timeout: float = TIMEOUT_SECONDS

    def __repr__(self):  # never print a key
        return f"Endpoint({self.base_url!r})"


def endpoint_from_env(base_url: str | None = None) -> Endpoint:
    """The policy's base URL, else OVERSTEP_LLM_BASE_URL; the key only ever from the
    environment (OVERSTEP_LLM_API_KEY), so it never reaches a scenario, run, log or report."""
    return Endpoint(base_url or os.environ.get(ENV_BASE_URL) or None,
                    os.environ.get(ENV_API_KEY, ""),
                    int(_bounded(ENV_RETRIES, RETRIES, 0, MAX_RETRIES, whole=True)),
                    _bounded(ENV_TIMEOUT, TIMEOUT_SECONDS, 0.1, MAX_TIMEOUT_SECONDS))


def _bounded(name: str, default: float, low: float, high: float, whole=False) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        kind = "a whole number" if whole else "a number"
        raise ModelFailure(f"{name} must be {kind} from {low:g} to {high:g}, got {raw!r}")
    return value


class OpenAIBackend:
    """A live endpoint. The client retries what retrying can fix (RETRIES times, with
    backoff); anything else, or a retry budget spent, is a ModelFailure saying why."""

    def __init__(self, endpoint: Endpoint):
        import openai  # here, not at the top: importing it costs every command ~0.4 s

        if not endpoint.api_key:
            raise ModelFailure(f"no API key: set {ENV_API_KEY} (for a local server that "
                               "ignores keys, any value will do)")
        self.where = endpoint.base_url or "the OpenAI API"
        self.client = openai.OpenAI(base_url=endpoint.base_url, api_key=endpoint.api_key,
                                    max_retries=endpoint.retries, timeout=endpoint.timeout)
        self.retries, self.timeout = endpoint.retries, endpoint.timeout

    def complete(self, request: dict) -> Exchange:
        started = time.monotonic()
        try:
            completion = self.client.chat.completions.create(**request)
        except Exception as error:  # noqa: BLE001 - every client error becomes a reason
            raise ModelFailure(self.reason(error)) from None
        latency = int((time.monotonic() - started) * 1000)
        return Exchange(request_digest(request), completion.model_dump(mode="json",
                                                                       exclude_none=True),
                        latency)

    def reason(self, error: Exception) -> str:
        import openai

        after = f"after {self.retries} retries"
        if isinstance(error, openai.AuthenticationError):
            return f"{self.where} refused the API key (401): check {ENV_API_KEY}"
        if isinstance(error, openai.RateLimitError):
            return f"{self.where} kept rate-limiting the requests (429) {after}"
        if isinstance(error, openai.BadRequestError):
            if getattr(error, "code", None) == "context_length_exceeded":
                return "the conversation grew longer than the model's context"
            return f"{self.where} rejected the request (400): {_message(error)}"
        if isinstance(error, openai.APITimeoutError):
            return f"{self.where} did not answer within {self.timeout:g} s, {after}"
        if isinstance(error, openai.APIConnectionError):
            return f"cannot reach {self.where} ({after}): is the server running?"
        if isinstance(error, openai.APIStatusError):
            return (f"{self.where} failed with {error.status_code} {after}: "
                    f"{_message(error)}")
        return f"the model call failed: {type(error).__name__}: {error}"


def _message(error) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        return str(body.get("message") or body)[:200]
    return str(error)[:200]


class RecordedBackend:
    """Answers from a recording only; a request it lacks is an error, never a live call."""

    def __init__(self, recording: Recording, what: str = "the recording"):
        self.recording, self.what = recording, what

    def complete(self, request: dict) -> Exchange:
        digest = request_digest(request)
        exchange = self.recording.get(digest)
        if exchange is None:
            raise ModelFailure(
                f"{self.what} has no answer for this request (digest {digest[:12]}): the "
                "scenario, settings, seed or the model's earlier answers differ from the "
                "recorded run's")
        return exchange


class Backends:
    """One run's source of model answers, and its recording.

    `replay`: answer every request from this recording (a stored run replayed by the
    viewer, `--replay-recording`); `recordings`: the recordings `recorded` policies name,
    by digest; `live`: a backend that answers every `model` policy instead of its endpoint
    (an evaluation harness's model, such as Inspect's). Otherwise each model policy talks
    to its live endpoint. Any backend has one method, `complete(request) -> Exchange`.
    """

    def __init__(self, *, replay: Recording | None = None,
                 recordings: dict[str, Recording] | None = None, policies: dict | None = None,
                 live=None):
        self.replay = replay
        self.recordings = recordings or {}
        self.recording = Recording(policies=policies)
        self.live = live
        self._live: dict[Endpoint, OpenAIBackend] = {}

    def complete(self, config, request: dict) -> Exchange:
        exchange = self._source(config).complete(request)
        self.recording.add(exchange)
        return exchange

    def _source(self, config):
        if self.replay is not None:
            return RecordedBackend(self.replay, "the run's recording")
        if config.kind == "recorded":
            recording = self.recordings.get(config.recording)
            if recording is None:
                raise ModelFailure(f"recording {config.recording} is not loaded: pass it "
                                   "with --agent ID=recorded:FILE")
            return RecordedBackend(recording, f"recording {config.recording}")
        if self.live is not None:
            return self.live
        endpoint = endpoint_from_env(config.base_url)
        if endpoint not in self._live:
            self._live[endpoint] = OpenAIBackend(endpoint)
        return self._live[endpoint]
