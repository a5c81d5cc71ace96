"""Monitors notice ACL changes and raise alerts; responders revert what the alert is about."""

from agents import decisions
from forum import permissions, services
from forum.models import Group, Principal, Resource

from .base import Behaviour


def watch_acl_change(world, event, *, watcher, delay, rng, reason):
    """After `delay`, raise an alert about a run-time grant if it is still in force."""
    yield world.wait(delay, rng)
    if not permissions.active_grants().filter(created_by_event=event).exists():
        return
    world.act(services.raise_alert, watcher, event.target, reason=reason, cause=event,
              details={"grantee": event.payload["grantee"],
                       "permission": event.payload["permission"]})


def is_runtime_grant(event) -> bool:
    return event.verb == "grant.created" and event.actor_id is not None


class Monitor(Behaviour):
    """A person (or team) who notices ACL changes on the resources it watches, eventually."""

    def handle(self, event):
        if is_runtime_grant(event) and event.target.removeprefix("resource:") in self.spec.watch:
            rng = self.rng(f"detect/{event.target}/{event.t}")
            if rng.random() < self.spec.detect_rate:
                return watch_acl_change(self.world, event, watcher=self.me, delay=self.spec.detect,
                                        rng=rng, reason="ACL change noticed")
        return None


class Responder(Behaviour):
    """Answers alerts on a resource: decides whether to revert, and reverts.

    An alert about a grant names it; any other alert (an injected one, an anomaly) sends
    the responder to look at the resource's ACL, where the run-time grants that widen it
    beyond the intended audience are the suspects.
    """

    def handle(self, event):
        if event.verb == "alert.raised" and event.target.startswith("resource:"):
            return self.respond(event)
        return None

    def respond(self, event):
        yield self.world.wait(self.spec.response, self.rng(f"response/{event.target}/{event.t}"))
        resource = Resource.objects.get(slug=event.target.removeprefix("resource:"))
        suspects = suspect_grants(resource, event.payload)
        if not suspects:
            return
        labels = [label for label, _permission in suspects]
        context = {"resource": resource.slug, "grantee": labels[0], "grantees": labels,
                   "reason": event.payload["reason"]}
        if self.decide(decisions.REVERT, event.target, context, cause=event) != "revert":
            return
        for label, permission in suspects:
            self.world.act(services.change_access, self.me, resource, action="revoke",
                           permission=permission, cause=event, **grantee_of(label))


def suspect_grants(resource, alert: dict) -> list[tuple[str, str]]:
    """(grantee label, permission) pairs an alert points at, oldest first."""
    if "grantee" in alert:
        return [(alert["grantee"], alert["permission"])]
    runtime = (permissions.active_grants().filter(resource=resource)
               .exclude(created_by_event__actor=None)
               .select_related("group", "principal").order_by("created_at", "pk"))
    found = []
    for grant in runtime:
        pair = (grant.grantee_label, grant.permission)
        widens = permissions.contradicts_policy(resource, group=grant.group,
                                                principal=grant.principal)
        if widens and pair not in found:
            found.append(pair)
    return found


def grantee_of(label: str) -> dict:
    kind, name = label.split(":", 1)
    if kind == "group":
        return {"group": Group.objects.get(slug=name)}
    return {"principal": Principal.objects.get(username=name)}
