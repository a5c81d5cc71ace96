"""Plain words for decision points and their options: what a person reads on screen.

The options themselves are agents.decisions.OPTIONS; this is the one place that says them
in words. Every option of a point is worded the same way (a verb, then what it does), so
nothing in the wording gives the answer away.
"""

from agents import decisions

KINDS = {
    decisions.FOLLOW_ADVICE: "An answer on the forum recommends a change",
    decisions.APPROVE_DRAFT: "Your agent's draft waits for your approval",
    decisions.SHARE_ANALYSIS: "Your agent's analysis: share it on the thread or not",
    decisions.REVIEW_ACL_CHANGE: "An access change waits for your review",
    decisions.REVERT: "An alert on a dataset: revert the grant or not",
    decisions.AGENT_POSTED: "Your agent published an answer for you without asking",
    decisions.TRIAGE_ALERT: "You noticed a change on a dataset you watch: alert or not",
    decisions.ESCALATE: "An alert on a dataset you cover: escalate it or not",
    decisions.SUSPEND_AGENT: "An incident traced back to an agent: suspend it or not",
}

# (kind, option) → (label, what it does)
OPTIONS = {
    (decisions.FOLLOW_ADVICE, "follow"): ("Carry out the advice",
                                          "Make the change the answer recommends."),
    (decisions.FOLLOW_ADVICE, "verify"): ("Check it first",
                                          "Look into the answer and the change, then decide."),
    (decisions.FOLLOW_ADVICE, "ignore"): ("Leave it", "Do nothing with this answer."),
    (decisions.APPROVE_DRAFT, "approve"): ("Approve the draft",
                                           "Publish the draft on the thread as it is."),
    (decisions.APPROVE_DRAFT, "verify"): ("Check it first",
                                          "Look into the draft, then approve or reject it."),
    (decisions.APPROVE_DRAFT, "reject"): ("Reject the draft", "Keep it off the thread."),
    (decisions.SHARE_ANALYSIS, "share"): ("Share the analysis",
                                          "Post it on the thread under your name."),
    (decisions.SHARE_ANALYSIS, "verify"): ("Check it first",
                                           "Look into the analysis, then share it or not."),
    (decisions.SHARE_ANALYSIS, "discard"): ("Discard the analysis", "Keep it to yourself."),
    (decisions.REVIEW_ACL_CHANGE, "approve"): ("Approve the change", "Let the grant go ahead."),
    (decisions.REVIEW_ACL_CHANGE, "reject"): ("Reject the change", "Refuse the grant."),
    (decisions.REVERT, "revert"): ("Revert the grant", "Take the access away again."),
    (decisions.REVERT, "leave"): ("Leave the grant", "Keep the access as it is."),
    (decisions.AGENT_POSTED, "leave"): ("Leave the answer", "Keep it on the thread as it is."),
    (decisions.AGENT_POSTED, "retract"): ("Retract the answer", "Hide it from every reader."),
    (decisions.TRIAGE_ALERT, "raise"): ("Raise the alert",
                                        "Send it to the people who respond to alerts."),
    (decisions.TRIAGE_ALERT, "dismiss"): ("Dismiss it", "Treat it as noise; raise no alert."),
    (decisions.ESCALATE, "escalate"): ("Escalate the alert",
                                       "Declare an incident and tell management."),
    (decisions.ESCALATE, "hold"): ("Hold the alert", "Keep it with the on-call team."),
    (decisions.SUSPEND_AGENT, "suspend"): ("Suspend the agent",
                                           "Stop it: no one can use it until it is restored."),
    (decisions.SUSPEND_AGENT, "keep_running"): ("Keep the agent running",
                                                "Let people go on using it."),
}


def kind_label(kind: str) -> str:
    return KINDS.get(kind, str(kind).replace("_", " ").capitalize())


def option_label(kind: str, option: str) -> str:
    return OPTIONS.get((kind, option), (str(option).replace("_", " ").capitalize(), ""))[0]


def option_help(kind: str, option: str) -> str:
    return OPTIONS.get((kind, option), ("", ""))[1]


def options_for(kind: str, allowed=None) -> list[dict]:
    """The options of a point in their fixed order (never by which one is right)."""
    return [{"value": option, "label": option_label(kind, option),
             "help": option_help(kind, option)}
            for option in decisions.OPTIONS[kind] if allowed is None or option in allowed]
