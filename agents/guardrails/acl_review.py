from forum.guardrails import REVIEW, BoolGuardrail, Verdict, register


@register
class AclReviewRequired(BoolGuardrail):
    key = "acl.review_required"
    label = "Review of ACL changes"
    description = "A grant takes effect only when a second person with admin rights approves it."

    def judge_acl_change(self, value, request):
        if value and request.action == "grant":
            return Verdict(REVIEW, "ACL changes need a second person's review", self.key)
        return None
