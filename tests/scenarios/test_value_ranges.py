"""The documented ranges at their edges: the largest accepted value works end to end, the
next one is refused with the range in the message."""

import io

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from forum.guardrails import contract
from scenarios.engine import run
from scenarios.format import ScenarioError, load_library, parse_scenario
from scenarios.format import limits

engine_db = pytest.mark.django_db(databases=["default", "sandbox"])


def _edited(name: str, **changes) -> str:
    data = yaml.safe_load(load_library(name).text)
    data.update(changes)
    return yaml.safe_dump(data, sort_keys=False)


def test_guardrail_minutes_share_the_scenario_formats_maximum():
    assert contract.MAX_MINUTES == limits.MAX_MINUTES


@pytest.mark.parametrize("duration, accepted", [("365d", True), ("525600m", True),
                                                ("366d", False), (525600.5, False)])
def test_a_duration_is_at_most_a_year(duration, accepted):
    text = _edited("meta_internal_forum", duration=duration)
    if accepted:
        assert parse_scenario(text).scenario.duration == limits.MAX_MINUTES
    else:
        with pytest.raises(ScenarioError, match=r"duration: a duration must be between 0 and "
                                                r"525600"):
            parse_scenario(text)


@pytest.mark.parametrize("records, accepted", [(limits.MAX_RECORDS, True),
                                               (limits.MAX_RECORDS + 1, False)])
def test_a_record_count_is_at_most_a_billion(records, accepted):
    data = yaml.safe_load(load_library("meta_internal_forum").text)
    data["resources"][0]["records"] = records
    text = yaml.safe_dump(data)
    if accepted:
        parse_scenario(text)
    else:
        with pytest.raises(ScenarioError, match="a record count must be between 0 and "
                                                "1000000000"):
            parse_scenario(text)


@engine_db
def test_the_latest_start_runs_with_the_longest_grant_expiry():
    """Start, run and grant expiry all at their limits: the clock stays in the calendar."""
    loaded = parse_scenario(_edited("meta_internal_forum", start="9997-12-31T00:00:00+00:00"))
    result = run(loaded, overrides={"acl.grant_expiry_minutes": limits.MAX_MINUTES})
    assert not result.failed and result.metrics["outcome"]
    expiries = [r["payload"]["expires_at"] for r in result.records
                if r["verb"] == "grant.created" and r["payload"].get("expires_at")]
    assert expiries and all(e.startswith("9998-") for e in expiries)


def test_a_start_after_the_latest_is_refused_with_the_range():
    with pytest.raises(ScenarioError, match="start: start must be a date from year 1 to 9997"):
        parse_scenario(_edited("meta_internal_forum", start="9998-01-01T00:00:00+00:00"))


@engine_db
def test_run_scenario_takes_the_largest_seed():
    out = io.StringIO()
    call_command("run_scenario", "meta_internal_forum", "--no-store", "--format", "json",
                 "--seed", str(limits.MAX_SEED), stdout=out)
    assert f'"seed": {limits.MAX_SEED}' in out.getvalue()


def test_run_scenario_refuses_the_seed_after_it_with_the_range():
    with pytest.raises(CommandError, match=r"--seed: a seed must be between 0 and "
                                           r"9223372036854775807"):
        call_command("run_scenario", "meta_internal_forum", "--no-store",
                     "--seed", str(limits.MAX_SEED + 1))


def test_a_sweep_of_exactly_the_maximum_is_counted_not_expanded():
    from scenarios.sweeps.grid import GridError, check_size

    grid = {"a": [1, 2], "b": [1, 2, 3, 4, 5]}
    assert check_size(grid, limits.MAX_SWEEP_RUNS // 10) == limits.MAX_SWEEP_RUNS
    with pytest.raises(GridError, match="at most 100,000"):
        check_size(grid, limits.MAX_SWEEP_RUNS // 10 + 1)
