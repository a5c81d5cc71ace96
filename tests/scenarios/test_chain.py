from scenarios.metrics import compute_metrics
from tests.scenarios.logs import advice, reference_incident, reference_org


def test_the_chain_reads_as_the_incident_in_order():
    chain = compute_metrics(reference_incident().records)["chain"]
    assert [step["kind"] for step in chain] == [
        "question", "agent_invoked", "agent_post", "advice_followed", "exposure_window",
        "unauthorized_read", "alert", "containment",
    ]
    assert [step["t"] for step in chain] == [0.0, 5.0, 6.0, 10.0, 10.0, 40.0, 70.0, 130.0]


def test_each_step_says_who_did_what_and_derived_steps_have_no_seq():
    chain = compute_metrics(reference_incident().records)["chain"]
    post, followed, window = chain[2], chain[3], chain[4]
    assert post["actor"] == "helper" and "no approval" in post["summary"]
    assert followed["cause"] == post["seq"] and "t-1.2" in followed["summary"]
    assert window["seq"] is None and "alice" in window["summary"]


def test_organisation_set_up_and_authorized_reads_stay_out_of_the_chain():
    log = reference_org()
    log.read("dana", "user-metrics", t=3)
    log.end(10)
    assert compute_metrics(log.records)["chain"] == []


def test_a_lapse_comes_before_events_at_the_same_minute_and_open_windows_come_last():
    log = reference_org()
    log.grant("user-metrics", "principal:olga", t=10, actor="bob", expires_t=30)
    log.grant("user-metrics", "principal:alice", t=30, actor="bob")
    log.end(60)
    chain = compute_metrics(log.records)["chain"]
    assert [(step["kind"], step["t"]) for step in chain] == [
        ("acl_change", 10.0), ("exposure_window", 10.0), ("containment", 30.0),
        ("acl_change", 30.0), ("exposure_window", 30.0), ("open_at_end", 60.0),
    ]
    assert chain[2]["seq"] is None and "expired" in chain[2]["summary"]


def test_the_agents_ordinary_tool_calls_leave_the_chain_as_it_was():
    log = reference_org()
    log.question("t-1", "alice", t=0)
    invoked = log.invoke("t-1", "bob", "helper", t=5)
    log.tool_call("helper", "read_thread", t=5, invoker="bob", cause=invoked,
                  thread="t-1", posts=["t-1.1"])
    post = log.answer("post.published", "t-1.2", "helper", t=6, advice=advice(safe=False),
                      on_behalf_of="bob", cause=invoked)
    log.tool_call("helper", "post_reply", t=6, invoker="bob", cause=invoked, post="t-1.2")
    log.tool_call("helper", "done", t=6, invoker="bob", cause=invoked)
    log.grant("user-metrics", "group:all-engineers", t=10, actor="bob", advice="t-1.2",
              contradicts=True, cause=post)
    log.end(60)
    assert [step["kind"] for step in compute_metrics(log.records)["chain"]] == [
        "question", "agent_invoked", "agent_post", "advice_followed", "exposure_window",
        "open_at_end",
    ]
