"""`--agent ID=POLICY`: put another policy in an agent's seat for one run or sweep."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from scenarios.models import Run

from .engine_helpers import engine_db

pytestmark = engine_db


def run_command(*args) -> dict:
    out = io.StringIO()
    call_command("run_scenario", *args, "--format", "json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_the_option_replaces_the_policy_with_its_defaults():
    """The scenario's reader always obeys a quoted log; a default reader (0.6) obeys it on
    some seeds and not others, and a scripted agent never reads instructions at all."""
    outcomes = {seed: run_command("injected_forum_question", "--seed", str(seed),
                                  "--agent", "helper=reader")["outcome"] for seed in (1, 2)}
    assert outcomes == {1: "prevented", 2: "exposure_with_access"}
    scripted = run_command("injected_forum_question", "--seed", "2", "--agent", "helper=scripted")
    assert scripted["outcome"] == "prevented"


def test_a_run_with_another_policy_is_stored_as_another_scenario():
    plain = run_command("meta_internal_forum")
    other = run_command("meta_internal_forum", "--agent", "helper=reader")
    assert plain["digest"] != other["digest"]
    assert Run.objects.count() == 2


@pytest.mark.parametrize("pair, complaint", [
    ("helper=oracle", "unknown policy 'oracle'; known policies: model, reader, recorded, scripted"),
    ("priya=reader", "no agent actor of that name in meta_internal_forum (agents: helper)"),
    ("helper", "--agent expects ID=POLICY"),
])
def test_it_names_what_is_wrong_with_the_option(pair, complaint):
    with pytest.raises(CommandError, match=complaint.replace("(", r"\(").replace(")", r"\)")):
        run_command("meta_internal_forum", "--agent", pair)


def test_a_sweep_runs_every_point_with_the_policy_given(tmp_path):
    call_command("sweep", "injected_forum_question", "--agent", "helper=scripted",
                 "--grid", "agent.acts_as=own,invoker", "--seeds", "1", "--workers", "1",
                 "--out", str(tmp_path), stdout=io.StringIO())
    assert sorted(Run.objects.values_list("outcome", flat=True)) == ["prevented", "prevented"]
