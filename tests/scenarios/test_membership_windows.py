"""Exposure with group memberships that change during the run, computed by hand.

reference_org: user-metrics is meant for data-team and bob; alice, bob and dana are in
all-engineers (dana also in data-team); olga is in no group."""

from scenarios.metrics import compute_metrics

from .logs import content_org, reference_org


def windows(metrics):
    return [(w["principal"], w["start"], w["end"], w["opened_by"], w["closed_by"])
            for w in metrics["exposure"]["windows"]]


def widened():
    """all-engineers is granted read at 10: alice is exposed from then on."""
    log = reference_org()
    log.grant("user-metrics", "group:all-engineers", t=10, actor="bob", contradicts=True)
    return log


def test_a_joiner_is_exposed_exactly_while_a_member_of_the_widened_group():
    log = widened()
    joined = log.join("olga", "all-engineers", t=30)
    left = log.leave("olga", "all-engineers", t=50)
    log.end(100)
    olga = [w for w in windows(compute_metrics(log.records)) if w[0] == "olga"]
    assert olga == [("olga", 30.0, 50.0, joined, left)]


def test_reads_are_judged_by_membership_at_the_minute_of_the_read():
    log = widened()
    log.join("olga", "all-engineers", t=30)
    inside = log.read("olga", "user-metrics", t=40, records=1000)
    log.leave("olga", "all-engineers", t=50)
    log.read("olga", "user-metrics", t=60, records=1000)   # after she left: not hers to count
    log.end(100)
    exposure = compute_metrics(log.records)["exposure"]
    assert [(r["seq"], r["principal"], r["t"]) for r in exposure["unauthorized_read_events"]] \
        == [(inside, "olga", 40.0)]


def test_joining_the_intended_group_closes_the_window():
    log = widened()
    grant = log.records[-1]["seq"]
    joined = log.join("alice", "data-team", t=25)
    read = log.read("alice", "user-metrics", t=30)
    log.end(100)
    metrics = compute_metrics(log.records)
    assert [w for w in windows(metrics) if w[0] == "alice"] == [
        ("alice", 10.0, 25.0, grant, joined)]
    assert read not in [r["seq"] for r in metrics["exposure"]["unauthorized_read_events"]]
    step = next(s for s in metrics["chain"] if s["seq"] == joined)
    assert (step["kind"], step["summary"]) == (
        "containment", "alice joined group data-team, which ended their exposure to "
                       "user-metrics")


def test_leaving_the_intended_group_while_a_grant_reaches_you_opens_a_window():
    log = widened()
    left = log.leave("dana", "data-team", t=40)
    log.end(100)
    assert [w for w in windows(compute_metrics(log.records)) if w[0] == "dana"] == [
        ("dana", 40.0, 100.0, left, None)]


def test_joining_a_group_that_reads_a_space_with_copied_records_opens_a_window():
    log = content_org()
    log.post("post.published", "t-1.2", "helper", t=10, space="data",
             quotes={"user-metrics": 5}, provenance="ai")
    log.join("alice", "data-team", t=30)   # data-team reads `data`, is the audience
    log.join("olga", "data-team", t=35)
    log.end(60)
    # joining the audience's own group puts both in the audience: no one is exposed
    assert windows(compute_metrics(log.records)) == []
    log = content_org()
    log.space("open", readers=["agents"], posters=["agents"])
    log.post("post.published", "t-1.2", "helper", t=10, space="open",
             quotes={"user-metrics": 5}, provenance="ai")
    joined = log.join("olga", "agents", t=30)
    log.end(60)
    metrics = compute_metrics(log.records)
    assert [w for w in windows(metrics) if w[0] == "olga"] == [("olga", 30.0, 60.0, joined, None)]
    assert metrics["exposure"]["leak_posts"] == 1


def test_a_leak_post_is_judged_with_the_memberships_of_its_minute():
    log = content_org()
    log.join("alice", "data-team", t=5)   # now everyone reading eng is in the audience
    log.post("post.published", "t-1.2", "helper", t=10, space="eng",
             quotes={"user-metrics": 5}, provenance="ai")
    log.end(60)
    metrics = compute_metrics(log.records)
    assert metrics["exposure"]["leak_posts"] == 0 and windows(metrics) == []


def test_guardrail_changes_are_reported_in_order_only_when_there_are_some():
    log = widened()
    log.end(100)
    assert "settings_changes" not in compute_metrics(log.records)
    log = widened()
    first = log.guardrail_changed("acl.alert_delay_minutes", None, 5.0, t=20)
    second = log.guardrail_changed("agent.autonomy", "post", "draft", t=45)
    log.end(100)
    metrics = compute_metrics(log.records)
    assert metrics["settings_changes"] == [
        {"seq": first, "t": 20.0, "guardrail": "acl.alert_delay_minutes", "old": None,
         "new": 5.0},
        {"seq": second, "t": 45.0, "guardrail": "agent.autonomy", "old": "post",
         "new": "draft"}]
    assert list(metrics).index("settings_changes") == list(metrics).index("settings") + 1


def test_a_log_without_membership_changes_gives_the_same_metrics_as_before():
    """Membership events that change nothing leave every window and read as they were."""
    log = widened()
    log.read("alice", "user-metrics", t=40)
    log.end(100)
    plain = compute_metrics(log.records)
    log = widened()
    log.join("olga", "agents", t=20)      # agents reach nothing
    log.read("alice", "user-metrics", t=40)
    log.end(100)
    changed = compute_metrics(log.records)
    assert windows(changed) == windows(plain)
    assert changed["exposure"]["unauthorized_reads"] == plain["exposure"]["unauthorized_reads"]


def test_no_edit_of_one_field_of_a_membership_or_guardrail_event_crashes_the_metrics():
    from .test_logfile_fields import assert_refused_or_measured, iso_times

    log = widened()
    log.guardrail_changed("acl.policy_check", False, True, t=20)
    log.join("olga", "all-engineers", t=30)
    log.read("olga", "user-metrics", t=40)
    log.leave("olga", "all-engineers", t=50)
    log.end(100)
    assert_refused_or_measured(iso_times(log.records))
