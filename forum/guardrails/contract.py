"""What a guardrail is: a named setting plus the mechanisms it plugs into.

A guardrail may answer any of these questions; returning None means "no opinion":
- route_agent_post: where an agent's answer goes (publish / draft for approval / private
  to the invoker / refused).
- judge_acl_change: allow, refuse, or send an ACL change to review; and how long a grant lives.
- judge_tool_call: allow or refuse one call an agent makes through its tools.
- processes: simulation processes it adds to a run (an alerting monitor, for example).
"""

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

PUBLISH, DRAFT, PRIVATE = "publish", "draft", "private"
# scenarios.format.limits.MAX_MINUTES (365 days): forum cannot import the layer above, and a
# test keeps the two equal.
MAX_MINUTES = 525_600.0
ALLOW, REVIEW, REFUSE = "allow", "review", "refuse"
ROUTE_STRICTNESS = {PUBLISH: 0, DRAFT: 1, PRIVATE: 2, REFUSE: 3}
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
class Quote:
    """Records of a resource copied into a post, and whether the post's space reaches
    people outside the resource's intended audience."""

    resource: str
    records: int
    reaches_outside_audience: bool


@dataclass(frozen=True)
class AgentPostRequest:
    agent: str
    invoker: str | None
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class ToolCallRequest:
    """One call an agent makes through its tools, before it reaches the forum.

    `invoker_may` says whether the person the agent acts for could have done the same
    themselves (None when the call touches nothing the ACL protects)."""

    tool: str
    agent: str
    invoker: str
    calls_made: int
    invoker_may: bool | None = None


@dataclass(frozen=True)
class Verdict:
    outcome: str = ALLOW
    reason: str = ""
    guardrail: str = ""
    expires_in_minutes: float | None = None
    ends_invocation: bool = False  # a refused tool call after which the agent must stop


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
    # lists several "on" variants, tried one at a time, strongest first.
    on_value: ClassVar[Any] = True
    # How a person types a value, for forms and error messages.
    value_help: ClassVar[str] = ""

    @abstractmethod
    def coerce(self, raw: Any) -> Any:
        """Turn a YAML or command-line value into this guardrail's value, or raise ValueError."""

    @property
    def on_variants(self) -> tuple:
        value = self.on_value
        return tuple(value) if isinstance(value, (tuple, list)) else (value,)

    @property
    def strongest(self) -> Any:
        """The value the "every guardrail on" baselines use."""
        return self.on_variants[0]

    def route_agent_post(self, value, request: AgentPostRequest) -> str | None:
        return None

    def judge_acl_change(self, value, request: AclChangeRequest) -> Verdict | None:
        return None

    def judge_tool_call(self, value, request: ToolCallRequest) -> Verdict | None:
        return None

    def processes(self, value, world) -> list:
        return []


class BoolGuardrail(Guardrail):
    default: ClassVar[bool] = False
    value_help = "true or false"

    def coerce(self, raw):
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"true", "1", "yes", "on"}:
            return True
        if text in {"false", "0", "no", "off"}:
            return False
        raise ValueError(f"expected true or false, got {shown(raw)}")


class ChoiceGuardrail(Guardrail):
    def coerce(self, raw):
        text = str(raw).strip().lower()
        if text not in self.choices:
            raise ValueError(f"expected one of {', '.join(self.choices)}, got {shown(raw)}")
        return text


def _is_off(raw) -> bool:
    # YAML 1.1 reads a bare `off` as False.
    return raw is None or raw is False or str(raw).strip().lower() in {"off", "none", "null", ""}


class MinutesGuardrail(Guardrail):
    """A duration in minutes, above 0 and at most MAX_MINUTES; `off` (or null) disables it."""

    default: ClassVar[float | None] = None
    value_help = f"minutes, at most {MAX_MINUTES:g} (365 days), or 'off'"

    def coerce(self, raw):
        if _is_off(raw):
            return None
        problem = (f"expected a positive number of minutes, at most {MAX_MINUTES:g} "
                   f"(365 days), or 'off'; got {shown(raw)}")
        if raw is True:
            raise ValueError(problem)
        try:
            minutes = float(raw)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(problem) from None
        if not math.isfinite(minutes) or not 0 < minutes <= MAX_MINUTES:
            raise ValueError(problem)
        return minutes


class CountGuardrail(Guardrail):
    """A whole number from 1 to `maximum`; `off` (or null) disables the guardrail."""

    default: ClassVar[int | None] = None
    maximum: ClassVar[int] = 10_000
    value_help = "a whole number, or 'off'"

    def coerce(self, raw):
        if _is_off(raw):
            return None
        problem = f"expected a whole number from 1 to {self.maximum} or 'off', got {shown(raw)}"
        if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
            raise ValueError(problem)
        try:
            count = int(str(raw).strip()) if not isinstance(raw, float) else int(raw)
        except ValueError:
            raise ValueError(problem) from None
        if not 1 <= count <= self.maximum:
            raise ValueError(problem)
        return count


def shown(raw) -> str:
    """A value as typed, cut short: an error message never repeats a megabyte back."""
    text = repr(raw)
    return text if len(text) <= 60 else text[:57] + "..."
