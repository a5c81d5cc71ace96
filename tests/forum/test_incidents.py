"""Escalating an incident and suspending an agent: one event each, and a suspended agent
is refused at every door it could use."""

import pytest

from agents.tools import Task, Toolbox
from forum import services
from forum.errors import AccessDenied, InvalidAction
from forum.models import Event, Principal


def last_event():
    return Event.objects.order_by("-pk").first()


def test_an_escalation_is_logged_against_the_resource_with_the_alert_as_cause(org):
    alert = services.raise_alert(None, "resource:user-metrics", reason="ACL change noticed")
    services.escalate_incident(org.dana, "resource:user-metrics", reason="ACL change noticed",
                               cause=alert)
    event = last_event()
    assert (event.verb, event.target, event.actor, event.cause) == (
        "incident.escalated", "resource:user-metrics", org.dana, alert)
    assert event.payload == {"reason": "ACL change noticed"}


def test_an_employee_suspends_an_agent(org):
    services.suspend_agent(org.bob, org.agent, reason="behind the incident")
    event = last_event()
    assert (event.verb, event.target, event.actor) == ("agent.suspended", "principal:helper",
                                                       org.bob)
    org.agent.refresh_from_db()
    assert not org.agent.is_active


@pytest.mark.parametrize("who, whom, error", [
    ("agent", "agent", AccessDenied),   # agents stop no one
    ("bob", "alice", AccessDenied),     # only an agent can be suspended
])
def test_it_refuses_who_may_not_suspend_and_whom_cannot_be(org, who, whom, error):
    with pytest.raises(error):
        services.suspend_agent(getattr(org, who), getattr(org, whom), reason="no")
    assert last_event().verb == "agent.suspend_refused"
    assert getattr(org, whom).is_active


def test_an_agent_is_suspended_once(org):
    services.suspend_agent(org.bob, org.agent, reason="first")
    with pytest.raises(InvalidAction):
        services.suspend_agent(org.dana, org.agent, reason="again")
    assert last_event().verb == "agent.suspend_refused"


def test_a_suspended_agent_cannot_be_invoked(org):
    agent = org.agent
    services.suspend_agent(org.bob, agent, reason="stop")
    with pytest.raises(InvalidAction, match="suspended"):
        services.invoke_agent(org.alice, agent, org.question)
    assert last_event().verb == "agent.invoke_refused"


def test_a_suspended_agent_cannot_post(org):
    agent = Principal.objects.get(username="helper")  # a copy loaded before the suspension
    services.suspend_agent(org.bob, org.agent, reason="stop")
    with pytest.raises(InvalidAction, match="suspended"):
        services.agent_respond(agent, org.question, invoker=org.bob, body="Still here")
    assert last_event().verb == "post.refused"


def test_a_suspended_agents_tool_calls_are_refused_and_end_the_invocation(org):
    invocation = services.invoke_agent(org.bob, org.agent, org.question)
    tools = Toolbox(org.agent, org.bob, Task("helper", "bob", org.question.key, "help"),
                    invocation=invocation)
    assert tools.call("read_thread", {"thread": org.question.key}).ok
    services.suspend_agent(org.dana, org.agent, reason="stop")
    result = tools.call("read_thread", {"thread": org.question.key})
    assert not result.ok and "suspended" in result.summary
    event = last_event()
    assert event.verb == "agent.tool_called" and event.payload["refused"] is True
    assert tools.ended
