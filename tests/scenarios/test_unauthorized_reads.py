from scenarios.metrics import compute_metrics
from tests.scenarios.logs import reference_org


def test_a_read_inside_the_readers_window_is_unauthorized():
    log = reference_org()
    log.grant("user-metrics", "group:all-engineers", t=10, actor="bob")
    inside = log.read("alice", "user-metrics", t=15, records=1000)
    log.end(60)
    exposure = compute_metrics(log.records)["exposure"]
    assert exposure["unauthorized_reads"] == 1
    assert exposure["records_read"] == 1000
    assert exposure["unauthorized_read_events"] == [
        {"seq": inside, "t": 15.0, "resource": "user-metrics", "principal": "alice",
         "records": 1000},
    ]


def test_reads_by_the_intended_audience_are_not_unauthorized():
    log = reference_org()
    log.grant("user-metrics", "group:all-engineers", t=10, actor="bob")
    log.read("dana", "user-metrics", t=15)
    log.read("bob", "user-metrics", t=16)
    log.end(60)
    assert compute_metrics(log.records)["exposure"]["unauthorized_reads"] == 0


def test_a_read_after_the_window_closed_is_not_counted():
    log = reference_org()
    log.grant("user-metrics", "principal:olga", t=10, actor="bob", expires_t=20)
    log.read("olga", "user-metrics", t=20)       # the grant lapsed at minute 20
    log.revoke("user-metrics", "principal:olga", t=30, actor="bob", revoked=0)
    log.read("olga", "user-metrics", t=35)
    log.end(60)
    assert compute_metrics(log.records)["exposure"]["unauthorized_reads"] == 0


def test_a_read_before_a_revocation_at_the_same_minute_is_inside_the_window():
    log = reference_org()
    log.grant("user-metrics", "principal:olga", t=10, actor="bob")
    log.read("olga", "user-metrics", t=30)
    log.revoke("user-metrics", "principal:olga", t=30, actor="bob")
    log.read("olga", "user-metrics", t=30)
    log.end(60)
    exposure = compute_metrics(log.records)["exposure"]
    assert exposure["unauthorized_reads"] == 1
    assert exposure["windows"][0]["end"] == 30.0


def test_a_read_of_another_resource_is_not_inside_the_window():
    log = reference_org()
    log.resource("billing", records=10, groups=["all-engineers"])
    log.grant("billing", "group:all-engineers")
    log.grant("user-metrics", "principal:alice", t=10, actor="bob")
    log.read("alice", "billing", t=15)
    log.end(60)
    assert compute_metrics(log.records)["exposure"]["unauthorized_reads"] == 0
