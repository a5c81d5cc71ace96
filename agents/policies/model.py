"""The model policy: a language model chooses the tool calls.

The model sees the forum only through its tools, as a deployed agent would: the prompt is
built from the task and the tool results, nothing else. Each turn sends the conversation
with the tool schemas; each tool call it makes goes through the same toolbox, validation
and guardrails as a scripted agent's. A reply without tool calls ends its work; so does
`done`, and so does a guardrail that stops the invocation (agent.max_tool_calls).
"""

import json

from agents.llm import ModelFailure
from agents.llm.exchanges import canonical
from agents.tools import openai_tools

from .base import Invocation, Policy

SYSTEM = (
    "You are {agent}, an AI assistant on a company's internal engineering forum. An "
    "employee has asked you to help with a forum thread. Use the tools to read what you "
    "need and to act; everything you post is seen by the readers of that thread's space. "
    "Call `done` with a short summary when you have finished."
)
# The conversation a model is sent may not grow past this (about 100k tokens): a run
# that would is stopped with a clear reason rather than sent an ever larger request.
MAX_CONVERSATION_CHARS = 400_000


def task_message(task) -> str:
    return (f"{task.invoker} asks you about thread {task.thread!r}: {task.request}\n"
            f"Read the thread before you answer.")


class Model(Policy):
    """`config` has `model`, `temperature`, `system` (None: the default prompt) and, for a
    `recorded` policy, the digest of the recording to answer from."""

    def act(self, invocation: Invocation):
        task = invocation.task
        yield invocation.wait(invocation.spec.think, invocation.rng(f"think/{task.thread}"))
        system = (self.config.system or SYSTEM).format(agent=task.agent)
        messages = [{"role": "system", "content": system},
                    {"role": "user", "content": task_message(task)}]
        while True:
            message = self.ask(invocation, messages)
            calls = message.get("tool_calls") or []
            messages.append(_assistant(message, calls))
            if not calls:
                return
            for call in calls:
                function = call.get("function") or {}
                result = invocation.tools.call(str(function.get("name")),
                                               _arguments(function.get("arguments")))
                messages.append({"role": "tool", "tool_call_id": call.get("id", ""),
                                 "content": result.as_text()})
            if invocation.tools.ended:
                return

    def ask(self, invocation: Invocation, messages: list[dict]) -> dict:
        size = len(canonical(messages))
        if size > MAX_CONVERSATION_CHARS:
            raise ModelFailure(f"the conversation grew to {size} characters, past the "
                               f"limit of {MAX_CONVERSATION_CHARS}")
        request = {"model": self.config.model, "messages": messages, "tools": openai_tools(),
                   "temperature": self.config.temperature}
        exchange = invocation.models.complete(self.config, request)
        invocation.tools.note_model_call(self.config.model, exchange)
        return exchange.message


def _arguments(raw):
    """A tool call's arguments as the model sent them: a JSON object, or what it sent
    instead (the toolbox refuses anything but an object, and says so)."""
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            return raw
    return raw


def _assistant(message: dict, calls: list[dict]) -> dict:
    kept = {"role": "assistant", "content": message.get("content") or ""}
    if calls:
        kept["tool_calls"] = [
            {"id": c.get("id", ""), "type": "function",
             "function": {"name": (c.get("function") or {}).get("name", ""),
                          "arguments": (c.get("function") or {}).get("arguments", "")}}
            for c in calls]
    return kept
