from forum.guardrails import REFUSE, CountGuardrail, Verdict, register


@register
class MaxToolCalls(CountGuardrail):
    key = "agent.max_tool_calls"
    label = "Tool-call budget per invocation"
    description = (
        "An invoked agent may make at most this many tool calls ('off' for no budget beyond "
        "the engine's cap of 50); the call past the budget is refused and the agent stops."
    )
    maximum = 50
    on_value = 6

    def judge_tool_call(self, value, request):
        if value is not None and request.calls_made >= value:
            return Verdict(REFUSE, f"the agent has used its {value} tool calls", self.key,
                           ends_invocation=True)
        return None
