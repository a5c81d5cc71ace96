"""Same scenario, settings and seed: same log, byte for byte. Different settings: same draws."""

from agents.decisions import RecordedDecider
from scenarios.engine import run
from scenarios.engine.streams import stream
from scenarios.format import load_scenario

from .engine_helpers import canonical, engine_db, reference

pytestmark = engine_db


def test_the_same_seed_gives_the_same_log_byte_for_byte():
    assert canonical(reference().records) == canonical(reference().records)


def test_different_seeds_draw_differently():
    a, b = stream(1, "helper", "accuracy/q1"), stream(2, "helper", "accuracy/q1")
    assert a.random() != b.random()


def test_a_streams_draws_do_not_depend_on_other_actors_or_settings():
    first = [stream(7, "priya", "reaction/q1.2").random() for _ in range(3)]
    assert first == [stream(7, "priya", "reaction/q1.2").random() for _ in range(3)]


def test_switching_a_guardrail_leaves_the_agents_draws_unchanged():
    loaded = load_scenario("meta_internal_forum")

    def answer_times(settings):
        times = []
        for seed in range(1, 6):
            result = run(loaded, seed=seed, overrides=settings)
            times += [r["t"] for r in result.records
                      if r["actor"] == "helper" and r["verb"].startswith("post.")]
        return times

    assert answer_times({}) == answer_times({"agent.approval_required": True})


def test_a_person_holding_a_role_pauses_the_run_at_their_decision():
    loaded = load_scenario("meta_internal_forum")
    paused = run(loaded, seed=1, deciders={"priya": RecordedDecider({})})
    assert paused.paused and paused.pending.kind == "follow_advice"
    assert paused.pending.id == "priya#1"
    assert "ignore" in paused.pending.options


def test_a_recorded_decision_resumes_the_run_the_way_the_person_chose():
    loaded = load_scenario("meta_internal_forum")
    result = run(loaded, seed=1, deciders={"priya": RecordedDecider({"priya#1": "ignore"})})
    assert not result.paused
    decision = next(r for r in result.records if r["verb"] == "decision.made"
                    and r["payload"]["decision"] == "priya#1")
    assert decision["payload"]["by"] == "person"
    assert result.metrics["exposure"]["windows"] == []


def test_a_curious_readers_draw_does_not_depend_on_earlier_events():
    """An unrelated alert injected at minute 1 shifts every later event's database id;
    the crowd's draws must not move, because streams are named by what they are about."""
    from scenarios.format.schema import RaiseAlert

    loaded = load_scenario("meta_internal_forum_stochastic")
    early = RaiseAlert(at=1, do="raise_alert", resource="user-metrics", reason="unrelated")

    def reads(extra):
        found = []
        for seed in range(1, 16):
            result = run(loaded, seed=seed, extra_timeline=extra)
            found.append(sorted((r["actor"], r["t"]) for r in result.records
                                if r["verb"] == "resource.read"))
        return found

    baseline = reads([])
    assert any(baseline)
    assert reads([early]) == baseline
