"""Every --param is checked against the scenario before anything runs: one line, naming
the field and what is allowed, and nothing run or written."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scenarios.models import Run
from tests.scenarios.engine_helpers import engine_db
from tests.sensitivity.test_sensitivity_command import TINY, TRUST

STOCHASTIC = "meta_internal_forum_stochastic"


def refused(*params, scenario=TINY, extra=()) -> str:
    args = [a for p in params for a in ("--param", p)]
    with pytest.raises(CommandError) as error:
        call_command("sensitivity", scenario, *args, "--samples", "4", "--seeds", "2",
                     "--workers", "1", "--out", "/nonexistent/never-written", *extra)
    message = str(error.value)
    assert "\n" not in message and "Traceback" not in message
    return message


@engine_db
@pytest.mark.parametrize("params, expected", [
    ([f"{TRUST}=0:1.5"], f"--param {TRUST}=0:1.5: {TRUST}: "),
    ([f"{TRUST}=-0.5:1"], f"--param {TRUST}=-0.5:1: {TRUST}: "),
    (["actors.priya.persona.trust.ai_unlabeled=0:1"],
     "actors.priya.persona.trust.ai_unlabeled: "),
    (["actors.nobody.reaction=1:2"], "has no key 'nobody' under actors"),
    (["actors.helper.answer=0:1"], "--param actors.helper.answer: not a number or a duration"),
    (["actors.priya.watch=0:1"], "--param actors.priya.watch: not a number or a duration"),
    ([f"{TRUST}=0.8:0.2"], f"--param {TRUST}: LOW must be below HIGH, got 0.8:0.2"),
    ([f"{TRUST}=0.5:0.5"], "LOW must be below HIGH"),
    ([f"{TRUST}=zero:1"], f"--param {TRUST}: LOW is 'zero', not a number or a duration"),
    ([f"{TRUST}=0:nan"], f"--param {TRUST}: HIGH must be a finite number"),
    ([f"{TRUST}=0-1"], "expected PATH=LOW:HIGH"),
    (["actors.mei.reaction=1:9999999"], "actors.mei.reaction"),
    ([f"{TRUST}=0:1", f"{TRUST}=0:0.5"], f"--param {TRUST} is given twice"),
    (["guardrail:agent.no_such=false,true"], "unknown guardrail 'agent.no_such'"),
    (["guardrail:agent.approval_required=maybe,true"], "agent.approval_required"),
    (["guardrail:agent.approval_required=true"], "give at least two values"),
    ([], "give at least one --param"),
])
def test_a_bad_param_is_one_line_naming_it(params, expected):
    assert expected in refused(*params)
    assert Run.objects.count() == 0


@engine_db
def test_a_distribution_is_not_a_number_but_its_parameters_are():
    message = refused("actors.sam.detect=1:2", scenario=STOCHASTIC)
    assert message == ("--param actors.sam.detect: a lognormal distribution, not a number; "
                       "vary one of its parameters (for example actors.sam.detect.median)")
    assert "actors.sam.detect.sigma" in refused("actors.sam.detect.sigma=0.1:9",
                                                scenario=STOCHASTIC)


@engine_db
@pytest.mark.parametrize("extra, expected", [
    (["--samples", "1"], "--samples must be between 2 and 10000"),
    (["--seeds", "0"], "--seeds must be between 1 and 10000"),
    (["--samples", "9000", "--seeds", "100"], "at most 100,000 are allowed"),
])
def test_bad_sizes_are_refused_before_anything_runs(extra, expected):
    assert expected in refused(f"{TRUST}=0:1", extra=extra)


@engine_db
def test_an_unknown_scenario_is_refused():
    with pytest.raises(CommandError, match="no such file"):
        call_command("sensitivity", "no_such_scenario", "--param", f"{TRUST}=0:1",
                     "--samples", "2", "--out", "/nonexistent/x")
