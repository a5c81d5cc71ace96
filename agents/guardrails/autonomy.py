from forum.guardrails import DRAFT, PRIVATE, REFUSE, REVIEW, ChoiceGuardrail, Verdict, register

ROUTES = {"analyse": PRIVATE, "draft": DRAFT, "post": None}


@register
class Autonomy(ChoiceGuardrail):
    key = "agent.autonomy"
    label = "Agent autonomy level"
    description = (
        "analyse: the agent reports only to its invoker and may not change anything; "
        "draft: its answers and changes wait for a person; post: it acts by itself."
    )
    default = "post"
    choices = ("analyse", "draft", "post")
    on_value = ("draft", "analyse")

    def route_agent_post(self, value, request):
        return ROUTES[value]

    def judge_acl_change(self, value, request):
        if not request.by_agent or value == "post":
            return None
        if value == "analyse":
            return Verdict(REFUSE, "an analyse-only agent may not change access", self.key)
        return Verdict(REVIEW, "an agent's changes wait for a person's review", self.key)
