from .base import DRAFT, PRIVATE, ChoiceGuardrail
from .registry import register

ROUTES = {"analyse": PRIVATE, "draft": DRAFT, "post": None}


@register
class Autonomy(ChoiceGuardrail):
    key = "agent.autonomy"
    label = "Agent autonomy level"
    description = (
        "analyse: the agent reports only to its invoker; draft: it drafts for approval; "
        "post: it may post on the forum by itself."
    )
    default = "post"
    choices = ("analyse", "draft", "post")
    on_value = ("draft", "analyse")

    def route_agent_post(self, value, request):
        return ROUTES[value]
