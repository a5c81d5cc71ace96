from .base import DRAFT, BoolGuardrail
from .registry import register


@register
class ApprovalRequired(BoolGuardrail):
    key = "agent.approval_required"
    label = "Approval before an agent posts"
    description = "An agent's answer is a draft until the human it acts for approves it."

    def route_agent_post(self, value, request):
        return DRAFT if value else None
