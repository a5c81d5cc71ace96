"""The event log in words, for the facilitator's console and the after-action report."""

from scenarios.reports.wording import clock

# Organisation set-up and run markers: the stage, not the play.
SETUP_VERBS = {"group.created", "principal.created", "space.created", "resource.created",
               "guardrails.configured", "run.started"}
HELPFUL = {"grant.revoked", "alert.raised", "post.rejected", "acl.review_rejected",
           "acl.refused", "acl.review_requested"}


def readable_events(records: list[dict]) -> list[dict]:
    """Every event after the set-up, oldest first, as {seq, t, clock, text, tone}."""
    rows = []
    for record in records:
        if record["verb"] in SETUP_VERBS or _is_seed_grant(record):
            continue
        rows.append({"seq": record["seq"], "t": record["t"], "clock": clock(record["t"]),
                     "verb": record["verb"], "text": describe(record), "tone": _tone(record)})
    return rows


def _is_seed_grant(record) -> bool:
    return record["verb"] == "grant.created" and record["actor"] is None


def _tone(record) -> str:
    verb, payload = record["verb"], record["payload"]
    if verb in HELPFUL or verb.endswith("_refused"):
        return "help"
    if verb == "grant.created" and payload.get("contradicts_policy"):
        return "harm"
    if verb == "post.published" and payload.get("provenance") == "ai" and not record["approved_by"]:
        return "harm"
    if verb == "decision.made" and payload.get("by") == "person":
        return "person"
    return "neutral"


def _name(target: str) -> str:
    return target.split(":", 1)[-1]


def _advice(payload) -> str:
    advice = payload.get("advice")
    return f" Advice: “{advice['summary']}”" if advice else ""


def _post_published(r, p):
    if p.get("provenance") == "ai":
        approval = f"approved by {r['approved_by']}" if r["approved_by"] else "with no approval"
        return (f"Agent {r['actor']} published an answer in {p.get('thread')} on behalf of "
                f"{r['on_behalf_of'] or 'no one'}, {approval}." + _advice(p))
    return f"{r['actor']} replied in {p.get('thread')}." + _advice(p)


def _grant(r, p):
    text = f"{r['actor']} granted {p['grantee']} {p['permission']} on {_name(r['target'])}"
    if p.get("advice"):
        text += f", following the advice of {p['advice']}"
    if r["approved_by"]:
        text += f", after review by {r['approved_by']}"
    return text + (" — against the intended policy." if p.get("contradicts_policy") else ".")


def _decision(r, p):
    who = "a person at the table" if p.get("by") == "person" else "the scripted persona"
    return f"{r['actor']} decided “{p['choice']}” at {p['point'].replace('_', ' ')} ({who})."


WORDS = {
    "question.posted": lambda r, p: f"{r['actor']} asked “{p['title']}” in {p['space']}.",
    "agent.invoked": lambda r, p: f"{r['actor']} asked agent {p['agent']} to analyse "
                                  f"{_name(r['target'])}.",
    "post.published": _post_published,
    "post.drafted": lambda r, p: f"Agent {r['actor']} drafted an answer for "
                                 f"{r['on_behalf_of']} to approve." + _advice(p),
    "post.private": lambda r, p: f"Agent {r['actor']} gave {r['on_behalf_of']} a private "
                                 "analysis." + _advice(p),
    "post.approved": lambda r, p: f"{r['approved_by']} approved {p['author']}'s draft; it is "
                                  "now published.",
    "post.rejected": lambda r, p: f"{r['actor']} rejected {p['author']}'s draft.",
    "decision.made": _decision,
    "grant.created": _grant,
    "grant.revoked": lambda r, p: f"{r['actor']} revoked {p['grantee']} {p['permission']} on "
                                  f"{_name(r['target'])}.",
    "acl.review_requested": lambda r, p: f"{r['actor']} asked for a review of: "
                                         f"{p['action']} {p['grantee']} {p['permission']} on "
                                         f"{_name(r['target'])}.",
    "acl.review_rejected": lambda r, p: f"{r['actor']} rejected the requested ACL change.",
    "acl.refused": lambda r, p: f"{r['actor']}'s ACL change was refused: {p['reason']}",
    "resource.read": lambda r, p: f"{r['actor']} read {_name(r['target'])} "
                                  f"({p['records']:,} records).",
    "alert.raised": lambda r, p: f"Alert on {_name(r['target'])} "
                                 f"({r['actor'] or 'automated or injected'}): {p['reason']}.",
    "run.ended": lambda r, p: "The scenario's clock ran out.",
}


def describe(record: dict) -> str:
    payload = record["payload"] or {}
    words = WORDS.get(record["verb"])
    if words is not None:
        return words(record, payload)
    reason = f": {payload['reason']}" if "reason" in payload else ""
    return f"{record['actor'] or 'The system'} — {record['verb']} {record['target']}{reason}"
