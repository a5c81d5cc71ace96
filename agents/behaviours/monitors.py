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
    """Answers alerts about grants: decides whether to revert, and reverts."""

    def handle(self, event):
        if event.verb == "alert.raised" and "grantee" in event.payload:
            return self.respond(event)
        return None

    def respond(self, event):
        yield self.world.wait(self.spec.response, self.rng(f"response/{event.target}/{event.t}"))
        resource = Resource.objects.get(slug=event.target.removeprefix("resource:"))
        kind, name = event.payload["grantee"].split(":", 1)
        grantee = ({"group": Group.objects.get(slug=name)} if kind == "group"
                   else {"principal": Principal.objects.get(username=name)})
        context = {"resource": resource.slug, "grantee": event.payload["grantee"],
                   "reason": event.payload["reason"]}
        choice = self.decide(decisions.REVERT, event.target, context, cause=event)
        if choice == "revert":
            self.world.act(services.change_access, self.me, resource, action="revoke",
                           permission=event.payload["permission"], cause=event, **grantee)
