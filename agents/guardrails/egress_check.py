from forum.guardrails import DRAFT, REFUSE, ChoiceGuardrail, register

ROUTES = {"review": DRAFT, "refuse": REFUSE}


@register
class EgressCheck(ChoiceGuardrail):
    """Data loss prevention at the agent's post: records copied from a dataset into a space
    that people outside the dataset's intended audience can read."""

    key = "content.egress_check"
    label = "Egress check on agent posts"
    description = (
        "An agent post that quotes records of a dataset into a space read by people outside "
        "its intended audience is held for its invoker's review, or refused."
    )
    default = "off"
    choices = ("off", "review", "refuse")
    on_value = ("refuse", "review")

    def route_agent_post(self, value, request):
        if value in ROUTES and any(q.reaches_outside_audience for q in request.quotes):
            return ROUTES[value]
        return None
