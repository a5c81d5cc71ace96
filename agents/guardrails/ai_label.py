from forum.guardrails import BoolGuardrail, register


@register
class AiLabelShown(BoolGuardrail):
    """Readers see an AI badge on agent posts; employees' trust in a post depends on it."""

    key = "ai.label_shown"
    label = "Visible AI label"
    description = "Posts written by an agent carry an unmistakable AI badge."
