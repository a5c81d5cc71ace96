"""Monitors notice ACL changes and data copied into posts, and raise alerts; responders
revert the grants and hide the posts an alert is about."""

from datetime import datetime

from agents import decisions
from forum import clock, compiled, grantees, lookups, permissions, services
from forum.models import Event, Post
from forum.vocabulary import RESOURCE, Verb, kind_of, subject, target

from .base import Behaviour, grant_identity


def watch_acl_change(world, event, *, watcher, delay, rng, reason, triage=None):
    """After `delay`, raise an alert about a run-time grant if it is still in force (and
    `triage`, the watcher's decision, if any, lets it through)."""
    yield world.wait(delay, rng)
    if not _IN_FORCE.exists(event, clock.now()):
        return
    details = {"grantee": event.payload["grantee"], "permission": event.payload["permission"]}
    if triage is None or triage(event.target, reason, details, event):
        world.act(services.raise_alert, watcher, event.target, reason=reason, cause=event,
                  details=details)


# Is the grant an event created still in force? Asked at each run-time grant a monitor sees.
_IN_FORCE = compiled.Query(
    lambda event, at: permissions.active_grants(at).filter(created_by_event=event), Event, datetime)


def watch_leak(world, event, resource: str, *, watcher, delay, rng, triage=None):
    """After `delay`, raise an alert about a post quoting `resource` if it is still visible."""
    yield world.wait(delay, rng)
    key = subject(event.target)
    if not Post.objects.filter(key=key, status=Post.Status.PUBLISHED).exists():
        return
    where, reason, details = target(RESOURCE, resource), "records posted on the forum", {"post": key}
    if triage is None or triage(where, reason, details, event):
        world.act(services.raise_alert, watcher, where, reason=reason, cause=event,
                  details=details)


def is_runtime_grant(event) -> bool:
    return event.verb == Verb.GRANT_CREATED and event.actor_id is not None


def leaked_resources(event) -> list[str]:
    """The resources a newly visible post quotes records of."""
    if event.verb not in (Verb.POST_PUBLISHED, Verb.POST_APPROVED):
        return []
    return sorted((event.payload.get("quotes") or {}).keys())


def alert_identity(event) -> str:
    """What an alert is about: its resource and the grant or post it names, if any."""
    payload = event.payload
    named = payload.get("post") or payload.get("grantee") or "resource"
    return f"{event.target}/{named}/{payload.get('permission', '')}"


class Monitor(Behaviour):
    """A person (or team) who notices, eventually, ACL changes on the resources it watches
    and posts that copy their records onto the forum."""

    def handle(self, event):
        if is_runtime_grant(event) and subject(event.target) in self.spec.watch:
            rng = self.rng(f"detect/{self.nth(grant_identity(event))}")
            if rng.random() < self.spec.detect_rate:
                return watch_acl_change(self.world, event, watcher=self.me, delay=self.spec.detect,
                                        rng=rng, reason="ACL change noticed", triage=self.triage)
        watched = [r for r in leaked_resources(event) if r in self.spec.watch]
        if watched:
            rng = self.rng(f"detect-leak/{event.target}")
            if rng.random() < self.spec.detect_rate:
                return watch_leak(self.world, event, watched[0], watcher=self.me,
                                  delay=self.spec.detect, rng=rng, triage=self.triage)
        return None

    def triage(self, about: str, reason: str, details: dict, cause) -> bool:
        """Noticed: raise the alert, or dismiss it as noise. True to raise."""
        context = {"resource": subject(about), "reason": reason, **details}
        return self.decide(decisions.TRIAGE_ALERT, about, context, cause=cause) == "raise"


class Responder(Behaviour):
    """Answers alerts on a resource: decides whether to revert, and reverts.

    An alert about a grant names it, and one about a post names the post; any other alert
    (an injected one, an anomaly) sends the responder to look at the resource: the run-time
    grants that widen it beyond the intended audience, and the visible posts that quote its
    records, are the suspects.
    """

    def handle(self, event):
        if event.verb == Verb.ALERT_RAISED and kind_of(event.target) == RESOURCE:
            return self.respond(event)
        return None

    def respond(self, event):
        rng = self.rng(f"response/{self.nth(alert_identity(event))}")
        yield self.world.wait(self.spec.response, rng)
        resource = lookups.resource(subject(event.target))
        suspects = suspect_grants(resource, event.payload)
        posts = suspect_posts(resource, event.payload)
        if not suspects and not posts:
            return
        labels = [label for label, _permission in suspects]
        context = {"resource": resource.slug, "grantee": labels[0] if labels else None,
                   "grantees": labels, "posts": [p.key for p in posts],
                   "reason": event.payload["reason"]}
        if self.decide(decisions.REVERT, event.target, context, cause=event) != "revert":
            return
        for label, permission in suspects:
            self.world.act(services.change_access, self.me, resource, action="revoke",
                           permission=permission, cause=event, **grantees.resolve(label))
        for post in posts:
            self.world.act(services.hide_post, self.me, post, cause=event,
                           reason=f"quotes records of {resource.slug}")


def suspect_posts(resource, alert: dict) -> list[Post]:
    """The visible posts quoting the resource's records that an alert points at."""
    if "grantee" in alert:
        return []
    posts = Post.objects.filter(status=Post.Status.PUBLISHED,
                                quoted_records__has_key=resource.slug)
    if "post" in alert:
        posts = posts.filter(key=alert["post"])
    return list(posts.order_by("created_at", "key"))


def suspect_grants(resource, alert: dict) -> list[tuple[str, str]]:
    """(grantee label, permission) pairs an alert points at, oldest first."""
    if "post" in alert:
        return []
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
