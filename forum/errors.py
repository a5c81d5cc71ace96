"""Typed domain errors of the forum's service layer. Each says what was refused and why."""


class ForumError(Exception):
    code = "forum_error"

    def __init__(self, message: str, *, target: str = ""):
        super().__init__(message)
        self.message = message
        self.target = target


class AccessDenied(ForumError):
    """The ACL does not allow this principal to do this."""

    code = "access_denied"


class GuardrailRefused(ForumError):
    """A guardrail refused the action (the ACL alone would have allowed it)."""

    code = "guardrail_refused"

    def __init__(self, message: str, *, target: str = "", guardrail: str = ""):
        super().__init__(message, target=target)
        self.guardrail = guardrail


class InvalidAction(ForumError):
    """The action makes no sense in the current state (approving a published post, ...)."""

    code = "invalid_action"
