"""What every event of an exported log must be before metrics see it: the types of its
fields, and its agreement with the events before it.

A log read back from a file may have been edited by hand or by a hostile tool. The
metrics trust the shapes the forum writes (a count is a whole number, advice on a post is
an object, a grant's advice is the key of a post) and the forum's invariants (time never
runs back, a post's quoted records never change), so each event is checked here first and
a wrong one is an error naming the field, never a crash in `compute_metrics`.

Only the payload keys some metric or report reads are checked; any other key is carried
along untouched.
"""

import math
from datetime import datetime

from forum.vocabulary import Verb, subject

from .format.limits import MAX_MINUTES, MAX_SEED, OutOfRange, check_number
from .metrics.world import POST_VERBS, post_key

KNOWN_VERBS = frozenset(verb.value for verb in Verb)
# Events whose `advice` is the advice itself (an object); elsewhere it names the post
# whose advice was followed.
ADVICE_OBJECT_VERBS = frozenset((Verb.QUESTION_POSTED, Verb.POST_PUBLISHED, Verb.POST_DRAFTED,
                                 Verb.POST_PRIVATE, Verb.POST_APPROVED, Verb.POST_REJECTED,
                                 Verb.POST_REFUSED, Verb.POST_APPROVE_REFUSED,
                                 Verb.POST_REJECT_REFUSED))


class FieldError(ValueError):
    """A field of an event with the wrong type or out of range; the message names it."""


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value) -> bool:
    """A whole number (of any size: never converted to float) or a finite float."""
    return is_int(value) or (isinstance(value, float) and math.isfinite(value))


def _count(what, value):
    """A count of records, tokens or milliseconds: whole, and small enough for a 64-bit
    column (record counts beyond MAX_COUNT exist in the library)."""
    if not is_int(value) or not 0 <= value <= MAX_SEED:
        raise FieldError(f"{what} must be a whole number between 0 and {MAX_SEED}, "
                         f"got {value!r:.40}")


def _minute(what, value):
    try:
        check_number(value, low=0, high=2 * MAX_MINUTES, what=what)
    except OutOfRange as error:
        raise FieldError(str(error)) from None


def _text(what, value):
    if not isinstance(value, str):
        raise FieldError(f"{what} must be a string, got {type_name(value)}")


def _mapping(what, value):
    if not isinstance(value, dict):
        raise FieldError(f"{what} must be an object, got {type_name(value)}")


def _texts(what, value):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise FieldError(f"{what} must be a list of strings, got {type_name(value)}")


def _flag(what, value):
    if not isinstance(value, bool):
        raise FieldError(f"{what} must be true or false, got {type_name(value)}")


def _seed(what, value):
    _count(what, value)


def _intended(what, value):
    _mapping(what, value)
    for key in ("groups", "principals"):
        if value.get(key) is not None:
            _texts(f"{what}.{key}", value[key])


def _quotes(what, value):
    _mapping(what, value)
    for slug in sorted(value):
        _count(f"{what}.{slug}", value[slug])


# payload key → check; a null value passes every check (the forum writes nulls freely).
PAYLOAD_CHECKS = {
    **{key: _count for key in ("record_count", "records", "revoked", "rows", "tokens_in",
                               "tokens_out", "latency_ms")},
    **{key: _minute for key in ("expires_t", "minutes")},
    **{key: _text for key in ("grantee", "permission", "space", "thread", "author", "post",
                              "tool", "provenance", "kind", "classification", "action",
                              "guardrail", "error", "agent", "resource", "status",
                              "scenario", "digest", "principal", "text")},
    **{key: _texts for key in ("groups", "readers", "posters", "posts")},
    **{key: _flag for key in ("refused", "contradicts_policy")},
    **{key: _mapping for key in ("settings", "injection", "arguments")},
    "seed": _seed,
    "intended": _intended,
    "quotes": _quotes,
}


def type_name(value) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false",
             type(None): "null", int: "a whole number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def check_event(event: dict) -> None:
    """Raise FieldError naming the first field of `event` with the wrong type."""
    _check_envelope(event)
    payload = event["payload"]
    for key in sorted(PAYLOAD_CHECKS.keys() & payload.keys()):
        if payload[key] is not None:
            PAYLOAD_CHECKS[key](f"payload.{key}", payload[key])
    _check_advice(event["verb"], payload.get("advice"))


def _check_envelope(event: dict) -> None:
    if not is_int(event["seq"]):
        raise FieldError(f"seq must be a whole number, got {type_name(event['seq'])}")
    if not is_number(event["t"]) or not 0 <= event["t"] <= MAX_MINUTES:
        raise FieldError(f"t must be a finite number of minutes between 0 and "
                         f"{int(MAX_MINUTES)}, got {event['t']!r:.40}")
    _check_at(event["at"])
    if not isinstance(event["verb"], str) or event["verb"] not in KNOWN_VERBS:
        raise FieldError(f"verb {event['verb']!r:.60} is not a verb Overstep writes "
                         "(docs/events.md)")
    _text("target", event["target"])
    _mapping("payload", event["payload"])
    for key in ("actor", "on_behalf_of", "approved_by"):
        if event[key] is not None and not isinstance(event[key], str):
            raise FieldError(f"{key} must be a string or null, got {type_name(event[key])}")
    cause = event["cause"]
    if cause is not None and not (is_int(cause) and 1 <= cause < event["seq"]):
        raise FieldError(f"cause must be the seq of an earlier event or null, got {cause!r:.40}")


def _check_at(at) -> None:
    _text("at", at)
    try:
        datetime.fromisoformat(at)
    except ValueError:
        raise FieldError(f"at must be an ISO 8601 date and time, got {at!r:.60}") from None


def _check_advice(verb: str, advice) -> None:
    if advice is None:
        return
    if verb not in ADVICE_OBJECT_VERBS:
        _text("payload.advice (the key of the post whose advice was followed)", advice)
        return
    _mapping("payload.advice", advice)
    if advice.get("is_safe") is not None:
        _flag("payload.advice.is_safe", advice["is_safe"])


class EventHistory:
    """What the events read so far establish, to check the next one against."""

    def __init__(self):
        self.last_t = 0
        self.resources: set[str] = set()
        self.quotes: dict[str, dict] = {}      # post key → the records it quotes

    def check(self, event: dict) -> None:
        """Raise FieldError if `event` contradicts the events before it."""
        if event["t"] < self.last_t:
            raise FieldError(f"t goes back in time ({event['t']} after {self.last_t})")
        self.last_t = event["t"]
        if event["verb"] == Verb.RESOURCE_CREATED:
            self.resources.add(subject(event["target"]))
        if event["verb"] in (*POST_VERBS, Verb.QUESTION_POSTED) and "quotes" in event["payload"]:
            self._check_quotes(post_key(event), event["payload"]["quotes"] or {})

    def _check_quotes(self, post: str, quotes: dict) -> None:
        unknown = sorted(set(quotes) - self.resources)
        if unknown:
            raise FieldError(f"payload.quotes names {unknown[0]!r:.60}, which no earlier "
                             "resource.created event made")
        if self.quotes.setdefault(post, quotes) != quotes:
            raise FieldError(f"payload.quotes of post {post!r:.60} differ from its earlier "
                             "events' (a post's quoted records never change)")
