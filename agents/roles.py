"""The roles a person can hold at a tabletop, by behaviour, and what each does in plain
words: what the facilitator reads when choosing who plays whom."""

ROLE_DESCRIPTIONS = {
    "follower": "follows forum advice",
    "invoker": "asks the AI agent for help; approves or retracts what it posts for them",
    "reviewer": "reviews access changes before they take effect",
    "monitor": "watches datasets and must notice: raises an alert or dismisses it",
    "responder": "answers alerts: reverts the access or hides the post",
    "security_oncall": "security on-call: decides whether to escalate an alert",
    "manager": "is asked about escalated incidents: may suspend the AI agent behind one",
}
