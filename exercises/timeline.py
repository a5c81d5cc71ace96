"""The event log in words, for the facilitator's console and the after-action report."""

from forum.vocabulary import Verb, subject
from scenarios.reports.wording import clock

from .choices import kind_label, option_label

# Organisation set-up and run markers: the stage, not the play.
SETUP_VERBS = {Verb.GROUP_CREATED, Verb.PRINCIPAL_CREATED, Verb.SPACE_CREATED,
               Verb.RESOURCE_CREATED, Verb.GUARDRAILS_CONFIGURED, Verb.RUN_STARTED}
HELPFUL = {Verb.GRANT_REVOKED, Verb.ALERT_RAISED, Verb.POST_REJECTED, Verb.ACL_REVIEW_REJECTED,
           Verb.ACL_REFUSED, Verb.ACL_REVIEW_REQUESTED}


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
    return record["verb"] == Verb.GRANT_CREATED and record["actor"] is None


def _tone(record) -> str:
    verb, payload = record["verb"], record["payload"]
    if verb in HELPFUL or verb.endswith("_refused"):
        return "help"
    if verb == Verb.GRANT_CREATED and payload.get("contradicts_policy"):
        return "harm"
    if (verb == Verb.POST_PUBLISHED and payload.get("provenance") == "ai"
            and not record["approved_by"]):
        return "harm"
    if verb == Verb.DECISION_MADE and payload.get("by") == "person":
        return "person"
    return "neutral"


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
    text = f"{r['actor']} granted {p['grantee']} {p['permission']} on {subject(r['target'])}"
    if p.get("advice"):
        text += f", following the advice of {p['advice']}"
    if r["approved_by"]:
        text += f", after review by {r['approved_by']}"
    return text + (" — against the intended policy." if p.get("contradicts_policy") else ".")


def _decision(r, p):
    who = "a person at the table" if p.get("by") == "person" else "the scripted persona"
    return (f"{r['actor']} decided “{option_label(p['point'], p['choice'])}” — "
            f"{kind_label(p['point']).lower()} ({who}).")


WORDS = {
    Verb.QUESTION_POSTED: lambda r, p: f"{r['actor']} asked “{p['title']}” in {p['space']}.",
    Verb.AGENT_INVOKED: lambda r, p: f"{r['actor']} asked agent {p['agent']} to analyse "
                                     f"{subject(r['target'])}.",
    Verb.POST_PUBLISHED: _post_published,
    Verb.POST_DRAFTED: lambda r, p: f"Agent {r['actor']} drafted an answer for "
                                    f"{r['on_behalf_of']} to approve." + _advice(p),
    Verb.POST_PRIVATE: lambda r, p: f"Agent {r['actor']} gave {r['on_behalf_of']} a private "
                                    "analysis." + _advice(p),
    Verb.POST_APPROVED: lambda r, p: f"{r['approved_by']} approved {p['author']}'s draft; it is "
                                     "now published.",
    Verb.POST_REJECTED: lambda r, p: f"{r['actor']} rejected {p['author']}'s draft.",
    Verb.DECISION_MADE: _decision,
    Verb.GRANT_CREATED: _grant,
    Verb.GRANT_REVOKED: lambda r, p: f"{r['actor']} revoked {p['grantee']} {p['permission']} on "
                                     f"{subject(r['target'])}.",
    Verb.ACL_REVIEW_REQUESTED: lambda r, p: f"{r['actor']} asked for a review of: "
                                            f"{p['action']} {p['grantee']} {p['permission']} on "
                                            f"{subject(r['target'])}.",
    Verb.ACL_REVIEW_REJECTED: lambda r, p: f"{r['actor']} rejected the requested ACL change.",
    Verb.ACL_REFUSED: lambda r, p: f"{r['actor']}'s ACL change was refused: {p['reason']}",
    Verb.RESOURCE_READ: lambda r, p: f"{r['actor']} read {subject(r['target'])} "
                                     f"({p['records']:,} records).",
    Verb.ALERT_RAISED: lambda r, p: f"Alert on {subject(r['target'])} "
                                    f"({r['actor'] or 'automated or injected'}): {p['reason']}.",
    Verb.RUN_ENDED: lambda r, p: "The scenario's clock ran out.",
    Verb.POST_HIDDEN: lambda r, p: f"{r['actor']} hid {p.get('author', 'a')}'s post in "
                                   f"{p.get('thread')}" + (f": {p['reason']}." if p.get("reason")
                                                          else "."),
    Verb.THREAD_READ: lambda r, p: f"{r['actor']} read the thread {subject(r['target'])}"
                                   + (f" for {r['on_behalf_of']}." if r["on_behalf_of"] else "."),
    Verb.AGENT_TOOL_CALLED: lambda r, p: f"Agent {r['actor']} used its tool "
                                         f"{p.get('tool')}"
                                         + (" — refused." if p.get("refused") else "."),
    Verb.AGENT_MODEL_CALLED: lambda r, p: f"Agent {r['actor']} asked its model "
                                          f"{p.get('model')}.",
    Verb.GROUP_MEMBER_ADDED: lambda r, p: f"{p['principal']} joined group "
                                          f"{subject(r['target'])}.",
    Verb.GROUP_MEMBER_REMOVED: lambda r, p: f"{p['principal']} left group "
                                            f"{subject(r['target'])}.",
    Verb.GUARDRAIL_CHANGED: lambda r, p: "Guardrail {} is now {} (was {}).".format(
        p["guardrail"], *({"true": "on", "false": "off", "none": "off"}.get(
            str(value).lower(), value) for value in (p["new"], p["old"]))),
    Verb.MESSAGE_SENT: lambda r, p: f"{r['actor']} wrote to {subject(r['target'])}"
                                    + (f": “{p['text']}”" if "text" in p else "."),
    Verb.INCIDENT_ESCALATED: lambda r, p: f"{r['actor']} escalated the alert on "
                                          f"{subject(r['target'])} as an incident.",
    Verb.AGENT_SUSPENDED: lambda r, p: f"{r['actor']} suspended agent {subject(r['target'])}: "
                                       "nobody can use it any more.",
}


def describe(record: dict) -> str:
    payload = record["payload"] or {}
    words = WORDS.get(record["verb"])
    if words is not None:
        return words(record, payload)
    reason = f": {payload['reason']}" if "reason" in payload else ""
    return f"{record['actor'] or 'The system'} — {record['verb']} {record['target']}{reason}"
