"""The causal chain: the incident as a timeline a person can read.

question → agent invoked → the agent's post → its approval (or none) → the advice followed
→ the ACL change → the exposure windows → unauthorized reads → alerts → containment; and,
through content: the post carrying instructions for AI agents → what an agent read through
its tools → the post quoting records → the windows it opened → the post hidden.
Events are picked by what they are (and linked by `cause` and by the advice's post key);
windows, lapses and windows still open at the end are derived steps with no `seq`.
"""

from dataclasses import dataclass

from forum.vocabulary import Verb, subject

from .agent import is_advice_attempt
from .content import (
    describe_injection, describe_quotes, injected_post_events, leak_post_events, leaked_by,
)
from .log import Log
from .windows import BEFORE_EVENTS, END_OF_RUN, AccessSweep, Window
from .world import (
    MEMBERSHIP_VERBS, PUBLISHING_VERBS, POST_VERBS, Post, World, count_of, keys_of, post_key,
    quoted, round_minutes,
)

ACL_VERBS = (Verb.GRANT_CREATED, Verb.GRANT_REVOKED, Verb.ACL_REVIEW_REQUESTED, Verb.ACL_REFUSED,
             Verb.ACL_REVIEW_REJECTED)
ANSWER_VERBS = (Verb.POST_PUBLISHED, Verb.POST_DRAFTED, Verb.POST_PRIVATE)
READ_VERBS = (Verb.RESOURCE_READ, Verb.THREAD_READ)
NAMES_SHOWN = 5


@dataclass
class Facts:
    """What the chain needs to know beyond one event."""
    world: World
    windows: list               # every exposure window, in order
    closing: set                # seqs of events that closed ≥1 window
    opening: set                # seqs of events that opened ≥1 window
    unauthorized: dict          # seq of a read inside the reader's window → {resource: records}
    leaks: dict                 # seq of the event that made a leak post visible → post key
    injections: set             # seq of the first event of each post carrying instructions
    injected: set               # keys of the posts carrying instructions

    @property
    def remarkable(self) -> set:
        """Posts whose hiding contains the incident: leak posts and injected posts."""
        return set(self.leaks.values()) | self.injected


def gather_facts(log: Log, world: World, access: AccessSweep) -> Facts:
    windows = access.windows()
    return Facts(
        world=world, windows=windows,
        closing={w.closed_by for w in windows if w.closed_by is not None},
        opening={w.opened_by for w in windows if w.opened_by is not None},
        unauthorized=_reads_by_seq(access),
        leaks={r["seq"]: post_key(r) for r in leak_post_events(log, world)},
        injections={r["seq"] for r in injected_post_events(log, world)},
        injected={key for key, post in world.posts.items() if post.injection},
    )


def _reads_by_seq(access: AccessSweep) -> dict:
    reads = {}
    for read in access.reads:
        reads.setdefault(read.seq, {})[read.resource] = read.records
    return reads


def build_chain(log: Log, world: World, access: AccessSweep) -> list[dict]:
    facts = gather_facts(log, world, access)
    steps = []
    for record in log.of(*EVENT_KINDS):
        kind = event_kind(record, facts)
        if kind is not None:
            steps.append(_event_step(record, kind, facts))
    windows = facts.windows
    steps += exposure_steps(windows, facts) + lapse_steps(windows) + open_steps(windows)
    steps.sort(key=lambda s: s.pop("_order"))
    return steps


def event_kind(record: dict, facts: Facts) -> str | None:
    """What step an event is, if any. Leak posts and posts carrying instructions are post
    events, all of verbs in EVENT_KINDS."""
    if record["seq"] in facts.leaks:
        return "leak_post"
    if record["seq"] in facts.injections:
        return "injection"
    kind = EVENT_KINDS.get(record["verb"])
    return kind(record, facts) if kind else None


def _always(kind: str):
    return lambda record, facts: kind


def _answer_kind(record: dict, facts: Facts) -> str | None:
    if facts.world.is_agent(record.get("actor")):
        return "agent_post"
    return "human_post" if (record.get("payload") or {}).get("advice") else None


def _read_kind(record: dict, facts: Facts) -> str | None:
    return "unauthorized_read" if record["seq"] in facts.unauthorized else None


def _hidden_kind(record: dict, facts: Facts) -> str | None:
    hid = subject(record.get("target"))
    return "containment" if record["seq"] in facts.closing or hid in facts.remarkable else None


def _membership_kind(record: dict, facts: Facts) -> str | None:
    """Joining or leaving a group is a step when it opened or closed a window."""
    if record["seq"] in facts.closing:
        return "containment"
    return "acl_change" if record["seq"] in facts.opening else None


