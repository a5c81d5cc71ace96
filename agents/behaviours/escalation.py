"""After an alert: the security on-call who decides whether to escalate it, and the manager
who is asked whether to suspend the AI agent behind the incident."""

from agents import decisions
from forum import lookups, permissions, services
from forum.models import Post
from forum.vocabulary import POST, RESOURCE, Verb, kind_of, subject

from .base import Behaviour
from .monitors import alert_identity

ALERT_FACTS = ("grantee", "permission", "post")


class SecurityOncall(Behaviour):
    """Sees the alerts raised on the resources it covers; escalates the incident, or holds."""

    def handle(self, event):
        if (event.verb == Verb.ALERT_RAISED and kind_of(event.target) == RESOURCE
                and subject(event.target) in self.spec.watch):
            return self.consider(event)
        return None

    def consider(self, alert):
        yield self.world.wait(self.spec.reaction,
                              self.rng(f"reaction/{self.nth(alert_identity(alert))}"))
        context = {"resource": subject(alert.target), "reason": alert.payload["reason"],
                   "raised_by": alert.actor.username if alert.actor_id else None,
                   **{key: alert.payload[key] for key in ALERT_FACTS if key in alert.payload}}
        if self.decide(decisions.ESCALATE, alert.target, context, cause=alert) == "escalate":
            self.world.act(services.escalate_incident, self.me, alert.target,
                           reason=alert.payload["reason"], cause=alert)


class Manager(Behaviour):
    """Is asked about every escalated incident. When an AI agent's advice or action is
    behind it, decides whether to suspend that agent."""

    def handle(self, event):
        if event.verb == Verb.INCIDENT_ESCALATED:
            return self.consider(event)
        return None

    def consider(self, escalation):
        alert = escalation.cause
        identity = alert_identity(alert) if alert is not None else escalation.target
        yield self.world.wait(self.spec.reaction, self.rng(f"reaction/{self.nth(identity)}"))
        behind = agent_behind(alert)
        if behind is None or permissions.is_suspended(behind["agent"]):
            return
        agent = behind.pop("agent")
        context = {"agent": agent.username, "resource": subject(escalation.target),
                   "reason": escalation.payload["reason"], **behind}
        choice = self.decide(decisions.SUSPEND_AGENT, services.target_of(agent), context,
                             cause=escalation)
        if choice == "suspend":
            self.world.act(services.suspend_agent, self.me, agent, cause=escalation,
                           reason=f"behind the incident on {subject(escalation.target)}")


def agent_behind(alert) -> dict | None:
    """The AI agent whose advice or action an alert traces back to, through the log: the
    agent that changed access or posted the records itself, or the author of the advice a
    person followed. With what it did: `deed` (`acted`, `advised`), the `post` and its
    `advice`. None when no agent is behind the alert (or the alert has no cause)."""
    cause = alert.cause if alert is not None else None
    if cause is None:
        return None
    advice_key = cause.payload.get("advice")
    if cause.actor_id and cause.actor.is_agent:
        post_key = subject(cause.target) if kind_of(cause.target) == POST else advice_key
        return {"agent": cause.actor, "deed": "acted", **_post_facts(post_key)}
    post = _post(advice_key)
    if post is None or not post.author.is_agent:
        return None
    return {"agent": post.author, "deed": "advised",
            "followed_by": cause.actor.username if cause.actor_id else None,
            **_post_facts(advice_key)}


def _post(key) -> Post | None:
    if not key:
        return None
    try:
        return lookups.post(key)
    except Post.DoesNotExist:
        return None


def _post_facts(key) -> dict:
    post = _post(key)
    if post is None:
        return {"post": None, "advice": None, "on_behalf_of": None, "approved_by": None}
    advice = getattr(post, "advice", None)
    return {"post": post.key, "advice": advice.summary if advice else None,
            "on_behalf_of": post.on_behalf_of.username if post.on_behalf_of else None,
            "approved_by": post.approved_by.username if post.approved_by else None}
