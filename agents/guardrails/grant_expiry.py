from forum.guardrails import MinutesGuardrail, Verdict, register


@register
class GrantExpiry(MinutesGuardrail):
    key = "acl.grant_expiry_minutes"
    label = "Grant expiry"
    on_value = 60.0
    description = "Grants made at run time expire after this many minutes ('off' to disable)."

    def judge_acl_change(self, value, request):
        if value and request.action == "grant":
            return Verdict(expires_in_minutes=value, guardrail=self.key)
        return None
