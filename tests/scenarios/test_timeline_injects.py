"""The timeline entries that change the world mid-run: a guardrail switched, someone joining
or leaving a group, a message to a person. Each does what it says, from its minute on."""

from scenarios.engine import run
from scenarios.format import parse_scenario, schema
from scenarios.format.loader import LIBRARY

from .engine_helpers import canonical, engine_db, verbs

pytestmark = engine_db

# In the reference incident helper posts at 22, priya grants all-engineers read at 30, and
# dmitri reverts it at 150 after sam's alert.


def reference_with(*entries: str):
    """The reference scenario with timeline entries (YAML flow mappings) added."""
    text = (LIBRARY / "meta_internal_forum.yaml").read_text()
    text = text.split("\nexpected:")[0] + "\n"
    added = "".join(f"  - {entry}\n" for entry in entries)
    text = text.replace("    thread: q1\n\nactors:", f"    thread: q1\n{added}\nactors:")
    assert added in text
    return parse_scenario(text, "reference_with.yaml")


def records(result, verb, **where):
    return [r for r in result.records if r["verb"] == verb
            and all(r.get(k) == v for k, v in where.items())]


def test_a_joiner_reads_what_the_group_reads_and_a_leaver_no_longer_does():
    loaded = reference_with(
        "{at: 10m, do: read_resource, actor: sam, resource: user-metrics}",
        "{at: 15m, do: join_group, principal: sam, group: data-platform}",
        "{at: 16m, do: read_resource, actor: sam, resource: user-metrics}",
        "{at: 25m, do: leave_group, principal: sam, group: data-platform}",
        "{at: 26m, do: read_resource, actor: sam, resource: user-metrics}",
    )
    result = run(loaded, seed=1)
    assert [(r["t"], r["verb"]) for r in result.records
            if r["actor"] == "sam" and r["verb"].startswith("resource.read")] == [
        (10.0, "resource.read_refused"), (16.0, "resource.read"),
        (26.0, "resource.read_refused")]
    joined, = records(result, "group.member_added")
    left, = records(result, "group.member_removed")
    assert (joined["target"], joined["payload"], joined["t"]) == (
        "group:data-platform", {"principal": "sam"}, 15.0)
    assert (left["target"], left["t"]) == ("group:data-platform", 25.0)
    # data-platform is user-metrics' intended audience: sam's read was authorised
    assert result.metrics["exposure"]["unauthorized_reads"] == 0


def test_joining_the_group_a_widening_grant_reaches_opens_a_window_at_the_join():
    loaded = reference_with("{at: 40m, do: join_group, principal: sam, group: all-engineers}")
    result = run(loaded, seed=1)
    joined, = records(result, "group.member_added")
    sams = [w for w in result.metrics["exposure"]["windows"] if w["principal"] == "sam"]
    revoke, = records(result, "grant.revoked")
    assert [(w["start"], w["end"], w["opened_by"], w["closed_by"]) for w in sams] == [
        (40.0, revoke["t"], joined["seq"], revoke["seq"])]
    step = next(s for s in result.metrics["chain"] if s["seq"] == joined["seq"])
    assert step["kind"] == "acl_change"
    assert step["summary"] == ("sam joined group all-engineers, which made user-metrics "
                               "readable to them outside its audience")


def test_approval_switched_on_before_the_agent_answers_sends_it_to_draft():
    switched = "{at: %s, do: set_guardrail, guardrail: agent.approval_required, value: true}"
    before = run(reference_with(switched % "10m"), seed=1)
    after = run(reference_with(switched % "23m"), seed=1)
    assert verbs(before, "helper") == ["post.drafted"]
    assert verbs(after, "helper") == ["post.published"]


