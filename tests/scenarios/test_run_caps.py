"""Runs are bounded: people, events, simulated time and zero-delay loops stop a run, which
is stored as failed with the reason (scenarios.engine.caps)."""

import csv
import io
import time

import pytest
from django.core.management import CommandError, call_command

from scenarios.engine import caps, run
from scenarios.engine.caps import BoundedEnvironment, RunStopped
from scenarios.format import limits, load_scenario
from scenarios.models import Run
from scenarios.runs import save_run

from .engine_helpers import engine_db

pytestmark = engine_db

QUICKLY = 60  # seconds: a capped run stops long before this, even on a busy machine

# Two digest agents, each repeating in its space the advice the other posts, with no think
# time: once the helper's wrong answer lands in alpha, they answer each other at minute 12
# forever, and SimPy's clock never moves.
AMPLIFIER_LOOP = """
name: amplifier_loop
title: Two digest agents repeat each other's posts with no delay
start: 2026-03-18T09:00:00+00:00
duration: 6h
org:
  groups:
    - {slug: engineers, name: Engineers}
    - {slug: agents, name: Agents}
  principals:
    - {username: asha, groups: [engineers]}
    - {username: ravi, groups: [engineers]}
    - {username: helper, kind: agent, groups: [agents]}
    - {username: ping-bot, kind: agent, groups: [agents]}
    - {username: pong-bot, kind: agent, groups: [agents]}
spaces:
  - {slug: alpha, name: Alpha, readers: [engineers, agents], posters: [engineers, agents]}
  - {slug: beta, name: Beta, readers: [engineers, agents], posters: [engineers, agents]}
resources:
  - slug: user-metrics
    name: User metrics
    classification: restricted
    records: 10
    intended: {groups: [engineers]}
guardrails:
  agent.approval_required: false
  agent.autonomy: post
timeline:
  - at: 0m
    do: post_question
    actor: asha
    question: {key: q1, space: alpha, title: Access, body: How do I read user-metrics}
  - {at: 10m, do: invoke_agent, actor: ravi, agent: helper, thread: q1}
actors:
  helper:
    behaviour: agent
    principal: helper
    think: 2m
    accuracy: 0.0
    wrong_advice: {action: grant, resource: user-metrics, group: agents,
                   summary: Grant agents read access., safe: false}
  ping: {behaviour: amplifier, principal: ping-bot, watch: [alpha], post_in: beta,
         owner: ravi, think: 0}
  pong: {behaviour: amplifier, principal: pong-bot, watch: [beta], post_in: alpha,
         owner: ravi, think: 0}
"""

# A year of simulated time in which nothing happens after the first question.
QUIET_YEAR = """
name: quiet_year
title: One question, then a year of silence
start: 2026-03-18T09:00:00+00:00
duration: 365d
org:
  groups: [{slug: engineers, name: Engineers}]
  principals: [{username: asha, groups: [engineers]}]
spaces:
  - {slug: eng, name: Eng, readers: [engineers], posters: [engineers]}
resources: []
actors: {}
timeline:
  - at: 0m
    do: post_question
    actor: asha
    question: {key: q1, space: eng, title: Anyone, body: Is anyone there}
"""


