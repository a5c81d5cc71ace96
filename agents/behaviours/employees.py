"""Employees: people who follow advice, who approve their agent's drafts, who review ACL
changes, and the curious who read what has just become readable to them."""

from datetime import datetime

from agents import decisions
from forum import clock, compiled, lookups, permissions, services
from forum.models import AclChange, Resource, Space
from forum.vocabulary import Verb, subject

from .ai import copy_advice
from .base import Behaviour, grant_identity, has_advice, is_safe, post_for

PUBLISHED = (Verb.POST_PUBLISHED, Verb.POST_APPROVED)


class Follower(Behaviour):
    """Reads new answers in the spaces it watches; may carry out the advice they give."""

    def handle(self, event):
        if event.verb in PUBLISHED and has_advice(event) and event.actor_id != self.me.pk:
            post = post_for(event)
            if post.thread.space.slug in self.spec.watch:
                return self.consider(post, event)
        return None

    def consider(self, post, event):
        yield self.world.wait(self.spec.reaction, self.rng(f"reaction/{post.key}"))
        if not permissions.can_see_post(self.me, post):
            return
        label_shown = bool(self.world.settings["ai.label_shown"])
        context = {
            "post": post.key, "author": post.author.username, "provenance": post.provenance,
            "ai_label_shown": label_shown, "advice": post.advice.summary,
            "shown_as": "AI" if post.is_ai and label_shown else "colleague",
        }
        choice = self.decide(decisions.FOLLOW_ADVICE, services.target_of(post), context,
                             cause=event)
        if choice == "verify":
            yield self.world.wait(self.spec.persona.verify_time, self.rng(f"verify-time/{post.key}"))
            if self.verification_catches(post.advice.is_safe, post.key):
                return
            choice = "follow"
        if choice == "follow":
            self.world.act(services.follow_advice, self.me, post, cause=event)


class Invoker(Behaviour):
    """The person who asked the agent: approves or rejects its drafts, shares its analyses,
    and leaves or retracts what it published for them without asking."""

    def handle(self, event):
        if event.on_behalf_of_id != self.me.pk:
            return None
        if event.verb == Verb.POST_DRAFTED:
            return self.review_draft(post_for(event), event)
        if event.verb == Verb.POST_PRIVATE:
            return self.consider_analysis(post_for(event), event)
        if event.verb == Verb.POST_PUBLISHED and event.payload.get("provenance") == "ai":
            return self.consider_published(post_for(event), event)
        return None

    def _goes_ahead(self, post, kind, yes, event):
        """Decide on the post; verifying takes time and stops the unsafe with the persona's
        skill. True when the invoker goes ahead (`yes`), after verifying or not."""
        yield self.world.wait(self.spec.reaction, self.rng(f"reaction/{post.key}"))
        choice = self.decide(kind, services.target_of(post), agent_post_context(post),
                             cause=event)
        if choice != "verify":
            return choice == yes
        yield self.world.wait(self.spec.persona.verify_time, self.rng(f"verify-time/{post.key}"))
        return not self.verification_catches(is_safe(post), post.key)

    def review_draft(self, post, event):
        if (yield from self._goes_ahead(post, decisions.APPROVE_DRAFT, "approve", event)):
            self.world.act(services.approve_post, self.me, post, cause=event)
        else:
            self.world.act(services.reject_post, self.me, post, cause=event)

    def consider_published(self, post, event):
        """The agent published for them without asking: leave the post, or retract it."""
        yield self.world.wait(self.spec.reaction, self.rng(f"reaction/{post.key}"))
        if not permissions.can_see_post(self.me, post):
            return  # hidden (or never visible to them) meanwhile: nothing to retract
        choice = self.decide(decisions.AGENT_POSTED, services.target_of(post),
                             agent_post_context(post), cause=event)
        if choice == "retract":
            self.world.act(services.hide_post, self.me, post, cause=event,
                           reason="retracted by the person the agent posted for")

    def consider_analysis(self, post, event):
        if not (yield from self._goes_ahead(post, decisions.SHARE_ANALYSIS, "share", event)):
            return
        advice = copy_advice(post) if getattr(post, "advice", None) else None
        self.world.act(services.reply, self.me, post.thread, body=post.body, advice=advice,
                       cause=event)


