"""The log's vocabulary: every event verb, and how grantees and targets are written.

One place for the words the forum writes and every other layer reads (metrics, reports,
views, behaviours), so a verb cannot be misspelt in one app and right in another.
`Verb` members are strings, so they compare equal to the words stored in logs.
"""

from enum import StrEnum


class Verb(StrEnum):
    # the organisation
    GROUP_CREATED = "group.created"
    PRINCIPAL_CREATED = "principal.created"
    SPACE_CREATED = "space.created"
    RESOURCE_CREATED = "resource.created"
    GUARDRAILS_CONFIGURED = "guardrails.configured"
    GROUP_MEMBER_ADDED = "group.member_added"
    GROUP_MEMBER_REMOVED = "group.member_removed"
    GROUP_MEMBERSHIP_REFUSED = "group.membership_refused"
    GUARDRAIL_CHANGED = "guardrail.changed"
    # access control
    GRANT_CREATED = "grant.created"
    GRANT_REVOKED = "grant.revoked"
    ACL_REVIEW_REQUESTED = "acl.review_requested"
    ACL_REVIEW_REJECTED = "acl.review_rejected"
    ACL_REFUSED = "acl.refused"
    ACL_REVIEW_REFUSED = "acl.review_refused"
    # posts
    QUESTION_POSTED = "question.posted"
    QUESTION_REFUSED = "question.refused"
    POST_PUBLISHED = "post.published"
    POST_DRAFTED = "post.drafted"
    POST_PRIVATE = "post.private"
    POST_APPROVED = "post.approved"
    POST_REJECTED = "post.rejected"
    POST_REFUSED = "post.refused"
    POST_APPROVE_REFUSED = "post.approve_refused"
    POST_REJECT_REFUSED = "post.reject_refused"
    POST_HIDDEN = "post.hidden"
    POST_HIDE_REFUSED = "post.hide_refused"
    # reads
    THREAD_READ = "thread.read"
    THREAD_READ_REFUSED = "thread.read_refused"
    RESOURCE_READ = "resource.read"
    RESOURCE_READ_REFUSED = "resource.read_refused"
    # agents
    AGENT_INVOKED = "agent.invoked"
    AGENT_INVOKE_REFUSED = "agent.invoke_refused"
    AGENT_TOOL_CALLED = "agent.tool_called"
    AGENT_MODEL_CALLED = "agent.model_called"
    AGENT_SUSPENDED = "agent.suspended"
    AGENT_SUSPEND_REFUSED = "agent.suspend_refused"
    # people and the run
    ALERT_RAISED = "alert.raised"
    INCIDENT_ESCALATED = "incident.escalated"
    DECISION_MADE = "decision.made"
    RUN_STARTED = "run.started"
    RUN_ENDED = "run.ended"
    MESSAGE_SENT = "message.sent"
    MESSAGE_REFUSED = "message.refused"


# What an event's target names: `<kind>:<name>`. A group or principal target is written
# as that grantee's label.
GROUP, PRINCIPAL = "group", "principal"
SPACE, THREAD, POST, RESOURCE, ACL_CHANGE = "space", "thread", "post", "resource", "acl-change"

# A grantee label as the scenario format and the agents' tools accept it.
GRANTEE_PATTERN = rf"^({GROUP}|{PRINCIPAL}):[A-Za-z0-9][A-Za-z0-9_.-]*$"


def grantee(*, group: str | None = None, principal: str | None = None) -> str:
    """`group:<slug>` or `principal:<username>`, from exactly one of the two names."""
    if (group is None) == (principal is None):
        raise ValueError("a grantee is exactly one group or one principal")
    return target(GROUP, group) if group is not None else target(PRINCIPAL, principal)


def parse_grantee(label: str) -> tuple[str, str]:
    """`group:eng` → ("group", "eng"); anything else than a group or principal label raises."""
    kind, sep, name = str(label).partition(":")
    if not sep or kind not in (GROUP, PRINCIPAL) or not name:
        raise ValueError(f"expected group:<slug> or principal:<username>, got {label!r}")
    return kind, name


def target(kind: str, name) -> str:
    """`target(RESOURCE, "user-metrics")` → `resource:user-metrics`."""
    return f"{kind}:{name}"


def kind_of(target: str | None) -> str:
    """`resource:user-metrics` → `resource`; a target without a prefix has no kind ("")."""
    if not target or ":" not in target:
        return ""
    return target.split(":", 1)[0]


def subject(target: str | None) -> str:
    """`resource:user-metrics` → `user-metrics`; a target without a prefix is returned as is."""
    if not target:
        return ""
    return target.split(":", 1)[1] if ":" in target else target
