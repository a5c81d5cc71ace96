"""The agent seam's tool set: schemas declared once, and the toolbox that carries calls
into forum.services as the agent, on behalf of its invoker. See docs/agents.md."""

from .schemas import TOOLS, ToolError, openai_tools, validate
from .toolbox import InvocationOver, Task, Toolbox, ToolResult

__all__ = ["TOOLS", "InvocationOver", "Task", "ToolError", "ToolResult", "Toolbox",
           "openai_tools", "validate"]
