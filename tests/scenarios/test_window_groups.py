"""Windows that are the same but for their principal are one group in the metrics
(`exposure.window_groups`): a crowd of 100,000 given one grant is one entry, not 100,000."""

from scenarios.metrics import compute_metrics
from tests.scenarios.logs import reference_org


def crowd_org(people: int):
    """The reference organisation with `people` more engineers, crowd-01 ... (no one in a
    resource's audience)."""
    log = reference_org()
    for n in range(1, people + 1):
        log.principal(f"crowd-{n:02d}", "all-engineers")
    return log


def groups_of(log):
    return compute_metrics(log.records)["exposure"]["window_groups"]


def test_one_grant_to_a_crowd_is_one_group_with_a_count_and_the_first_names():
    log = crowd_org(5)
    grant = log.grant("user-metrics", "group:all-engineers", t=10, actor="bob")
    revoke = log.revoke("user-metrics", "group:all-engineers", t=70, actor="bob")
    log.end(100)
    assert groups_of(log) == [{
        "resource": "user-metrics", "start": 10.0, "end": 70.0, "duration_minutes": 60.0,
        "opened_by": grant, "closed_by": revoke, "open_at_end": False,
        "principals": 6, "names": ["alice", "crowd-01", "crowd-02"],
    }]


def test_windows_that_differ_in_how_they_opened_or_closed_are_separate_groups():
    log = crowd_org(2)
    log.grant("user-metrics", "group:all-engineers", t=10, actor="bob", expires_t=40)
    olga = log.grant("user-metrics", "principal:olga", t=10, actor="bob", expires_t=40)
    log.end(100)
    groups = groups_of(log)
    # the same minutes (10 to 40, both lapsed), opened by two grants
    assert [(g["principals"], g["opened_by"], g["end"]) for g in groups] == [
        (3, olga - 1, 40.0), (1, olga, 40.0)]


def test_windows_still_open_at_the_end_are_not_grouped_with_closed_ones():
    log = crowd_org(1)
    log.grant("user-metrics", "group:all-engineers", t=10, actor="bob")
    log.grant("user-metrics", "principal:olga", t=10, actor="bob", expires_t=100)
    log.end(100)
    groups = groups_of(log)
    assert [(g["names"], g["open_at_end"]) for g in groups] == [
        (["alice", "crowd-01"], True), (["olga"], False)]


def test_the_groups_account_for_every_window():
    log = crowd_org(40)
    log.grant("user-metrics", "group:all-engineers", t=10, actor="bob")
    log.join("olga", "all-engineers", t=20)
    log.end(100)
    metrics = compute_metrics(log.records)
    groups = metrics["exposure"]["window_groups"]
    assert sum(g["principals"] for g in groups) == len(metrics["exposure"]["windows"]) == 42
    assert [g["principals"] for g in groups] == [41, 1]
