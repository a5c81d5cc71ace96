from forum.guardrails import REFUSE, ChoiceGuardrail, Verdict, register


@register
class ActsAs(ChoiceGuardrail):
    """The confused-deputy control: with `invoker`, an agent may read and change only what
    the person who invoked it could, whatever its own credentials allow."""

    key = "agent.acts_as"
    label = "Agent acts with its invoker's rights"
    description = (
        "own: an agent's tool calls use its own credentials; invoker: it may only read, post "
        "and change what the person who invoked it could."
    )
    default = "own"
    choices = ("own", "invoker")
    on_value = "invoker"

    def judge_tool_call(self, value, request):
        if value == "invoker" and request.invoker_may is False:
            return Verdict(REFUSE, f"{request.tool}: {request.invoker} could not do this, and "
                           "the agent acts with its invoker's rights", self.key)
        return None