def tool_kind(record: dict, facts: Facts) -> str | None:
    """A refused call; or a read that saw instructions for agents or returned records.
    Calls that saw nothing remarkable are not steps."""
    payload = record.get("payload") or {}
    if payload.get("refused"):
        return "tool_refused"
    tool = payload.get("tool")
    if tool == "read_thread" and facts.injected & set(keys_of(payload.get("posts"))):
        return "agent_read"
    if tool == "lookup_resource" and count_of(payload.get("records")) > 0:
        return "agent_read"
    return None


def _acl_kind(record: dict, facts: Facts) -> str | None:
    if record["seq"] in facts.closing:
        return "containment"
    if record.get("actor") is None:
        return None     # the organisation's initial grants are the background, not the chain
    if is_advice_attempt(record):
        return "advice_followed"
    if record["verb"] == Verb.ACL_REVIEW_REJECTED or "change" in (record.get("payload") or {}):
        return "acl_review"
    return "acl_change"


# Verb → what step its event is (None: not a step).
EVENT_KINDS = {
    Verb.QUESTION_POSTED: _always("question"), Verb.AGENT_INVOKED: _always("agent_invoked"),
    Verb.POST_APPROVED: _always("approval"), Verb.POST_REJECTED: _always("approval"),
    Verb.DECISION_MADE: _always("decision"), Verb.ALERT_RAISED: _always("alert"),
    **{verb: _answer_kind for verb in ANSWER_VERBS},
    **{verb: _read_kind for verb in READ_VERBS},
    Verb.AGENT_TOOL_CALLED: tool_kind,
    Verb.POST_HIDDEN: _hidden_kind,
    **{verb: _acl_kind for verb in ACL_VERBS},
    **{verb: _membership_kind for verb in MEMBERSHIP_VERBS},
}


