import json
import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command

DOC = Path(__file__).resolve().parents[2] / "docs" / "agents.md"


def test_the_documented_tool_schemas_are_the_ones_models_are_shown():
    out = StringIO()
    call_command("agent_tools", stdout=out)
    block = re.search(r"<!-- tool-schemas:.*?-->\n```json\n(.*?)\n```", DOC.read_text(), re.S)
    assert block, "docs/agents.md lost its tool-schemas block"
    assert json.loads(block.group(1)) == json.loads(out.getvalue()), (
        "docs/agents.md is out of date: paste `python manage.py agent_tools` into it")
