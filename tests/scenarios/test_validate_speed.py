"""Validating a scenario takes work in proportion to its size: ten times the timeline, about
ten times the work, never a hundred (a check that scans the timeline again for each entry,
as the thread check once did: 11 s for 10,000 entries).

Work is counted, not timed, so the test means the same on a busy machine: the function
calls cProfile sees, built-ins included, while the text is parsed, checked and its problems
given lines.
"""

import copy
import cProfile
import pstats

import pytest
import yaml

from scenarios.format import ScenarioError, parse_scenario

from .test_validate_scenario import BASE

SMALL, LARGE = 1_000, 10_000  # a 10,000-entry timeline is close to the 1 MB size limit


def timeline_scenario(entries: int) -> str:
    """Questions, each followed by an invocation of the agent: on the question for half of
    them, on a thread nobody opens for the other half (a problem to report with its line)."""
    data = copy.deepcopy(BASE)
    data["duration"] = "30d"
    data["timeline"] = [
        {"at": i, "do": "post_question", "actor": "asker",
         "question": {"key": f"q{i}", "space": "help", "title": "T", "body": "B"}}
        if i % 2 == 0 else
        {"at": i, "do": "invoke_agent", "actor": "caller", "agent": "analyst",
         "thread": f"q{i - 1}" if i % 4 == 1 else f"nowhere-{i}"}
        for i in range(entries)]
    return yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=200)


def work_of_validating(text: str) -> int:
    profile = cProfile.Profile()
    profile.enable()
    try:
        parse_scenario(text, "timeline.yaml")
    except ScenarioError:
        pass
    finally:
        profile.disable()
    return pstats.Stats(profile).total_calls


def test_the_generated_timeline_is_what_it_claims():
    with pytest.raises(ScenarioError) as error:
        parse_scenario(timeline_scenario(8), "timeline.yaml")
    assert [str(issue) for issue in error.value.issues] == [
        "timeline.yaml:54: timeline[3].thread: unknown thread 'nowhere-3' (no entry of the "
        "timeline opens a thread with this key)",
        "timeline.yaml:64: timeline[7].thread: unknown thread 'nowhere-7' (no entry of the "
        "timeline opens a thread with this key)"]


def test_validating_ten_times_the_timeline_takes_about_ten_times_the_work():
    small = work_of_validating(timeline_scenario(SMALL))
    large = work_of_validating(timeline_scenario(LARGE))
    assert large < 12 * small, (small, large)
