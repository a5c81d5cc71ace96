from forum.guardrails import REFUSE, BoolGuardrail, Verdict, register


@register
class PolicyCheck(BoolGuardrail):
    key = "acl.policy_check"
    label = "Policy check on grants"
    description = "Grants that would give access to anyone outside the intended audience are refused."

    def judge_acl_change(self, value, request):
        if value and request.action == "grant" and request.contradicts_policy:
            reason = (
                f"granting {request.permission} on {request.resource} to {request.grantee} "
                "contradicts the resource's intended audience"
            )
            return Verdict(REFUSE, reason, self.key)
        return None
