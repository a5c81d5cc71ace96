import json

import pytest

from scenarios.engine import run
from scenarios.format import load_scenario

engine_db = pytest.mark.django_db(databases=["default", "sandbox"])


def reference(**overrides):
    return run(load_scenario("meta_internal_forum"), seed=1, overrides=overrides)


# How an agent got to its action (reading the thread, the tool calls themselves), not the
# action: left out of `verbs` so assertions read as what each actor did to the forum.
LOOKING = ("thread.read", "agent.tool_called")


def verbs(result, actor=None):
    return [r["verb"] for r in result.records
            if (actor is None or r["actor"] == actor) and r["verb"] not in LOOKING]


def canonical(records) -> str:
    return json.dumps(records, sort_keys=True, separators=(",", ":"))
