"""The log of what agents do through their tools: one `agent.tool_called` event per call,
and one `agent.model_called` event per request to a language model.

The call itself (reading a thread, posting, asking for an ACL change) goes through the
service it names and writes that service's event; this one records that the agent asked,
with what, and what came back, so the log shows what an agent looked at and tried.
"""

from ..models import Event, Principal
from ..vocabulary import Verb
from .events import record, target_of

RESULT_CHARS = 240


def record_tool_call(agent: Principal, *, invoker: Principal, tool: str, arguments: dict,
                     result: str, refused: bool = False, reason: str = "",
                     invocation: Event | None = None, details: dict | None = None) -> Event:
    """`result` is shortened to a line; `invocation` is the `agent.invoked` event the call
    belongs to (its cause); `details` adds facts the metrics read (posts seen, records)."""
    payload = {"tool": tool, "arguments": arguments, "result": _short(result),
               "refused": refused, **(details or {})}
    if refused:
        payload["reason"] = reason
    return record(Verb.AGENT_TOOL_CALLED, target_of(agent), actor=agent,
                  on_behalf_of=invoker, cause=invocation, payload=payload)


def _short(text: str) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= RESULT_CHARS else line[: RESULT_CHARS - 1] + "…"


def record_model_call(agent: Principal, *, invoker: Principal, model: str, request: str,
                      tokens_in: int, tokens_out: int, latency_ms: int, tool_calls: int,
                      invocation: Event | None = None) -> Event:
    """What one request to a model cost: tokens each way and the endpoint's latency (as
    recorded, so a replay logs the same). `request` is the request's digest."""
    payload = {"model": model, "request": request, "tokens_in": tokens_in,
               "tokens_out": tokens_out, "latency_ms": latency_ms, "tool_calls": tool_calls}
    return record(Verb.AGENT_MODEL_CALLED, target_of(agent), actor=agent,
                  on_behalf_of=invoker, cause=invocation, payload=payload)
