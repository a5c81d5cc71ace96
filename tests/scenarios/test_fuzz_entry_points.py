"""Hostile values through every entry point: the scenario format, the commands' options,
the web forms. Each is refused quickly with a message naming the field, never a traceback."""

import math
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from forum.guardrails import CountGuardrail, MinutesGuardrail, all_guardrails
from scenarios.format import ScenarioError, library_names, load_library, parse_scenario
from scenarios.format.durations import parse_duration
from scenarios.format.lines import dotted
from tests.factories import PrincipalFactory
from tests.scenarios.viewer_helpers import stored_run, viewer_db

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [math.nan, math.inf, -math.inf, 1e308, -1, 10**30, 2**64, "", "abc", True,
           "x" * 10_000, "9" * 400 + "m", "99999999999d"]
HOSTILE_TEXT = ["nan", "inf", "-inf", "1e308", "-1", str(10**30), str(2**64), "abc", "True",
                "x" * 10_000]
QUICK = 2.0  # seconds: a refusal is immediate


def _is_duration(value) -> bool:
    try:
        parse_duration(value)
    except ValueError:
        return False
    return isinstance(value, str)


def _numeric_leaves(node, path=()):
    """Every key path holding a number or a duration, found by walking the scenario."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _numeric_leaves(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _numeric_leaves(value, path + (index,))
    elif (isinstance(node, (int, float)) and not isinstance(node, bool)) or _is_duration(node):
        yield path


def _shape(path) -> tuple:
    """The kind of key: list positions and actor ids do not make a new kind."""
    shape = tuple("[]" if isinstance(p, int) else p for p in path)
    return shape[:1] + ("*",) + shape[2:] if shape[0] == "actors" else shape


def _numeric_keys() -> list[tuple[str, tuple]]:
    """(scenario, key path) for each distinct kind of numeric key in the library."""
    seen, found = set(), []
    for name in library_names():
        for path in _numeric_leaves(yaml.safe_load(load_library(name).text)):
            if _shape(path) not in seen:
                seen.add(_shape(path))
                found.append((name, path))
    return found


NUMERIC_KEYS = _numeric_keys()


def _with(text: str, path: tuple, value) -> str:
    data = yaml.safe_load(text)
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return yaml.safe_dump(data, sort_keys=False)


def _refused(text: str) -> ScenarioError:
    began = time.monotonic()
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "fuzz.yaml")
    assert time.monotonic() - began < QUICK
    return caught.value


def test_the_walk_finds_the_numeric_keys_of_every_kind():
    shapes = {_shape(path) for _, path in NUMERIC_KEYS}
    for expected in [("duration",), ("timeline", "[]", "at"), ("resources", "[]", "records"),
                     ("org", "crowds", "[]", "count"), ("actors", "*", "accuracy"),
                     ("actors", "*", "reaction", "median")]:
        assert expected in shapes


@pytest.mark.parametrize("name, path", NUMERIC_KEYS, ids=lambda v: dotted(v) if
                         isinstance(v, tuple) else v)
def test_every_numeric_key_refuses_every_hostile_value(name, path):
    text = load_library(name).text
    # Inside an agent's policy the path stops at the policy: scenarios.format.lines does
    # not yet drop the union tag of `kind` from pydantic's locations.
    where = dotted(path[:path.index("policy") + 1] if "policy" in path else path)
    for value in HOSTILE:
        error = _refused(_with(text, path, value))
        assert any(issue.path.startswith(where) for issue in error.issues), (
            value, [str(i) for i in error.issues])


@pytest.mark.parametrize("start", ["9999-12-31T23:59:00+00:00", "9998-06-01T00:00:00+00:00",
                                   "10000-01-01", "0001-01-01T00:00:00+05:00", 1e308, -1,
                                   True, "", "abc"])
def test_a_start_that_would_leave_the_calendar_is_refused(start):
    text = _with(load_library("meta_internal_forum").text, ("start",), start)
    error = _refused(text)
    assert [i.path for i in error.issues] == ["start"], [str(i) for i in error.issues]


def test_the_latest_start_with_the_longest_duration_runs_to_the_end_of_the_calendar():
    text = _with(load_library("meta_internal_forum").text, ("start",),
                 "9997-12-31T00:00:00+00:00")
    parse_scenario(_with(text, ("duration",), "365d"))


def test_the_organisation_is_capped_at_max_principals():
    text = load_library("meta_internal_forum").text
    data = yaml.safe_load(text)
    data["org"]["crowds"] = [{"prefix": f"c{i}", "count": 1000, "groups": []}
                             for i in range(201)]
    error = _refused(yaml.safe_dump(data))
    assert any("at most 200,000 are allowed" in i.message for i in error.issues)


# --- The commands' options -----------------------------------------------------------------

NUMBER_GUARDRAILS = [g.key for g in all_guardrails()
                     if isinstance(g, (MinutesGuardrail, CountGuardrail))]
COMMANDS = {
    "run_scenario": lambda *args: call_command("run_scenario", "meta_internal_forum",
                                               "--no-store", *args),
    "explain": lambda *args: call_command("explain", "meta_internal_forum", *args),
}


def _command_refuses(command, *args) -> str:
    began = time.monotonic()
    with pytest.raises(CommandError) as caught:
        command(*args)
    assert time.monotonic() - began < QUICK
    return str(caught.value)


def test_there_are_number_guardrails_to_fuzz():
    assert "acl.grant_expiry_minutes" in NUMBER_GUARDRAILS and len(NUMBER_GUARDRAILS) >= 3


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("key", NUMBER_GUARDRAILS)
def test_set_refuses_hostile_guardrail_values(command, key):
    # An empty value means "off" for these guardrails, so it is not hostile here.
    for value in HOSTILE_TEXT:
        message = _command_refuses(COMMANDS[command], "--set", f"{key}={value}")
        assert key in message and len(message) < 400


@pytest.mark.parametrize("key", NUMBER_GUARDRAILS)
def test_grid_refuses_hostile_guardrail_values(key, tmp_path):
    for value in HOSTILE_TEXT + [""]:
        message = _command_refuses(lambda *a: call_command("sweep", "meta_internal_forum", *a),
                                   "--grid", f"{key}=10,{value}", "--seeds", "1",
                                   "--out", str(tmp_path))
        assert "--grid" in message and len(message) < 400


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_seed_refuses_hostile_values(command):
    for value in HOSTILE_TEXT + ["", str(2**63), "1.5", "9" * 5000]:
        message = _command_refuses(COMMANDS[command], "--seed", value)
        assert "--seed" in message and len(message) < 400


@pytest.mark.parametrize("args, fragment", [
    (["--seeds", str(10**30)], "at most 100,000"),
    (["--seeds", "50001", "--grid", "ai.label_shown=true,false"], "at most 100,000"),
    (["--seeds", "-1"], "--seeds must be at least 1"),
    (["--seeds", "1", "--workers", str(2**64)], "--workers"),
    (["--seeds", "1", "--workers", "0"], "--workers"),
    (["--seeds", "1", "--concurrency", str(10**30)], "--concurrency"),
    (["--seeds", "abc"], "--seeds"),
])
def test_sweep_refuses_runs_it_could_not_finish(args, fragment, tmp_path):
    message = _command_refuses(lambda *a: call_command("sweep", "meta_internal_forum", *a),
                               *args, "--out", str(tmp_path))
    assert fragment in message


def _limit_memory():
    limit = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_a_scenario_file_full_of_hostile_numbers_is_refused_within_bounded_memory(tmp_path):
    """The slowest path end to end, in a process of its own with at most 2 GB."""
    text = load_library("meta_internal_forum_stochastic").text
    for (name, path), value in zip(NUMERIC_KEYS, [10**30, "9" * 400 + "d", 1e308] * 50):
        if name == "meta_internal_forum_stochastic":
            text = _with(text, path, value)
    scenario = tmp_path / "hostile.yaml"
    scenario.write_text(text)
    done = subprocess.run([sys.executable, "manage.py", "run_scenario", str(scenario),
                           "--no-store"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, preexec_fn=_limit_memory)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "invalid scenario" in done.stderr
    assert "must be between" in done.stderr


# --- Web forms ------------------------------------------------------------------------------

WEB_HOSTILE = HOSTILE_TEXT + ["", str(2**63), "1e-308", "\x00"]


@viewer_db
def test_the_runs_page_answers_hostile_filters_with_form_errors(client):
    client.force_login(PrincipalFactory(username="viewer"))
    stored = stored_run()
    for value in WEB_HOSTILE:
        listed = client.get(reverse("scenarios:runs"), {"seed": value})
        assert listed.status_code in (200, 400), value
        moment = client.get(reverse("scenarios:run", args=[stored.pk]), {"t": value})
        assert moment.status_code in (200, 400), value


@viewer_db
def test_training_answers_hostile_choices_with_400(client):
    client.force_login(PrincipalFactory(username="trainee"))
    url = reverse("exercises:exercise", args=["answer-unlabelled"])
    for value in WEB_HOSTILE:
        assert client.post(url, {"choice": value}).status_code == 400
