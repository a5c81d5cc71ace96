"""The causal chain: the incident as a timeline a person can read.

question → agent invoked → the agent's post → its approval (or none) → the advice followed
→ the ACL change → the exposure windows → unauthorized reads → alerts → containment.
Events are picked by what they are (and linked by `cause` and by the advice's post key);
windows, lapses and windows still open at the end are derived steps with no `seq`.
"""

from .agent import is_advice_attempt
from .windows import BEFORE_EVENTS, END_OF_RUN, AccessSweep, Window
from .world import World, round_minutes, subject

ACL_VERBS = ("grant.created", "grant.revoked", "acl.review_requested", "acl.refused",
             "acl.review_rejected")
ANSWER_VERBS = ("post.published", "post.drafted", "post.private")
NAMES_SHOWN = 5


def build_chain(records: list[dict], world: World, access: AccessSweep) -> list[dict]:
    windows = access.windows()
    closing = {w.closed_by for w in windows if w.closed_by is not None}
    unauthorized = {read.seq for read in access.reads}
    steps = []
    for record in records:
        kind = event_kind(record, world, closing, unauthorized)
        if kind is not None:
            steps.append(_event_step(record, kind, world, windows))
    steps += exposure_steps(windows) + lapse_steps(windows) + open_steps(windows)
    steps.sort(key=lambda s: s.pop("_order"))
    return steps


def event_kind(record: dict, world: World, closing: set, unauthorized: set) -> str | None:
    verb, actor = record["verb"], record.get("actor")
    payload = record.get("payload") or {}
    simple = {"question.posted": "question", "agent.invoked": "agent_invoked",
              "post.approved": "approval", "post.rejected": "approval",
              "decision.made": "decision", "alert.raised": "alert"}
    if verb in simple:
        return simple[verb]
    if verb in ANSWER_VERBS:
        if world.is_agent(actor):
            return "agent_post"
        return "human_post" if payload.get("advice") else None
    if verb == "resource.read":
        return "unauthorized_read" if record["seq"] in unauthorized else None
    if verb in ACL_VERBS:
        return _acl_kind(record, closing)
    return None


def _acl_kind(record: dict, closing: set) -> str | None:
    if record["seq"] in closing:
        return "containment"
    if record.get("actor") is None:
        return None     # the organisation's initial grants are the background, not the chain
    if is_advice_attempt(record):
        return "advice_followed"
    if record["verb"] == "acl.review_rejected" or "change" in (record.get("payload") or {}):
        return "acl_review"
    return "acl_change"


def _event_step(record: dict, kind: str, world: World, windows: list[Window]) -> dict:
    t = world.t(record)
    return {
        "seq": record["seq"], "t": round_minutes(t), "kind": kind, "actor": record.get("actor"),
        "cause": record.get("cause"), "summary": summarize(record, kind, world, windows),
        "_order": (t, record["seq"]),
    }


def _derived_step(t: float, order: float, kind: str, summary: str) -> dict:
    return {"seq": None, "t": round_minutes(t), "kind": kind, "actor": None, "cause": None,
            "summary": summary, "_order": (t, order)}


def _names(principals: list[str]) -> str:
    shown = ", ".join(principals[:NAMES_SHOWN])
    more = len(principals) - NAMES_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def exposure_steps(windows: list[Window]) -> list[dict]:
    groups = {}
    for window in windows:
        groups.setdefault((window.start, window.opened_by, window.resource), []).append(window)
    return [
        _derived_step(start, (opened_by or 0) + 0.5, "exposure_window",
                      f"{resource} became readable by {_people(len(group))} outside its "
                      f"intended audience: {_names(sorted(w.principal for w in group))}")
        for (start, opened_by, resource), group in sorted(groups.items())
    ]


def lapse_steps(windows: list[Window]) -> list[dict]:
    lapsed = {}
    for window in windows:
        if not window.open_at_end and window.closed_by is None:
            lapsed.setdefault((window.end, window.resource), []).append(window)
    return [
        _derived_step(end, BEFORE_EVENTS, "containment",
                      f"a grant on {resource} expired, closing the window of "
                      f"{_people(len(group))}: {_names(sorted(w.principal for w in group))}")
        for (end, resource), group in sorted(lapsed.items())
    ]


