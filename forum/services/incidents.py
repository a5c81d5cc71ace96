"""After an alert: escalating the incident, and suspending the agent behind it."""

from .. import permissions
from ..errors import AccessDenied, InvalidAction
from ..models import Principal
from ..vocabulary import Verb
from .events import atomic, record, refuse, target_of


def escalate_incident(principal: Principal, target: str, *, reason: str, cause=None):
    """Someone on call declares an incident about `target` (usually a resource) and hands it
    up; `cause` is the alert that led there."""
    return record(Verb.INCIDENT_ESCALATED, target, actor=principal, cause=cause,
                  payload={"reason": reason})


def suspend_agent(principal: Principal, agent: Principal, *, reason: str, cause=None):
    """Stop an agent: from now on its invocations and tool calls are refused."""
    target = target_of(agent)
    if not permissions.can_suspend_agent(principal, agent):
        refuse(AccessDenied(f"{principal} may not suspend {agent}", target=target),
               Verb.AGENT_SUSPEND_REFUSED, actor=principal, cause=cause)
    if permissions.is_suspended(agent):
        refuse(InvalidAction(f"{agent} is already suspended", target=target),
               Verb.AGENT_SUSPEND_REFUSED, actor=principal, cause=cause)
    with atomic():
        Principal.objects.filter(pk=agent.pk).update(is_active=False)
        agent.is_active = False
        return record(Verb.AGENT_SUSPENDED, target, actor=principal, cause=cause,
                      payload={"reason": reason})
