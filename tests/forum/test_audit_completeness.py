"""Every public service leaves exactly one event per call: the audit log is complete.

A new function in forum.services.__all__ fails here until it has a recipe below, so a
service that forgets to record cannot slip in unnoticed.
"""

import pytest

from forum import services
from forum.models import Event

NOT_ACTIONS = {"AdviceSpec", "target_of"}  # a value type and pure helpers
PUBLIC = sorted(name for name in services.__all__ if name not in NOT_ACTIONS)


def advice(org):
    return services.AdviceSpec("grant", org.dataset, "Grant read", is_safe=False,
                               group=org.engineers)


def drafted(org):
    services.configure_guardrails({"agent.approval_required": True})
    return services.agent_respond(org.agent, org.question, invoker=org.alice, body="Draft")


def pending_change(org):
    services.seed_grant(org.dataset, principal=org.dana, permission="admin")
    services.configure_guardrails({"acl.review_required": True})
    return services.change_access(org.bob, org.dataset, action="grant", group=org.engineers)


def answer_with_advice(org):
    return services.agent_respond(org.agent, org.question, invoker=org.bob, body="Do it",
                                  advice=advice(org))


def quoting_reply(org):
    """A reply that copies one of user-metrics' records (bob administers user-metrics)."""
    row = org.dataset.records.first().data
    return services.reply(org.alice, org.question, body=f"Found it: {row}")


# name: org -> a call to make (any set-up happens before the call is returned)
RECIPES = {
    "agent_respond": lambda org: lambda: services.agent_respond(
        org.agent, org.question, invoker=org.bob, body="Answer", advice=advice(org)),
    "agent_open_thread": lambda org: lambda: services.agent_open_thread(
        org.agent, org.eng, invoker=org.bob, title="Digest", body="Answers worth knowing"),
    "read_thread": lambda org: lambda: services.read_thread(org.alice, org.question),
    "hide_post": lambda org: (lambda post: lambda: services.hide_post(org.bob, post))(
        quoting_reply(org)),
    "approve_post": lambda org: (lambda post: lambda: services.approve_post(org.alice, post))(
        drafted(org)),
    "reject_post": lambda org: (lambda post: lambda: services.reject_post(org.alice, post))(
        drafted(org)),
    "change_access": lambda org: lambda: services.change_access(
        org.bob, org.dataset, action="revoke", group=org.data_team),
    "follow_advice": lambda org: (lambda post: lambda: services.follow_advice(org.bob, post))(
        answer_with_advice(org)),
    "review_acl_change": lambda org: (lambda change: lambda: services.review_acl_change(
        org.dana, change, approve=True))(pending_change(org)),
    "configure_guardrails": lambda org: lambda: services.configure_guardrails(
        {"ai.label_shown": True}),
    "create_group": lambda org: lambda: services.create_group("new-team", "New team"),
    "create_principal": lambda org: lambda: services.create_principal(
        "newcomer", groups=[org.engineers]),
    # one event per principal (test_create_principals: many at once)
    "create_principals": lambda org: lambda: services.create_principals(
        [{"username": "newcomer", "groups": [org.engineers]}]),
    "create_resource": lambda org: lambda: services.create_resource(
        "new-data", "New data", classification="internal", record_count=3,
        records=[{"i": 1}, {"i": 2}]),
    "create_space": lambda org: lambda: services.create_space(
        "new-space", "New space", readers=[org.engineers], posters=[org.engineers]),
    "seed_grant": lambda org: lambda: services.seed_grant(org.dataset, group=org.engineers),
    "invoke_agent": lambda org: lambda: services.invoke_agent(org.bob, org.agent, org.question),
    "post_question": lambda org: lambda: services.post_question(
        org.alice, org.eng, title="Another?", body="Yes"),
    "reply": lambda org: lambda: services.reply(org.alice, org.question, body="Thanks",
                                                advice=advice(org)),
    "read_resource": lambda org: lambda: services.read_resource(org.dana, org.dataset),
    "raise_alert": lambda org: lambda: services.raise_alert(
        None, "resource:user-metrics", reason="unusual grant"),
    "escalate_incident": lambda org: lambda: services.escalate_incident(
        org.dana, "resource:user-metrics", reason="unusual grant"),
    "suspend_agent": lambda org: lambda: services.suspend_agent(
        org.bob, org.agent, reason="behind the incident"),
    "record_decision": lambda org: lambda: services.record_decision(
        org.bob, point="follow_advice", choice="follow", target="post:x"),
    "record_model_call": lambda org: lambda: services.record_model_call(
        org.agent, invoker=org.bob, model="test", request="0" * 16, tokens_in=10,
        tokens_out=2, latency_ms=5, tool_calls=1),
    "record_tool_call": lambda org: lambda: services.record_tool_call(
        org.agent, invoker=org.bob, tool="read_thread", arguments={"thread": "q"},
        result="1 post"),
    "mark_run": lambda org: lambda: services.mark_run("run.started", scenario="demo", seed=1),
    "join_group": lambda org: lambda: services.join_group(org.olga, org.engineers),
    "leave_group": lambda org: lambda: services.leave_group(org.alice, org.engineers),
    "set_guardrail": lambda org: lambda: services.set_guardrail("acl.policy_check", "on"),
    "send_message": lambda org: lambda: services.send_message(org.dana, org.alice, "Ask me"),
}


def test_it_knows_every_public_service():
    assert set(RECIPES) == set(PUBLIC), "add a recipe for each new service in forum.services"


@pytest.mark.parametrize("name", PUBLIC)
def test_it_records_exactly_one_event_per_call(org, name):
    if name not in RECIPES:
        pytest.fail(f"forum.services.{name} has no recipe here; add one")
    call = RECIPES[name](org)
    last_event = Event.objects.last().pk
    call()
    assert Event.objects.filter(pk__gt=last_event).count() == 1

