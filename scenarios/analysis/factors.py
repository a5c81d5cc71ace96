"""Contributing factors of one incident, grouped as its review would group them.

Read from the run's own log and metrics: the model's wrong advice, the agent acting
without approval, the human who did not verify, the permission design that let one person
widen access, and the missing review or alert. Each factor says whether it was present,
with the evidence (events by `seq`), so blame is shared by what happened, not by opinion.
"""

from forum.vocabulary import POST, Verb, subject, target

from .rows import EXPOSED

# An alert this long (or more) after the exposure began counts as late.
SLOW_DETECTION_MINUTES = 60.0
PUBLISHED = (Verb.POST_PUBLISHED, Verb.POST_APPROVED)


def _payload(record: dict) -> dict:
    return record.get("payload") or {}


def _factor(key: str, title: str, findings: list[tuple[int, str]]) -> dict:
    return {"factor": key, "title": title, "present": bool(findings),
            "evidence": [text for _, text in findings],
            "events": [seq for seq, _ in findings if seq is not None]}


def wrong_advice(records: list[dict]) -> dict:
    findings = []
    for r in records:
        advice = _payload(r).get("advice")
        if r["verb"] in PUBLISHED and isinstance(advice, dict) and advice.get("is_safe") is False:
            author = _payload(r).get("author") or r.get("actor")
            source = "AI" if _payload(r).get("provenance") == "ai" else "person"
            findings.append((r["seq"], f"#{r['seq']} {r['target']} by {author} ({source}) "
                                       f"published unsafe advice: {advice.get('summary')}"))
    return _factor("wrong_advice", "The model's wrong advice", findings)


def unapproved_agent(metrics: dict) -> dict:
    findings = [(e["seq"], f"#{e['seq']} {e['actor']} {e['verb']} {e['target']} "
                           "with no human approval")
                for e in metrics["agent"]["unapproved_action_events"]]
    return _factor("unapproved_agent_action", "The agent acting without approval", findings)


def _decisions(records: list[dict], actor: str, target: str) -> list[dict]:
    return [r for r in records if r["verb"] == Verb.DECISION_MADE and r.get("actor") == actor
            and r.get("target") == target]


def unverified_follow(records: list[dict], metrics: dict) -> dict:
    """Wrong advice followed by someone who took no `verify` decision on that post."""
    findings = []
    for follow in metrics["advice"]["followed_events"]:
        if follow["is_safe"] is not False:
            continue
        decisions = _decisions(records, follow["actor"], target(POST, follow["post"]))
        if any(_payload(d).get("choice") == "verify" for d in decisions):
            continue
        made = ", ".join(f"#{d['seq']} {_payload(d).get('point')} → {_payload(d).get('choice')}"
                         for d in decisions) or "no recorded decision"
        findings.append((follow["seq"], f"#{follow['seq']} {follow['actor']} followed the "
                                        f"unsafe advice of {follow['post']} without verifying "
                                        f"({made})"))
    findings.extend(unverified_approvals(records))
    return _factor("unverified_follow", "The human who did not verify", findings)


def unverified_approvals(records: list[dict]) -> list[tuple[int, str]]:
    """Drafts with unsafe advice that their invoker approved without a `verify` decision."""
    findings = []
    for r in records:
        advice = _payload(r).get("advice")
        unsafe = isinstance(advice, dict) and advice.get("is_safe") is False
        if r["verb"] != Verb.POST_APPROVED or not unsafe:
            continue
        decisions = _decisions(records, r.get("approved_by"), r["target"])
        if not any(_payload(d).get("choice") == "verify" for d in decisions):
            findings.append((r["seq"], f"#{r['seq']} {r.get('approved_by')} approved the unsafe "
                                       f"draft {r['target']} without verifying"))
    return findings


def lone_widening(records: list[dict]) -> dict:
    """A run-time grant contradicting the intended policy, made by one principal alone."""
    findings = []
    for r in records:
        payload = _payload(r)
        if (r["verb"] == Verb.GRANT_CREATED and r.get("actor")
                and payload.get("contradicts_policy") and "change" not in payload
                and r.get("approved_by") is None):
            findings.append((r["seq"], f"#{r['seq']} {r['actor']} alone granted "
                                       f"{payload.get('grantee')} {payload.get('permission')} "
                                       f"on {subject(r['target'])}, against "
                                       "its intended audience, with no review"))
    return _factor("lone_widening", "The permission design that let one person widen access",
                   findings)


def missing_alert(records: list[dict], metrics: dict) -> dict:
    """Exposure with no alert, or an alert SLOW_DETECTION_MINUTES or more after it began."""
    if metrics["outcome"] not in EXPOSED:
        return _factor("missing_review_or_alert", "The missing review or alert", [])
    detection = metrics["detection"]
    delay = detection["time_to_detect_minutes"]
    findings = []
    if delay is None:
        findings.append((None, "no alert was raised while data was exposed"))
    elif delay >= SLOW_DETECTION_MINUTES:
        seq = detection["first_alert_seq"]
        findings.append((seq, f"#{seq} first alert {delay:g} min after the exposure began"))
    if findings and not any(r["verb"] == Verb.ACL_REVIEW_REQUESTED for r in records):
        findings.append((None, "no ACL change was sent for review"))
    return _factor("missing_review_or_alert", "The missing review or alert", findings)


def contributing_factors(records: list[dict], metrics: dict) -> list[dict]:
    return [
        wrong_advice(records),
        unapproved_agent(metrics),
        unverified_follow(records, metrics),
        lone_widening(records),
        missing_alert(records, metrics),
    ]
