"""The forum's one door. Every change of state, and every read of protected data, goes
through these functions; each checks the ACL, and writes exactly one event."""

from .acl import change_access, review_acl_change
from .agent_posts import agent_open_thread, agent_respond, invoke_agent
from .events import target_of
from .incidents import escalate_incident, suspend_agent
from .moderation import hide_post
from .org import (
    configure_guardrails,
    create_group,
    create_principal,
    create_principals,
    create_resource,
    create_space,
    join_group,
    leave_group,
    seed_grant,
    set_guardrail,
)
from .messages import send_message
from .posts import AdviceSpec, approve_post, follow_advice, post_question, reject_post, reply
from .reads import mark_run, raise_alert, read_resource, read_thread, record_decision
from .tools import record_model_call, record_tool_call

__all__ = [
    "AdviceSpec", "agent_open_thread", "agent_respond", "approve_post", "change_access",
    "configure_guardrails", "create_group", "create_principal", "create_principals",
    "create_resource", "create_space", "escalate_incident", "follow_advice", "hide_post", "invoke_agent",
    "join_group", "leave_group", "mark_run", "post_question", "raise_alert", "read_resource",
    "read_thread", "record_decision", "record_model_call", "record_tool_call", "reject_post",
    "reply", "review_acl_change", "seed_grant", "send_message", "set_guardrail",
    "suspend_agent", "target_of",
]
