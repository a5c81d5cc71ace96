from scenarios.metrics import compute_metrics
from tests.scenarios.logs import reference_incident, reference_org


def windows_of(log):
    return [
        (w["resource"], w["principal"], w["start"], w["end"], w["duration_minutes"],
         w["open_at_end"])
        for w in compute_metrics(log.records)["exposure"]["windows"]
    ]


def test_a_group_grant_opens_one_window_per_principal_outside_the_audience():
    assert windows_of(reference_incident()) == [
        ("user-metrics", "alice", 10.0, 130.0, 120.0, False),
    ]


def test_it_reports_a_window_still_open_at_the_end_of_the_run():
    log = reference_org()
    log.grant("user-metrics", "principal:olga", t=30, actor="bob")
    log.end(100)
    report = compute_metrics(log.records)
    assert windows_of(log) == [("user-metrics", "olga", 30.0, 100.0, 70.0, True)]
    assert report["exposure"]["incident_windows"] == [
        {"resource": "user-metrics", "start": 30.0, "end": 100.0, "minutes": 70.0,
         "exposed_minutes": 70.0, "open_at_end": True},
    ]
    assert report["exposure"]["open_at_end"] is True


def test_overlapping_group_and_direct_grants_make_one_window_spanning_both():
    log = reference_org()
    log.grant("user-metrics", "group:all-engineers", t=10, actor="bob")
    log.grant("user-metrics", "principal:alice", t=20, actor="bob")
    log.revoke("user-metrics", "group:all-engineers", t=50, actor="bob")
    log.revoke("user-metrics", "principal:alice", t=90, actor="bob")
    log.end(120)
    assert windows_of(log) == [("user-metrics", "alice", 10.0, 90.0, 80.0, False)]
    assert compute_metrics(log.records)["exposure"]["person_minutes"] == 80.0


def test_access_that_ends_and_resumes_at_the_same_minute_is_one_window():
    log = reference_org()
    log.grant("user-metrics", "principal:olga", t=10, actor="bob", expires_t=40)
    log.grant("user-metrics", "principal:olga", t=40, actor="bob", expires_t=60)
    log.end(120)
    assert windows_of(log) == [("user-metrics", "olga", 10.0, 60.0, 50.0, False)]


def test_access_resuming_at_the_same_minute_extends_only_the_latest_window():
    log = reference_org()
    log.grant("user-metrics", "principal:olga", t=10, actor="bob")
    log.revoke("user-metrics", "principal:olga", t=20, actor="bob")
    log.grant("user-metrics", "principal:olga", t=30, actor="bob", expires_t=40)
    log.grant("user-metrics", "principal:olga", t=40, actor="bob", expires_t=60)
    log.end(120)
    assert windows_of(log) == [("user-metrics", "olga", 10.0, 20.0, 10.0, False),
                               ("user-metrics", "olga", 30.0, 60.0, 30.0, False)]


def test_a_group_grant_revoked_and_made_again_at_the_same_minute_keeps_one_window():
    log = reference_org()
    log.grant("user-metrics", "group:all-engineers", t=10, actor="bob")
    log.revoke("user-metrics", "group:all-engineers", t=50, actor="bob")
    log.grant("user-metrics", "group:all-engineers", t=50, actor="bob")
    last = log.revoke("user-metrics", "group:all-engineers", t=90, actor="bob")
    log.end(120)
    assert windows_of(log) == [("user-metrics", "alice", 10.0, 90.0, 80.0, False)]
    assert compute_metrics(log.records)["exposure"]["windows"][0]["closed_by"] == last


def test_a_grant_lapses_at_its_expires_t():
    log = reference_org()
    log.grant("user-metrics", "group:all-engineers", t=10, actor="bob", expires_t=70)
    log.end(120)
    report = compute_metrics(log.records)
    assert windows_of(log) == [("user-metrics", "alice", 10.0, 70.0, 60.0, False)]
    assert report["exposure"]["windows"][0]["closed_by"] is None
    assert report["detection"]["time_to_contain_minutes"] == 60.0


