"""The guardrail contract: what a guardrail is, where it plugs in, and the settings in force.

forum owns the contract and the registry; the guardrails themselves are modules of the
`agents` app, which registers them when Django starts (agents.apps). The service layer
asks the registry (route_agent_post, judge_acl_change, judge_tool_call) and never imports
a guardrail module.
"""

from .contract import (
    ALLOW, DRAFT, PRIVATE, PUBLISH, REFUSE, REVIEW, AclChangeRequest, AgentPostRequest,
    BoolGuardrail, ChoiceGuardrail, CountGuardrail, Guardrail, MinutesGuardrail, Quote,
    ToolCallRequest, Verdict, format_value,
)
from .registry import (
    all_guardrails, coerce_settings, coerce_values, defaults, get, judge_acl_change,
    judge_tool_call, register, route_agent_post, strongest_settings,
)
from .settings import GuardrailSettings, change_in_force, in_force, use

__all__ = [
    "ALLOW", "DRAFT", "PRIVATE", "PUBLISH", "REFUSE", "REVIEW", "AclChangeRequest",
    "AgentPostRequest", "BoolGuardrail", "ChoiceGuardrail", "CountGuardrail",
    "Guardrail", "GuardrailSettings", "MinutesGuardrail", "Quote", "ToolCallRequest",
    "Verdict", "all_guardrails", "change_in_force", "coerce_settings", "coerce_values",
    "defaults", "format_value", "get", "in_force",
    "judge_acl_change", "judge_tool_call", "register", "route_agent_post",
    "strongest_settings", "use",
]
