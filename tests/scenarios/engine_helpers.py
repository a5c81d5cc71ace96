import json

import pytest

from scenarios.engine import run
from scenarios.format import load_scenario

engine_db = pytest.mark.django_db(databases=["default", "sandbox"])


def reference(**overrides):
    return run(load_scenario("meta_internal_forum"), seed=1, overrides=overrides)


def verbs(result, actor=None):
    return [r["verb"] for r in result.records if actor is None or r["actor"] == actor]


def canonical(records) -> str:
    return json.dumps(records, sort_keys=True, separators=(",", ":"))
