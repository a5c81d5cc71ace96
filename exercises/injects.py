"""Injects: events a facilitator adds to a session's timeline. Each is a scenario timeline
entry, checked by the scenario format's own types and references, and said in words for the
console, the room and the report."""

from scenarios.format import ScenarioError, check_entry


def checked_entry(scenario, data: dict, earlier=()):
    """`data` as a timeline entry of `scenario`, after the injects `earlier`, checked exactly
    like a scenario file's entries: ValueError with one line naming the field if it is not."""
    try:
        return check_entry(scenario, data, earlier=earlier)
    except ScenarioError as error:
        raise ValueError(str(error)) from None


def entry_kind(data) -> str:
    return data.get("do", "") if isinstance(data, dict) else ""


def _question(entry) -> str:
    question = entry.get("question") or {}
    return f"“{question.get('title', '')}” in {question.get('space', '')}"


WORDS = {
    "raise_alert": lambda e: f"alert on {e.get('resource')}: {e.get('reason')}",
    "post_question": lambda e: f"{e.get('actor')} asks {_question(e)}",
    "post_injection": lambda e: (f"{e.get('actor')} posts "
                                 + (f"in {e['thread']}" if e.get("thread") else _question(e))
                                 + " with an instruction hidden for AI agents "
                                 f"({str(e.get('carrier', '')).replace('_', ' ')})"),
    "invoke_agent": lambda e: f"{e.get('actor')} asks agent {e.get('agent')} about "
                              f"{e.get('thread')}",
    "read_resource": lambda e: f"{e.get('actor')} reads {e.get('resource')}",
    "set_guardrail": lambda e: f"guardrail {e.get('guardrail')} set to {e.get('value')}",
    "join_group": lambda e: f"{e.get('principal')} joins {e.get('group')}",
    "leave_group": lambda e: f"{e.get('principal')} leaves {e.get('group')}",
    "send_message": lambda e: f"message from {e.get('sender')} to {e.get('to')}: "
                              f"“{e.get('text')}”",
}


def describe(entry) -> str:
    """An inject in words; what is stored, even if it is broken, is shown as it is."""
    words = WORDS.get(entry_kind(entry))
    if words is None:
        return f"{entry_kind(entry) or 'unknown'} {entry!r}"[:300]
    return words(entry)
