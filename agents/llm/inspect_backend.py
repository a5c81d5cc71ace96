"""An Inspect AI model in the agent's seat: a live backend (`Backends(live=...)`, or
`run(..., model=...)`) that answers the model policy's chat-completions requests with an
Inspect `Model`.

The engine is synchronous (SimPy and the Django ORM), so it runs in a worker thread
(`anyio.to_thread.run_sync`); each request is carried back to Inspect's event loop
(`anyio.from_thread.run`), converted with Inspect's own OpenAI converters, and generated
there. Inspect therefore logs every call in the sample's transcript and applies its
retries, cache and limits; the answer comes back to the run as a chat.completion.

Sampling settings (temperature and the like) are Inspect's (`--temperature` ...), not the
policy's: the evaluation decides how its model samples.
"""

import time

from anyio import from_thread
from anyio.lowlevel import current_token
from inspect_ai.model import (
    ChatMessage,
    Model,
    ModelOutput,
    messages_from_openai,
    messages_to_openai,
)
from inspect_ai.tool import ToolInfo, ToolParams
from inspect_ai.util import LimitExceededError

from .exchanges import Exchange, ModelFailure, request_digest

# Inspect's stop reasons, as chat.completions spells them
FINISH_REASONS = {"max_tokens": "length", "model_length": "length",
                  "tool_calls": "tool_calls", "content_filter": "content_filter"}
DEFINITIONS = "#/$defs/"


class InspectBackend:
    """Answers every request with `model`. Make it on Inspect's event loop (in a solver);
    call `complete` from any other thread (the engine's worker).

    `conversations` keeps each invocation's conversation as Inspect messages (what the
    model was sent and its last answer), `last_output` its last answer, and `limit` the
    Inspect limit (tokens, time, messages...) that stopped it, if one did."""

    def __init__(self, model: Model):
        self.model = model
        self.loop = current_token()
        self.conversations: list[list[ChatMessage]] = []
        self.last_output: ModelOutput | None = None
        self.limit: LimitExceededError | None = None

    def complete(self, request: dict) -> Exchange:
        started = time.monotonic()
        try:
            response = from_thread.run(self.generate, request, token=self.loop)
        except ModelFailure:
            raise
        except LimitExceededError as error:
            self.limit = error
            raise ModelFailure(f"Inspect's {error.type} limit stopped the model: "
                               f"{error.message}") from None
        except Exception as error:  # noqa: BLE001 - every failure becomes a reason
            raise ModelFailure(f"{self.model} failed: {type(error).__name__}: {error}") from None
        return Exchange(request_digest(request), response,
                        int((time.monotonic() - started) * 1000))

    async def generate(self, request: dict) -> dict:
        messages = await messages_from_openai(request["messages"], self.model.name)
        output = await self.model.generate(messages, tools=tool_infos(request.get("tools")))
        response = await chat_completion(output, str(self.model))
        self._remember(request["messages"], messages, output)
        return response

    def transcript(self) -> list[ChatMessage]:
        """Every invocation's conversation, in order."""
        return [message for conversation in self.conversations for message in conversation]

    def _remember(self, sent: list[dict], messages: list[ChatMessage], output: ModelOutput):
        # the model policy opens each invocation with a request that has no answers yet
        if not self.conversations or not any(m.get("role") == "assistant" for m in sent):
            self.conversations.append([])
        self.conversations[-1] = [*messages, output.message]
        self.last_output = output


def tool_infos(tools: list[dict] | None) -> list[ToolInfo]:
    """Chat-completions `tools` as Inspect's ToolInfo."""
    infos = []
    for tool in tools or []:
        function = tool["function"]
        parameters = inline_definitions(function.get("parameters") or {"type": "object"})
        infos.append(ToolInfo(name=function["name"],
                              description=function.get("description", ""),
                              parameters=ToolParams.model_validate(parameters)))
    return infos


def inline_definitions(schema: dict) -> dict:
    """The schema with each `#/$defs/NAME` reference replaced by its definition: Inspect's
    JSONSchema has no `$ref`, and would otherwise leave such a property unconstrained."""
    definitions = schema.get("$defs") or {}

    def inline(node, expanding: frozenset = frozenset()):
        if isinstance(node, list):
            return [inline(item, expanding) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref", "")
        name = ref.removeprefix(DEFINITIONS)
        if ref.startswith(DEFINITIONS) and name in definitions and name not in expanding:
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return inline({**definitions[name], **rest}, expanding | {name})
        return {k: inline(v, expanding) for k, v in node.items() if k != "$defs"}

    return inline(schema)


async def chat_completion(output: ModelOutput, model: str) -> dict:
    """Inspect's ModelOutput as a chat.completion: the first choice's message (content and
    tool calls with JSON-string arguments), why it stopped, and the tokens it took."""
    if output.error:
        raise ModelFailure(f"{model} answered with an error: {output.error}")
    if not output.choices:
        raise ModelFailure(f"{model} returned no answer")
    [param] = await messages_to_openai([output.message])
    message = {"role": "assistant", "content": param.get("content") or ""}
    if param.get("tool_calls"):
        message["tool_calls"] = [
            {"id": call["id"], "type": "function",
             "function": {"name": call["function"]["name"],
                          "arguments": call["function"]["arguments"]}}
            for call in param["tool_calls"]]
    usage = output.usage
    prompt, completion = (usage.input_tokens, usage.output_tokens) if usage else (0, 0)
    return {"object": "chat.completion", "model": output.model or model,
            "choices": [{"index": 0, "message": message,
                         "finish_reason": FINISH_REASONS.get(output.stop_reason, "stop")}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion,
                      "total_tokens": prompt + completion}}
