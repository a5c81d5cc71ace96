"""What a policy is, and what it works with during one invocation."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Generator
from dataclasses import dataclass

from agents.tools import Task, Toolbox


@dataclass
class Invocation:
    """One invocation as a policy sees it: the task, the tools, and simulated time.

    `wait(delay, rng)` is a SimPy event (yield it to let minutes pass); `rng(purpose)` is
    the agent's random stream for one purpose, the same whatever the guardrails do.
    `spec` is the agent's scenario entry (think time, accuracy, canned advice...);
    `models` is where a model policy's answers come from (agents.llm.Backends).
    """

    task: Task
    tools: Toolbox
    spec: object
    wait: Callable
    rng: Callable
    models: object = None


class Policy(ABC):
    """Chooses tool calls. `act` is a SimPy process body: it yields waits and calls
    `invocation.tools.call(...)`; it ends by calling `done` or by returning."""

    def __init__(self, config):
        self.config = config

    @abstractmethod
    def act(self, invocation: Invocation) -> Generator:
        """Work on the task through the tools."""
