"""What a guardrail is: a named setting plus the mechanisms it plugs into.

A guardrail may answer any of these questions; returning None means "no opinion":
- route_agent_post: where an agent's answer goes (publish / draft for approval / private).
- judge_acl_change: allow, refuse, or send an ACL change to review; and how long a grant lives.
- processes: simulation processes it adds to a run (an alerting monitor, for example).
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

PUBLISH, DRAFT, PRIVATE = "publish", "draft", "private"
ROUTE_STRICTNESS = {PUBLISH: 0, DRAFT: 1, PRIVATE: 2}

ALLOW, REVIEW, REFUSE = "allow", "review", "refuse"
VERDICT_STRICTNESS = {ALLOW: 0, REVIEW: 1, REFUSE: 2}


@dataclass(frozen=True)
class AclChangeRequest:
    """What a guardrail gets to judge: an ACL change and whether it contradicts the policy."""

    action: str  # "grant" or "revoke"
    resource: str
    grantee: str  # "group:<slug>" or "principal:<username>"
    permission: str
    contradicts_policy: bool
    requested_by: str
    by_agent: bool = False


@dataclass(frozen=True)
class AclVerdict:
    outcome: str = ALLOW
    reason: str = ""
    guardrail: str = ""
    expires_in_minutes: float | None = None


@dataclass(frozen=True)
class AgentPostRequest:
    agent: str
    invoker: str | None


def format_value(value) -> str:
    """A setting as people write it on the command line: true, off, 15, draft."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "off"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Guardrail(ABC):
    key: ClassVar[str]
    label: ClassVar[str]
    description: ClassVar[str]
    default: ClassVar[Any]
    choices: ClassVar[tuple | None] = None
    # The value that switches the guardrail on when `explain` tries it alone; a tuple
    # lists several "on" variants, tried one at a time.
    on_value: ClassVar[Any] = True

    @abstractmethod
    def coerce(self, raw: Any) -> Any:
        """Turn a YAML or command-line value into this guardrail's value, or raise ValueError."""

    def route_agent_post(self, value, request: AgentPostRequest) -> str | None:
        return None

    def judge_acl_change(self, value, request: AclChangeRequest) -> AclVerdict | None:
        return None

    def processes(self, value, world) -> list:
        return []


@dataclass
class BoolGuardrail(Guardrail):
    default: ClassVar[bool] = False

    def coerce(self, raw):
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"true", "1", "yes", "on"}:
            return True
        if text in {"false", "0", "no", "off"}:
            return False
        raise ValueError(f"expected true or false, got {raw!r}")


@dataclass
class ChoiceGuardrail(Guardrail):
    def coerce(self, raw):
        text = str(raw).strip().lower()
        if text not in self.choices:
            raise ValueError(f"expected one of {', '.join(self.choices)}, got {raw!r}")
        return text


@dataclass
class MinutesGuardrail(Guardrail):
    """A duration in minutes; `off` (or null) disables the guardrail."""

    default: ClassVar[float | None] = None
    extra: dict = field(default_factory=dict)

    def coerce(self, raw):
        # YAML 1.1 reads a bare `off` as False.
        if raw is None or raw is False or str(raw).strip().lower() in {"off", "none", "null", ""}:
            return None
        if raw is True:
            raise ValueError("expected a number of minutes or 'off', got true")
        try:
            minutes = float(raw)
        except (TypeError, ValueError):
            raise ValueError(f"expected a number of minutes or 'off', got {raw!r}") from None
        if minutes <= 0:
            raise ValueError(f"expected a positive number of minutes or 'off', got {raw!r}")
        return minutes