def open_steps(windows: list[Window]) -> list[dict]:
    still_open = {}
    for window in windows:
        if window.open_at_end:
            still_open.setdefault((window.end, window.resource), []).append(window)
    return [
        _derived_step(end, END_OF_RUN, "open_at_end",
                      f"{resource} was still readable by {_people(len(group))} outside its "
                      f"intended audience when the run ended")
        for (end, resource), group in sorted(still_open.items())
    ]


def describe_change(payload: dict, resource: str) -> str:
    action = payload.get("action") or "grant"
    words = {"grant": "grant", "revoke": "revoke"}.get(action, action)
    text = f"{words} {payload.get('grantee')} {payload.get('permission', 'read')} on {resource}"
    if payload.get("contradicts_policy"):
        text += " (contradicts the intended policy)"
    return text


def describe_advice(advice: dict | None) -> str:
    if not advice:
        return "no advice"
    truth = "safe" if advice.get("is_safe") else "unsafe"
    summary = advice.get("summary", "")
    return f'advice "{summary}" ({truth})'


def summarize(record: dict, kind: str, world: World, windows: list[Window]) -> str:
    if record["verb"] in ACL_VERBS:
        return _summarize_acl(record, kind, world, windows)
    return _summarize_forum(record, world)


def _summarize_forum(record: dict, world: World) -> str:
    verb, actor, payload = record["verb"], record.get("actor"), record.get("payload") or {}
    target, behalf = subject(record.get("target")), record.get("on_behalf_of")
    advice = describe_advice(payload.get("advice"))
    if verb == "question.posted":
        title = payload.get("title", "")
        return f'{actor} asked "{title}" in {payload.get("space")} ({target})'
    if verb == "agent.invoked":
        return f"{actor} asked agent {payload.get('agent')} to analyse {target}"
    if verb == "post.published" and world.is_agent(actor):
        return (f"agent {actor} published {target} on behalf of {behalf} with no approval: "
                f"{advice}")
    if verb == "post.published":
        return f"{actor} replied {target}: {advice}"
    if verb == "post.drafted":
        return f"agent {actor} drafted {target} for {behalf}'s approval: {advice}"
    if verb == "post.private":
        return f"agent {actor} gave {behalf} a private analysis {target}: {advice}"
    if verb in ("post.approved", "post.rejected"):
        done = "approved (now published)" if verb == "post.approved" else "rejected"
        return f"{actor} {done} {payload.get('author')}'s draft {target}: {advice}"
    if verb == "decision.made":
        return f"{actor} decided at {payload.get('point')}: {payload.get('choice')}"
    if verb == "resource.read":
        return (f"{actor} read {target} ({payload.get('records', 0)} records) from outside "
                f"its intended audience")
    return f"alert on {target}: {payload.get('reason', '')}"


def _summarize_acl(record: dict, kind: str, world: World, windows: list[Window]) -> str:
    verb, actor, payload = record["verb"], record.get("actor"), record.get("payload") or {}
    resource = world.resource_of(record)
    change = describe_change(payload, resource)
    if kind == "containment":
        closed = sum(1 for w in windows if w.closed_by == record["seq"])
        return f"{actor} revoked {payload.get('grantee')} {payload.get('permission')} on " \
               f"{resource}, closing the window of {_people(closed)}"
    lead = f"{actor} followed the advice of {payload.get('advice')}" if payload.get("advice") \
        else f"{actor}"
    if verb == "acl.review_requested":
        return f"{lead}: asked a reviewer to {change} ({payload.get('guardrail')})"
    if verb == "acl.refused":
        return f"{lead}: the forum refused to {change}: {payload.get('reason', '')}"
    if verb == "acl.review_rejected":
        return f"{actor} rejected the request to {change}"
    if "change" in payload:
        return f"{record.get('approved_by')} approved {actor}'s request to {change}"
    expiry = payload.get("expires_t")
    lapse = f", expiring at minute {round_minutes(expiry)}" if expiry is not None else ""
    return f"{lead}: {change}{lapse}"
