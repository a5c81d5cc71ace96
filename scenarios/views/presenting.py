"""A stored run, put into words for its pages: settings that differ from the scenario's,
the causal chain with links to its events, and the event list."""

from forum.guardrails import coerce_settings
from forum.vocabulary import Verb
from scenarios.engine import resolve_settings
from scenarios.format import ScenarioError

from . import loading

CHAIN_KINDS = {
    "question": "Question",
    "injection": "Instructions for agents",
    "agent_invoked": "Agent asked",
    "agent_read": "Agent read",
    "tool_refused": "Tool call refused",
    "agent_post": "Agent post",
    "leak_post": "Records posted",
    "human_post": "Human advice",
    "approval": "Approval",
    "decision": "Decision",
    "advice_followed": "Advice followed",
    "acl_review": "ACL review",
    "acl_change": "ACL change",
    "containment": "Containment",
    "exposure_window": "Exposure window",
    "unauthorized_read": "Unauthorized read",
    "alert": "Alert",
    "open_at_end": "Still open at end",
}
# Steps that make things worse, and steps that make them better, for the timeline's colours.
HARMFUL = {"agent_post", "advice_followed", "acl_change", "exposure_window",
           "unauthorized_read", "open_at_end", "human_post", "injection", "agent_read",
           "leak_post"}
HELPFUL = {"containment", "alert", "acl_review", "approval", "tool_refused"}


def scenario_defaults(scenario: str, digest: str, cache: dict) -> dict:
    """The settings the scenario runs with when nothing is overridden (the registry's
    defaults if its file is gone or has changed since); cached per (scenario, digest)."""
    key = (scenario, digest)
    if key not in cache:
        try:
            loaded = loading.load(scenario)
        except ScenarioError:
            loaded = None
        same = loaded is not None and loaded.digest == digest
        cache[key] = resolve_settings(loaded.scenario) if same else coerce_settings({})
    return cache[key]


def changed_settings(settings: dict, defaults: dict) -> list[tuple[str, object]]:
    return [(k, v) for k, v in sorted(settings.items()) if defaults.get(k, v) != v
            or k not in defaults]


def chain_steps(chain: list[dict], records: list[dict]) -> list[dict]:
    events = {record["seq"]: record for record in records}
    steps = []
    for step in chain:
        kind = step["kind"]
        tone = step_tone(kind, events.get(step["seq"]))
        label = CHAIN_KINDS.get(kind, kind.replace("_", " "))
        if tone == "harm" and kind == "approval":
            label = "Unsafe advice approved"
        anchor = f"#event-{step['seq']}" if step["seq"] is not None else "#exposure"
        steps.append({**step, "label": label, "tone": tone, "anchor": anchor})
    return steps


def step_tone(kind: str, record: dict | None) -> str:
    """harm / help / neutral. Approving unsafe advice is a control that failed, not one that
    worked: it is drawn as harm, whereas rejecting it (or approving safe advice) helps."""
    if kind == "approval" and record is not None and approves_unsafe_advice(record):
        return "harm"
    return "harm" if kind in HARMFUL else "help" if kind in HELPFUL else "neutral"


def approves_unsafe_advice(record: dict) -> bool:
    advice = (record.get("payload") or {}).get("advice")
    return (record["verb"] == Verb.POST_APPROVED and isinstance(advice, dict)
            and advice.get("is_safe") is False)


def event_rows(records: list[dict], metrics: dict) -> tuple[list[dict], list[dict]]:
    """(organisation set-up, everything else): set-up is what the system logs before the
    first act of a person or agent. Reads inside a window are flagged."""
    unauthorized = {r["seq"] for r in metrics["exposure"]["unauthorized_read_events"]}
    setup, rest = [], []
    for record in records:
        row = {**record, "detail": detail(record), "refused": is_refused(record),
               "unauthorized": record["seq"] in unauthorized}
        (setup if record["actor"] is None and not rest else rest).append(row)
    return setup, rest


def is_refused(record: dict) -> bool:
    """A refused attempt: its own `…refused` event, or an agent's tool call refused."""
    payload = record.get("payload") or {}
    return record["verb"].endswith("refused") or (
        record["verb"] == Verb.AGENT_TOOL_CALLED and payload.get("refused") is True)


def detail(record: dict) -> str:
    """A few words from the payload: what was granted, which post, why it was refused."""
    payload = record.get("payload") or {}
    verb = record["verb"]
    if verb.startswith("grant.") or verb.startswith("acl."):
        words = " ".join(str(payload[k]) for k in ("grantee", "permission") if payload.get(k))
        if payload.get("advice"):
            words += f", following {payload['advice']}"
        if payload.get("contradicts_policy"):
            words += " (contradicts intended policy)"
        if payload.get("reason"):
            words += f" — {payload['reason']}"
        return words.strip(", ")
    if verb == Verb.DECISION_MADE:
        return f"{payload.get('point')}: {payload.get('choice')}"
    if verb == Verb.AGENT_TOOL_CALLED:
        outcome = f"refused: {payload.get('reason', '')}" if payload.get("refused") \
            else payload.get("result", "")
        return f"{payload.get('tool')} — {outcome}".strip(" —")
    if isinstance(payload.get("quotes"), dict) and payload["quotes"]:
        return "quotes " + ", ".join(f"{n} records of {slug}"
                                     for slug, n in sorted(payload["quotes"].items()))
    if payload.get("advice") and isinstance(payload["advice"], dict):
        return f"advice: {payload['advice'].get('summary', '')}"
    for key in ("title", "reason", "agent", "choice", "purpose"):
        if payload.get(key):
            return f"{key}: {payload[key]}"
    return ""


def incident_span(incident_windows: list[dict] | None) -> dict | None:
    """The whole incident across resources, for the runs list: first start to last end, the
    longest incident window, and the most minutes any resource was exposed (None in runs
    stored before that was measured)."""
    if not incident_windows:
        return None
    exposed = [w["exposed_minutes"] for w in incident_windows if "exposed_minutes" in w]
    return {"start": min(w["start"] for w in incident_windows),
            "end": max(w["end"] for w in incident_windows),
            "minutes": max(w["minutes"] for w in incident_windows),
            "exposed_minutes": max(exposed) if exposed else None,
            "open_at_end": any(w["open_at_end"] for w in incident_windows)}
