from forum.guardrails import DRAFT, REVIEW, BoolGuardrail, Verdict, register


@register
class ApprovalRequired(BoolGuardrail):
    key = "agent.approval_required"
    label = "Approval before an agent posts"
    description = (
        "An agent's answer is a draft until the human it acts for approves it; an ACL change "
        "an agent makes waits for a person's review."
    )

    def route_agent_post(self, value, request):
        return DRAFT if value else None

    def judge_acl_change(self, value, request):
        if value and request.by_agent:
            return Verdict(REVIEW, "changes made by an agent need a person's approval", self.key)
        return None