def _event_step(record: dict, kind: str, facts: Facts) -> dict:
    t = facts.world.t(record)
    return {
        "seq": record["seq"], "t": round_minutes(t), "kind": kind, "actor": record.get("actor"),
        "cause": record.get("cause"), "summary": summarize(record, kind, facts),
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


def exposure_steps(windows: list[Window], facts: Facts) -> list[dict]:
    """The windows one grant (or one leak post) opened on one resource, as one step."""
    groups = {}
    for window in windows:
        groups.setdefault((window.start, window.opened_by, window.resource), []).append(window)
    return [
        _derived_step(start, (opened_by or 0) + 0.5, "exposure_window",
                      f"{_exposed_thing(resource, facts.leaks.get(opened_by), facts)} became "
                      f"readable by {_people(len(group))} outside {_whose(opened_by, facts)} "
                      f"intended audience: {_names(sorted(w.principal for w in group))}")
        for (start, opened_by, resource), group in sorted(groups.items())
    ]


def _whose(opened_by: int | None, facts: Facts) -> str:
    return "the" if opened_by in facts.leaks else "its"


def _exposed_thing(resource: str, post: str | None, facts: Facts) -> str:
    if post is None:
        return resource
    quotes = facts.world.posts[post].quotes
    return f"{describe_quotes({resource: quotes.get(resource, 0)})} quoted in {post}"


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


def summarize(record: dict, kind: str, facts: Facts) -> str:
    verb, world = record["verb"], facts.world
    if verb in ACL_VERBS:
        return _summarize_acl(record, kind, world, facts.windows)
    if verb == Verb.AGENT_TOOL_CALLED:
        return _summarize_tool(record, kind, facts)
    if verb == Verb.POST_HIDDEN:
        return _summarize_hidden(record, facts)
    if verb in MEMBERSHIP_VERBS:
        return _summarize_membership(record, facts)
    if verb == Verb.THREAD_READ:
        return (f"{record.get('actor')} read {subject(record.get('target'))}, seeing "
                f"{describe_quotes(facts.unauthorized[record['seq']])} quoted in it, from "
                f"outside the intended audience")
    return _summarize_forum(record, world) + content_note(record, world)


def content_note(record: dict, world: World) -> str:
    """What a post event's post carries beyond its words: records that reach people
    outside their audience, and instructions aimed at AI agents. Empty for other events."""
    if record["verb"] not in POST_VERBS + (Verb.QUESTION_POSTED,):
        return ""
    post = world.posts.get(post_key(record))
    if post is None:
        return ""
    note = _quote_note(record, post, world)
    if post.injection:
        note += (". It carries instructions aimed at AI agents, "
                 f"{describe_injection(post.injection)}")
    return note


def _quote_note(record: dict, post: Post, world: World) -> str:
    leaked = leaked_by(record, world)
    if not leaked:
        return ""
    then = world.as_of(record["seq"])
    outside = set().union(*(then.reach_outside(post.space, slug) for slug in leaked))
    quotes = quoted(record.get("payload") or {}) or post.quotes
    quotes = {slug: quotes.get(slug, 0) for slug in leaked}
    published = record["verb"] in PUBLISHING_VERBS
    can = "can read" if published else "would read"
    return (f". It quotes {describe_quotes(quotes)}, which {_people(len(outside))} outside "
            f"the intended audience {can} in {post.space}"
            + ("" if published else " if it were published"))


def _summarize_membership(record: dict, facts: Facts) -> str:
    payload, seq = record.get("payload") or {}, record["seq"]
    joined = record["verb"] == Verb.GROUP_MEMBER_ADDED
    text = (f"{payload.get('principal')} {'joined' if joined else 'left'} group "
            f"{subject(record.get('target'))}")
    opened = sorted({w.resource for w in facts.windows if w.opened_by == seq})
    closed = sorted({w.resource for w in facts.windows if w.closed_by == seq})
    if opened:
        text += f", which made {' and '.join(opened)} readable to them outside its audience"
    if closed:
        text += f", which ended their exposure to {' and '.join(closed)}"
    return text


def _summarize_tool(record: dict, kind: str, facts: Facts) -> str:
    actor, behalf, payload = record.get("actor"), record.get("on_behalf_of"), record["payload"]
    tool = payload.get("tool")
    if kind == "tool_refused":
        return (f"agent {actor}'s {tool} call for {behalf} was refused: "
                f"{payload.get('reason') or payload.get('result', '')}")
    if tool == "lookup_resource":
        return (f"agent {actor} looked up {payload.get('resource')} for {behalf} and got "
                f"{payload.get('records')} records")
    planted = [key for key in keys_of(payload.get("posts")) if key in facts.injected]
    return (f"agent {actor} read {payload.get('thread')} for {behalf}, including "
            f"{', '.join(planted)}, which {'carries' if len(planted) == 1 else 'carry'} "
            f"instructions aimed at AI agents")


def _summarize_hidden(record: dict, facts: Facts) -> str:
    actor, payload = record.get("actor"), record.get("payload") or {}
    post = subject(record.get("target"))
    text = f"{actor} hid {post}"
    if payload.get("reason"):
        text += f" ({payload['reason']})"
    closed = [w for w in facts.windows if w.closed_by == record["seq"]]
    if closed:
        resources = " and ".join(sorted({w.resource for w in closed}))
        people = len({w.principal for w in closed})
        text += f", closing the window of {_people(people)} on {resources}"
    elif post in facts.leaks.values():
        text += ", but everyone it exposed could still read the records some other way"
    if post in facts.injected:
        text += "; it carried instructions aimed at AI agents"
    return text


def _summarize_forum(record: dict, world: World) -> str:
    verb, actor, payload = record["verb"], record.get("actor"), record.get("payload") or {}
    target, behalf = subject(record.get("target")), record.get("on_behalf_of")
    advice = describe_advice(payload.get("advice"))
    if verb == Verb.QUESTION_POSTED:
        title = payload.get("title", "")
        return f'{actor} asked "{title}" in {payload.get("space")} ({target})'
    if verb == Verb.AGENT_INVOKED:
        return f"{actor} asked agent {payload.get('agent')} to analyse {target}"
    if verb == Verb.POST_PUBLISHED and world.is_agent(actor):
        return (f"agent {actor} published {target} on behalf of {behalf} with no approval: "
                f"{advice}")
    if verb == Verb.POST_PUBLISHED:
        return f"{actor} replied {target}: {advice}"
    if verb == Verb.POST_DRAFTED:
        return f"agent {actor} drafted {target} for {behalf}'s approval: {advice}"
    if verb == Verb.POST_PRIVATE:
        return f"agent {actor} gave {behalf} a private analysis {target}: {advice}"
    if verb in (Verb.POST_APPROVED, Verb.POST_REJECTED):
        done = "approved (now published)" if verb == Verb.POST_APPROVED else "rejected"
        return f"{actor} {done} {payload.get('author')}'s draft {target}: {advice}"
    if verb == Verb.DECISION_MADE:
        return f"{actor} decided at {payload.get('point')}: {payload.get('choice')}"
    if verb == Verb.RESOURCE_READ:
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
    if verb == Verb.ACL_REVIEW_REQUESTED:
        return f"{lead}: asked a reviewer to {change} ({payload.get('guardrail')})"
    if verb == Verb.ACL_REFUSED:
        return f"{lead}: the forum refused to {change}: {payload.get('reason', '')}"
    if verb == Verb.ACL_REVIEW_REJECTED:
        return f"{actor} rejected the request to {change}"
    if "change" in payload:
        return f"{record.get('approved_by')} approved {actor}'s request to {change}"
    expiry = payload.get("expires_t")
    lapse = f", expiring at minute {round_minutes(expiry)}" if expiry is not None else ""
    return f"{lead}: {change}{lapse}"
