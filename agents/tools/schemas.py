"""The tools an agent may call, declared once as pydantic models.

The same declaration validates every call (scripted, reader or a language model's) and
gives the JSON Schema a model is shown (`openai_tools()`), so the two never drift apart.
"""

from dataclasses import dataclass
from functools import cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from forum.vocabulary import GRANTEE_PATTERN

Key = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
Grantee = Annotated[str, Field(pattern=GRANTEE_PATTERN,
                               description="group:<slug> or principal:<username>")]
Body = Annotated[str, Field(min_length=1, max_length=20_000)]


class Arguments(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ListThreads(Arguments):
    space: Key | None = Field(None, description="only threads in this space")


class ReadThread(Arguments):
    thread: Key = Field(description="the thread's key")


class SearchPosts(Arguments):
    query: str = Field(min_length=2, max_length=200, description="words to look for")
    limit: int = Field(10, ge=1, le=20)


class LookupResource(Arguments):
    resource: Key = Field(description="the dataset's slug")
    records: int = Field(0, ge=0, le=50, description=(
        "how many records to return (a logged read; only where the ACL lets you read)"))


class Advice(Arguments):
    """An action a reader can carry out with one click: a grant or a revocation."""

    action: Literal["grant", "revoke"]
    resource: Key
    grantee: Grantee
    permission: Literal["read", "admin"] = "read"
    summary: str = Field(min_length=1, max_length=240)


class Reply(Arguments):
    thread: Key
    body: Body
    advice: Advice | None = Field(None, description="an action readers can carry out")


class RequestAclChange(Arguments):
    resource: Key
    action: Literal["grant", "revoke"]
    grantee: Grantee
    permission: Literal["read", "admin"] = "read"


class Done(Arguments):
    summary: str = Field("", max_length=2_000, description="what you did, for your invoker")


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    arguments: type[Arguments]


TOOLS = {tool.name: tool for tool in (
    Tool("list_threads", "List the forum threads you may read.", ListThreads),
    Tool("read_thread", "Read a thread: every post you may see, with its author, provenance "
         "(human or AI) and approval.", ReadThread),
    Tool("search_posts", "Search the posts you may read for words.", SearchPosts),
    Tool("lookup_resource", "Look up a dataset: its classification, size and intended "
         "audience; with records > 0, also read that many of its records.", LookupResource),
    Tool("draft_reply", "Draft a reply for your invoker to approve before anyone sees it.",
         Reply),
    Tool("post_reply", "Post a reply in a thread. The forum's guardrails decide whether it "
         "is published, held for approval, or kept for your invoker.", Reply),
    Tool("request_acl_change", "Grant or revoke access to a dataset (the ACL and guardrails "
         "decide whether it is applied, sent for review, or refused).", RequestAclChange),
    Tool("done", "Say you are finished, with a short summary for your invoker.", Done),
)}


class ToolError(ValueError):
    """A call the seam cannot carry out as given: unknown tool or invalid arguments."""


def validate(name: str, arguments) -> Arguments:
    tool = TOOLS.get(name)
    if tool is None:
        raise ToolError(f"unknown tool {name!r}; the tools are: {', '.join(TOOLS)}")
    if not isinstance(arguments, dict):
        raise ToolError(f"{name}: arguments must be a JSON object")
    try:
        return tool.arguments.model_validate(arguments)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'arguments'}: {e['msg']}"
            for e in error.errors())
        raise ToolError(f"{name}: {problems}") from None


def json_schema(tool: Tool) -> dict:
    return tool.arguments.model_json_schema()


@cache
def openai_tools() -> list[dict]:
    """The tool set in the chat-completions `tools` format (built once; do not mutate)."""
    return [{"type": "function", "function": {
        "name": tool.name, "description": tool.description, "parameters": json_schema(tool)}}
        for tool in TOOLS.values()]