def agent_post_context(post) -> dict:
    """What the invoker is shown of their agent's post when deciding about it."""
    advice = getattr(post, "advice", None)
    return {"post": post.key, "author": post.author.username,
            "advice": advice.summary if advice else None}


class Reviewer(Behaviour):
    """A second person with admin rights who reviews requested ACL changes."""

    def handle(self, event):
        if event.verb == Verb.ACL_REVIEW_REQUESTED and event.actor_id != self.me.pk:
            return self.review(event)
        return None

    def review(self, event):
        yield self.world.wait(self.spec.reaction, self.rng(f"reaction/{self.nth(grant_identity(event))}"))
        change = AclChange.objects.select_related("resource").get(requested_event=event)
        if change.status != AclChange.Status.PENDING:
            return
        context = {"resource": change.resource.slug, "action": change.action,
                   "grantee": event.payload["grantee"], "permission": change.permission,
                   "widens_beyond_audience": change.contradicts_policy}
        choice = self.decide(decisions.REVIEW_ACL_CHANGE, event.target, context, cause=event)
        self.world.act(services.review_acl_change, self.me, change, approve=choice == "approve")


class Curious(Behaviour):
    """Members of a group who, when a resource becomes readable to them (a grant, or its
    records copied into a post they can see), may look at it."""

    @property
    def me(self):
        raise AttributeError("a curious crowd is many principals; use members()")

    def handle(self, event):
        if event.verb == Verb.GRANT_CREATED and event.actor_id is not None:
            return self.look(event)
        if event.verb in PUBLISHED and event.payload.get("quotes"):
            return self.look_at_post(post_for(event))
        return None

    def look(self, event):
        resource = lookups.resource(subject(event.target))
        members = _READERS_IN_GROUP.rows(resource, self.spec.group, clock.now())
        for member, rng in self.tempted(members, f"curiosity/{self.nth(grant_identity(event))}"):
            self.env.process(self.read_later(member, resource, rng, event))
        yield self.env.timeout(0)

    def look_at_post(self, post):
        """A published post is seen by whoever can read its space: one query for the crowd."""
        readers = _SPACE_READERS_IN_GROUP.rows(post.thread.space, self.spec.group)
        for member, rng in self.tempted(readers, f"curiosity/{services.target_of(post)}"):
            self.env.process(self.read_thread_later(member, post, rng))
        yield self.env.timeout(0)

    def tempted(self, members: list[tuple[str]], purpose: str):
        """The members (rows of a username, in order) whose curiosity draw says they will
        look, each with their stream. Only those are loaded: a crowd can be 100,000 people."""
        chosen = []
        for (username,) in members:
            rng = self.world.stream(f"{self.id}/{username}", purpose)
            if rng.random() < self.spec.curiosity:
                chosen.append((username, rng))
        loaded = self.world.principals([username for username, _ in chosen])
        return [(loaded[username], rng) for username, rng in chosen]

    def read_later(self, member, resource, rng, event):
        yield self.world.wait(self.spec.delay, rng)
        if permissions.can_read_resource(member, resource):
            self.world.act(services.read_resource, member, resource, purpose="curiosity",
                           cause=event)

    def read_thread_later(self, member, post, rng):
        yield self.world.wait(self.spec.delay, rng)
        if permissions.can_see_post(member, post):
            self.world.act(services.read_thread, member, post.thread)


# The usernames of a crowd's members who can read a resource (now) or a space, in order:
# asked at each grant and each post that quotes records, so compiled once (forum.compiled).
_READERS_IN_GROUP = compiled.Query(
    lambda resource, group, at: permissions.effective_readers(resource, at).filter(
        member_of__slug=group).order_by("username").values_list("username", flat=True),
    Resource, str, datetime)
_SPACE_READERS_IN_GROUP = compiled.Query(
    lambda space, group: permissions.space_readers(space).filter(
        member_of__slug=group).order_by("username").values_list("username", flat=True),
    Space, str)