def test_a_revocation_before_expiry_closes_the_window_first():
    log = reference_org()
    log.grant("user-metrics", "principal:olga", t=10, actor="bob", expires_t=200)
    revoke = log.revoke("user-metrics", "principal:olga", t=25, actor="bob")
    log.end(120)
    assert windows_of(log) == [("user-metrics", "olga", 10.0, 25.0, 15.0, False)]
    assert compute_metrics(log.records)["exposure"]["windows"][0]["closed_by"] == revoke


def test_a_grant_expiring_after_the_run_is_still_open_at_the_end():
    log = reference_org()
    log.grant("user-metrics", "principal:olga", t=10, actor="bob", expires_t=500)
    log.end(120)
    assert windows_of(log) == [("user-metrics", "olga", 10.0, 120.0, 110.0, True)]


def test_intended_principals_and_intended_group_members_get_no_window():
    log = reference_org()
    log.grant("user-metrics", "principal:bob", t=5, actor="bob")      # intended principal
    log.grant("user-metrics", "principal:dana", t=6, actor="bob")     # in data-team
    log.end(60)
    report = compute_metrics(log.records)
    assert report["exposure"]["windows"] == []
    assert report["exposure"]["exposed_principals"] == 0
    assert report["exposure"]["incident_window_minutes"] == 0
    assert report["detection"]["time_to_contain_minutes"] is None


def test_revoking_one_permission_leaves_an_admin_grant_in_force():
    log = reference_org()
    log.grant("user-metrics", "principal:olga", t=10, actor="bob", permission="admin")
    log.revoke("user-metrics", "principal:olga", t=20, actor="bob", permission="read", revoked=0)
    log.end(50)
    assert windows_of(log) == [("user-metrics", "olga", 10.0, 50.0, 40.0, True)]


def test_windows_are_sorted_by_start_resource_and_principal():
    log = reference_org()
    log.resource("billing", records=10, groups=["data-team"])
    log.grant("user-metrics", "principal:olga", t=30, actor="bob")
    log.grant("billing", "group:all-engineers", t=10, actor="bob")
    log.end(60)
    assert [(w[0], w[1], w[2]) for w in windows_of(log)] == [
        ("billing", "alice", 10.0), ("billing", "bob", 10.0),
        ("user-metrics", "olga", 30.0),
    ]


def test_figures_add_up_over_principals_and_resources():
    log = reference_org()
    log.resource("billing", records=10, groups=["data-team"])
    log.grant("billing", "group:all-engineers", t=10, actor="bob")        # alice, bob: 50 each
    log.grant("user-metrics", "principal:olga", t=30, actor="bob")        # olga: 30
    log.end(60)
    exposure = compute_metrics(log.records)["exposure"]
    assert exposure["exposed_principals"] == 3
    assert exposure["person_minutes"] == 130.0
    assert exposure["records_exposed"] == 1010
    assert exposure["record_exposures"] == 10 * 2 + 1000 * 1
    assert exposure["incident_window_minutes"] == 50.0
    assert [i["resource"] for i in exposure["incident_windows"]] == ["billing", "user-metrics"]


def test_events_after_run_ended_are_not_observed():
    log = reference_org()
    log.end(60)
    log.grant("user-metrics", "principal:olga", t=70, actor="bob")
    assert compute_metrics(log.records)["exposure"]["windows"] == []


def test_set_up_events_without_simulated_time_take_the_time_before_them():
    log = reference_org()
    for record in log.records:
        record["t"] = None
    log.grant("user-metrics", "principal:olga", t=None, actor="bob")
    log.end(45)
    assert windows_of(log) == [("user-metrics", "olga", 0.0, 45.0, 45.0, True)]


def test_fractional_minutes_are_rounded_to_three_decimals():
    log = reference_org()
    log.grant("user-metrics", "principal:olga", t=1 / 3, actor="bob")
    log.end(10)
    window = compute_metrics(log.records)["exposure"]["windows"][0]
    assert (window["start"], window["duration_minutes"]) == (0.333, 9.667)


def test_a_grant_revoked_at_the_minute_it_was_made_is_a_window_of_zero_minutes():
    log = reference_org()
    log.grant("user-metrics", "principal:olga", t=10, actor="bob")
    log.revoke("user-metrics", "principal:olga", t=10, actor="bob")
    log.end(60)
    assert windows_of(log) == [("user-metrics", "olga", 10.0, 10.0, 0.0, False)]