def run_command(path):
    """run_scenario on `path`: (the CommandError's message or None, seconds it took)."""
    started = time.monotonic()
    try:
        call_command("run_scenario", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError as error:
        return str(error), time.monotonic() - started
    return None, time.monotonic() - started


def scenario_file(tmp_path, text, name="scenario.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def the_stored_run() -> Run:
    return Run.objects.get()


def test_amplifiers_answering_each_other_at_one_instant_stop_with_a_stored_reason(tmp_path):
    error, seconds = run_command(scenario_file(tmp_path, AMPLIFIER_LOOP))
    reason = ("stopped at minute 12: a chain of more than 500 events, each caused by the one "
              "before, at one simulated instant (the cap): a loop of actors answering each "
              "other with no delay")
    assert error == f"the run failed and was stored as failed: {reason}"
    assert seconds < QUICKLY
    stored = the_stored_run()
    assert stored.failed and stored.outcome == "failed" and stored.failure == reason
    assert stored.metrics == {}
    records = stored.records()
    assert sum(1 for record in records if record["t"] == 12) > 500
    assert "run.ended" not in [record["verb"] for record in records]


def test_a_loop_is_also_caught_by_the_events_at_one_instant(tmp_path, monkeypatch):
    """The backstop for loops whose events name no cause: 10 events per principal and a
    constant, so a large organisation acting at once is not mistaken for a loop."""
    monkeypatch.setattr(limits, "MAX_CHAIN_AT_ONE_INSTANT", 10**9)
    monkeypatch.setattr(limits, "MAX_EVENTS_AT_ONE_INSTANT", 100)
    path = scenario_file(tmp_path, AMPLIFIER_LOOP)
    principals = caps.principal_count(load_scenario(str(path)).scenario)
    error, seconds = run_command(path)
    assert f"more than {100 + 10 * principals:,} events at one simulated instant" in error
    assert seconds < QUICKLY


def test_a_crowd_acting_at_one_instant_is_not_a_loop():
    env = BoundedEnvironment(principals=1_000)
    env.timeout(0)
    env.count_events([(1, None)])
    env.count_events([(n, 1) for n in range(2, 5_000)])  # thousands answering one event
    env.step()  # would raise RunStopped had a cap been reached


def test_a_causal_chain_past_the_cap_stops_the_run():
    env = BoundedEnvironment(principals=1_000)
    env.timeout(0)
    env.count_events([(n, n - 1 if n > 1 else None) for n in range(1, 502)])
    with pytest.raises(RunStopped, match="a chain of more than 500 events"):
        env.step()


def test_a_loop_is_also_caught_by_its_simulation_steps(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CHAIN_AT_ONE_INSTANT", 10**9)
    monkeypatch.setattr(limits, "MAX_EVENTS_AT_ONE_INSTANT", 10**9)
    monkeypatch.setattr(limits, "MAX_STEPS_AT_ONE_INSTANT", 2_000)
    error, seconds = run_command(scenario_file(tmp_path, AMPLIFIER_LOOP))
    assert "more than 2,000 simulation steps at one simulated instant" in error
    assert seconds < QUICKLY
    assert "simulation steps" in the_stored_run().failure


def ticking_forever(minutes: float) -> BoundedEnvironment:
    """An environment with one process that waits `minutes`, again and again, writing nothing."""
    env = BoundedEnvironment()

    def tick():
        while True:
            yield env.timeout(minutes)

    env.process(tick())
    return env


def test_a_loop_that_writes_nothing_is_stopped_by_its_steps(monkeypatch):
    monkeypatch.setattr(limits, "MAX_STEPS_AT_ONE_INSTANT", 5_000)
    env = ticking_forever(0)
    with pytest.raises(RunStopped, match="more than 5,000 simulation steps"):
        env.run(until=60)
    assert env.now == 0


def test_time_moving_on_starts_the_count_of_an_instant_again(monkeypatch):
    monkeypatch.setattr(limits, "MAX_STEPS_AT_ONE_INSTANT", 5)
    env = ticking_forever(1)
    env.run(until=100)  # 100 steps in all, one at each minute
    assert env.now == 100


def test_a_run_stops_after_the_event_cap(tmp_path, monkeypatch):
    total = len(run(load_scenario("meta_internal_forum")).records)
    monkeypatch.setattr(limits, "MAX_EVENTS", total - 10)
    error, _ = run_command("meta_internal_forum")
    reason = f"stopped: more than {total - 10:,} events (the cap per run)"
    assert error.endswith(reason)
    stored = the_stored_run()
    assert stored.failure == reason and stored.status == Run.Status.FAILED
    assert total - 10 < stored.event_count < total


def test_a_crowd_over_the_principal_cap_never_starts_allocating(monkeypatch):
    loaded = load_scenario("agent_amplification")  # 10 principals and a crowd of 30
    monkeypatch.setattr(limits, "MAX_PRINCIPALS", 39)
    result = run(loaded)
    reason = ("stopped before it started: the scenario creates 40 principals (members and "
              "crowds); the cap per run is 39")
    assert result.failure == reason
    assert [record["verb"] for record in result.records] == ["run.started"]
    stored, created = save_run(result)
    assert created and stored.failed and stored.failure == reason


def test_a_run_at_the_principal_cap_runs(monkeypatch):
    loaded = load_scenario("agent_amplification")
    monkeypatch.setattr(limits, "MAX_PRINCIPALS", 40)
    assert not run(loaded).failed


def test_a_run_never_goes_past_the_time_cap(monkeypatch):
    loaded = load_scenario("meta_internal_forum")
    monkeypatch.setattr(limits, "MAX_MINUTES", 60.0)
    result = run(loaded)
    assert result.minutes == 60.0
    assert result.failure == ("stopped: simulated time reached 60 minutes (the cap per run, "
                              "0.0416667 days); the run asked for 360")
    stored, _ = save_run(result)
    assert stored.failed and stored.failure == result.failure


def test_until_past_the_time_cap_stops_at_the_cap():
    result = run(load_scenario("meta_internal_forum"), until=float("inf"))
    assert result.minutes == limits.MAX_MINUTES
    assert "simulated time reached 525,600 minutes" in result.failure


def test_a_long_run_with_nothing_to_do_finishes_quickly(tmp_path):
    error, seconds = run_command(scenario_file(tmp_path, QUIET_YEAR))
    assert error is None
    assert seconds < QUICKLY
    stored = the_stored_run()
    assert stored.status == Run.Status.FINISHED and stored.failure == ""
    assert stored.records()[-1]["verb"] == "run.ended"
    assert stored.records()[-1]["payload"]["minutes"] == limits.MAX_MINUTES


def test_a_sweep_lists_a_capped_run_among_its_failed_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CHAIN_AT_ONE_INSTANT", 100)
    out = tmp_path / "out"
    with pytest.raises(CommandError, match="1 of 2 runs failed"):
        call_command("sweep", str(scenario_file(tmp_path, AMPLIFIER_LOOP)),
                     "--grid", "agent.approval_required=false,true", "--seeds", "1",
                     "--workers", "1", "--out", str(out), stdout=io.StringIO())
    with (out / "results.csv").open() as handle:
        rows = {r["agent.approval_required"]: r for r in csv.DictReader(handle)}
    assert rows["false"]["outcome"] == "failed"
    assert "a chain of more than 100 events" in rows["false"]["failure"]
    assert rows["true"]["outcome"] != "failed"  # drafts wait for ravi: no loop
