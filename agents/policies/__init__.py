"""Behind the seam: the policies that choose an agent's tool calls. See docs/agents.md."""

from .base import Invocation, Policy
from .model import Model
from .reader import Reader
from .scripted import Scripted

POLICIES: dict[str, type[Policy]] = {"scripted": Scripted, "reader": Reader, "model": Model,
                                     "recorded": Model}


def policy_for(spec) -> Policy:
    """The policy an agent actor's spec names (`policy.kind`), built from its settings."""
    return POLICIES[spec.policy.kind](spec.policy)


__all__ = ["POLICIES", "Invocation", "Policy", "policy_for"]
