"""Records read from outside the audience, each counted once and never more than the
dataset holds (hand-computed logs)."""

from scenarios.metrics import compute_metrics
from tests.scenarios.logs import LogBuilder, reference_org


def small_org():
    """The reference organisation with a second, 100-record dataset only dana should read."""
    log = reference_org()
    log.resource("billing", records=100, groups=["data-team"])
    log.grant("billing", "group:data-team")
    return log


def test_three_reads_of_a_100_record_dataset_read_100_distinct_records():
    log = small_org()
    log.grant("billing", "group:all-engineers", t=10, actor="dana")
    for minute in (15, 20, 25):
        log.read("alice", "billing", t=minute, records=100)
    log.end(60)
    exposure = compute_metrics(log.records)["exposure"]
    assert exposure["unauthorized_reads"] == 3
    assert exposure["records_read"] == 300            # record-reads, as before
    assert exposure["records_read_distinct"] == 100   # the dataset holds 100


def test_distinct_records_are_capped_per_dataset_and_summed_over_datasets():
    log = small_org()
    log.grant("billing", "group:all-engineers", t=10, actor="dana")
    log.grant("user-metrics", "group:all-engineers", t=10, actor="bob")
    log.read("alice", "billing", t=15, records=100)
    log.read("olga", "billing", t=16, records=100)      # olga is not exposed: not counted
    log.read("alice", "user-metrics", t=17, records=1000)
    log.read("alice", "user-metrics", t=18, records=1000)
    log.end(60)
    exposure = compute_metrics(log.records)["exposure"]
    assert exposure["unauthorized_reads"] == 3
    assert exposure["records_read"] == 2100
    assert exposure["records_read_distinct"] == 100 + 1000


def test_partial_reads_under_the_dataset_size_are_added_up():
    log = small_org()
    log.grant("billing", "principal:alice", t=10, actor="dana")
    log.read("alice", "billing", t=15, records=30)
    log.read("alice", "billing", t=16, records=30)
    log.end(60)
    assert compute_metrics(log.records)["exposure"]["records_read_distinct"] == 60


def test_no_unauthorized_reads_read_no_records():
    log = LogBuilder()
    reference_org(log).end(60)
    assert compute_metrics(log.records)["exposure"]["records_read_distinct"] == 0