def test_the_policy_check_switched_on_refuses_the_grant_from_that_minute():
    switched = "{at: %s, do: set_guardrail, guardrail: acl.policy_check, value: on}"
    on_time = run(reference_with(switched % "25m"), seed=1)
    too_late = run(reference_with(switched % "31m"), seed=1)
    assert "acl.refused" in verbs(on_time, "priya")
    assert on_time.metrics["exposure"]["windows"] == []
    assert "grant.created" in verbs(too_late, "priya")
    assert too_late.metrics["outcome"] == "exposure"


def test_alerting_switched_on_mid_run_starts_watching_from_that_minute():
    result = run(reference_with(
        "{at: 10m, do: set_guardrail, guardrail: acl.alert_delay_minutes, value: 5}"), seed=1)
    grant, = records(result, "grant.created", actor="priya")
    automated = records(result, "alert.raised", actor=None)
    assert [(a["t"], a["cause"]) for a in automated] == [(grant["t"] + 5, grant["seq"])]


def test_alerting_switched_off_mid_run_stops_watching():
    loaded = reference_with(
        "{at: 25m, do: set_guardrail, guardrail: acl.alert_delay_minutes, value: off}")
    result = run(loaded, seed=1, overrides={"acl.alert_delay_minutes": 10})
    assert records(result, "alert.raised", actor=None) == []
    changed, = records(result, "guardrail.changed")
    assert (changed["t"], changed["target"], changed["payload"]) == (
        25.0, "forum", {"guardrail": "acl.alert_delay_minutes", "old": 10.0, "new": None})
    # the run is stored with the settings it started with; the metrics say what changed
    assert result.settings["acl.alert_delay_minutes"] == 10.0
    assert result.metrics["settings"]["acl.alert_delay_minutes"] == 10.0
    assert result.metrics["settings_changes"] == [
        {"seq": changed["seq"], "t": 25.0, "guardrail": "acl.alert_delay_minutes",
         "old": 10.0, "new": None}]


def test_a_run_without_switches_reports_no_settings_changes():
    plain = run(reference_with(), seed=1)
    assert "settings_changes" not in plain.metrics


def test_a_message_is_logged_and_scripted_people_do_not_react_to_it():
    plain = run(reference_with(), seed=1)
    result = run(reference_with(
        "{at: 25m, do: send_message, sender: dmitri, to: priya, text: Ask me before any grant}"),
        seed=1)
    message, = records(result, "message.sent")
    assert (message["t"], message["actor"], message["target"], message["payload"]) == (
        25.0, "dmitri", "principal:priya", {"text": "Ask me before any grant"})
    assert [v for v in verbs(result) if v != "message.sent"] == verbs(plain)

    def exposure(r):
        return [(w["principal"], w["start"], w["end"]) for w in r.metrics["exposure"]["windows"]]
    assert exposure(result) == exposure(plain)


def test_the_same_seed_gives_the_same_log_with_the_new_entries():
    loaded = reference_with(
        "{at: 10m, do: set_guardrail, guardrail: acl.alert_delay_minutes, value: 5}",
        "{at: 12m, do: send_message, sender: dmitri, to: priya, text: Careful}",
        "{at: 40m, do: join_group, principal: sam, group: all-engineers}",
        "{at: 60m, do: leave_group, principal: asha, group: all-engineers}",
    )
    first, second = run(loaded, seed=4), run(loaded, seed=4)
    assert canonical(first.records) == canonical(second.records)
    assert first.metrics == second.metrics


def test_injected_entries_act_like_the_scenarios_own():
    loaded = reference_with()
    inject = schema.JoinGroup(at=40, do="join_group", principal="sam", group="all-engineers")
    injected = run(loaded, seed=1, extra_timeline=[inject])
    in_file = run(reference_with(
        "{at: 40m, do: join_group, principal: sam, group: all-engineers}"), seed=1)
    # the same events, but for the scenario's digest in run.started
    assert canonical(injected.records[1:]) == canonical(in_file.records[1:])
    assert injected.metrics["exposure"] == in_file.metrics["exposure"]
