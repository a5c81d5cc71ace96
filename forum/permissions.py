"""The one place that answers "may they?".

Views, services and the engine ask these functions; none decides access by itself.
Questions are named for what they ask; the list filters narrow a queryset in one query.
In a run, the answers to yes/no questions about now are kept until the forum changes
(forum.lookups); elsewhere every question asks the database.
"""

from collections.abc import Collection
from datetime import datetime

from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Concat

from . import clock, compiled, lookups, vocabulary
from .models import (AclChange, Event, Grant, Group, Permission, Post, Principal, Resource, Space,
                     Thread)
from .vocabulary import Verb


def visible_spaces(principal: Principal) -> QuerySet[Space]:
    if not principal.is_authenticated:
        return Space.objects.none()
    return Space.objects.filter(readers__members=principal).distinct()


def _kept(question: str, principal: Principal, *about, ask) -> bool:
    """`ask()`, kept for the run (forum.lookups) when `principal` is someone."""
    if principal.pk is None:
        return ask()
    return lookups.kept((question, principal.pk, *about), ask)


def can_read_space(principal: Principal, space: Space) -> bool:
    return _kept("read_space", principal, space.pk,
                 ask=lambda: _READS_SPACE.exists(principal, space))


_READS_SPACE = compiled.Query(
    lambda principal, space: visible_spaces(principal).filter(pk=space.pk), Principal, Space)


def can_post_in_space(principal: Principal, space: Space) -> bool:
    if not principal.is_authenticated:
        return False
    return can_read_space(principal, space) and _kept(
        "post_in_space", principal, space.pk, ask=lambda: _POSTS_IN_SPACE.exists(principal, space))


_POSTS_IN_SPACE = compiled.Query(
    lambda principal, space: Space.objects.filter(pk=space.pk, posters__members=principal),
    Principal, Space)


def visible_threads(principal: Principal) -> QuerySet[Thread]:
    """Threads in readable spaces with at least one post the principal may see: a thread an
    agent opened as a draft shows nothing, not even its title, until it is approved."""
    return Thread.objects.filter(space__in=visible_spaces(principal),
                                 pk__in=visible_posts(principal).values("thread_id"))


def visible_posts(principal: Principal, posts: QuerySet[Post] | None = None) -> QuerySet[Post]:
    """Published posts in readable spaces, plus drafts and private analyses meant for them.
    Hidden and rejected posts are seen by no one."""
    posts = Post.objects.all() if posts is None else posts
    own = Q(status__in=[Post.Status.DRAFT, Post.Status.PRIVATE]) & (
        Q(on_behalf_of=principal) | Q(author=principal)
    )
    return posts.filter(thread__space__in=visible_spaces(principal)).filter(
        Q(status=Post.Status.PUBLISHED) | own
    )


def can_see_post(principal: Principal, post: Post) -> bool:
    return _kept("see_post", principal, post.pk, ask=lambda: _SEES_POST.exists(principal, post))


_SEES_POST = compiled.Query(
    lambda principal, post: visible_posts(principal).filter(pk=post.pk), Principal, Post)


def can_approve_post(principal: Principal, post: Post) -> bool:
    """Only the human an agent acts for approves its drafts."""
    return post.status == Post.Status.DRAFT and post.on_behalf_of_id == principal.pk


MODERATOR_ROLE = "moderator"


def is_moderator(principal: Principal) -> bool:
    return principal.is_authenticated and (principal.is_staff or principal.role == MODERATOR_ROLE)


def can_hide_post(principal: Principal, post: Post, *,
                  administered: Collection[str] | None = None) -> bool:
    """Moderators hide any post; the person an agent posted for retracts it; whoever
    administers a resource hides the posts that quote it. A page asking about many posts
    passes the slugs it `administered` (one query)."""
    if is_moderator(principal) or posted_for(principal, post):
        return True
    if not post.quoted_records or not principal.is_authenticated:
        return False
    if administered is None:
        quoted = sorted(post.quoted_records)
        return administered_resources(principal).filter(slug__in=quoted).exists()
    return any(slug in administered for slug in post.quoted_records)


def posted_for(principal: Principal, post: Post) -> bool:
    """An agent's post made on this principal's behalf: theirs to approve or retract."""
    return (principal.is_authenticated and post.provenance == Post.Provenance.AI
            and post.on_behalf_of_id == principal.pk)


def is_suspended(principal: Principal) -> bool:
    """A suspended agent may do nothing more: asked from the database, so a copy of the
    principal loaded before the suspension still gets the right answer."""
    return _kept("suspended", principal, ask=lambda: _SUSPENDED.exists(principal))


_SUSPENDED = compiled.Query(
    lambda principal: Principal.objects.filter(pk=principal.pk, is_active=False), Principal)


def can_suspend_agent(principal: Principal, agent: Principal) -> bool:
    """Any employee may stop an agent that is running; agents stop no one."""
    return (principal.is_authenticated and not principal.is_agent and agent.is_agent)


def active_grants(at: datetime | None = None) -> QuerySet[Grant]:
    at = at or clock.now()
    return Grant.objects.filter(created_at__lte=at).filter(
        Q(revoked_at__isnull=True) | Q(revoked_at__gt=at),
        Q(expires_at__isnull=True) | Q(expires_at__gt=at),
    )


def _grants_reaching(principal: Principal, at: datetime | None) -> QuerySet[Grant]:
    return active_grants(at).filter(Q(principal=principal) | Q(group__members=principal))


def readable_resources(principal: Principal, at: datetime | None = None) -> QuerySet[Resource]:
    if not principal.is_authenticated:
        return Resource.objects.none()
    ids = _grants_reaching(principal, at).values("resource_id")
    return Resource.objects.filter(pk__in=ids)


def can_read_resource(principal: Principal, resource: Resource, at: datetime | None = None) -> bool:
    """Effective access: any active grant, intended or not. This is what exposure is made of."""
    return _grant_answer("read_resource", principal, resource, at, _READS_RESOURCE)


def _among(resources):
    """Is a resource among `resources(principal, at)`: compiled once."""
    return compiled.Query(lambda principal, resource, at: resources(principal, at).filter(
        pk=resource.pk), Principal, Resource, datetime)


def _grant_answer(question: str, principal: Principal, resource: Resource,
                  at: datetime | None, among: compiled.Query) -> bool:
    """Is `resource` among the principal's resources at `at` (`among`)? An answer about
    now is kept until the grants change or the first grant in force expires."""
    def ask():
        return among.exists(principal, resource, at or clock.now())

    if at is not None:
        return ask()
    expiry = lookups.kept_until(GRANT_CHANGES, "next_expiry", _next_expiry)
    if expiry is not None and clock.now() >= expiry:
        lookups.forget_answers()
    return _kept(question, principal, resource.pk, ask=ask)


GRANT_CHANGES = frozenset({Verb.GRANT_CREATED, Verb.GRANT_REVOKED})


def _next_expiry() -> datetime | None:
    """When the first grant in force now expires, if any does."""
    first = _FIRST_EXPIRY.rows(clock.now())
    return first[0][0] if first else None


_FIRST_EXPIRY = compiled.Query(
    lambda at: active_grants(at).filter(expires_at__isnull=False).order_by("expires_at")
    .values_list("expires_at", flat=True)[:1], datetime)


def administered_resources(principal: Principal, at: datetime | None = None) -> QuerySet[Resource]:
    """Resources whose access this principal may change: the list filter behind can_change_acl."""
    if not principal.is_authenticated:
        return Resource.objects.none()
    ids = _grants_reaching(principal, at).filter(permission=Permission.ADMIN).values("resource_id")
    return Resource.objects.filter(pk__in=ids)


def can_change_acl(principal: Principal, resource: Resource, at: datetime | None = None) -> bool:
    return _grant_answer("change_acl", principal, resource, at, _ADMINISTERS_RESOURCE)


_READS_RESOURCE = _among(readable_resources)
_ADMINISTERS_RESOURCE = _among(administered_resources)


def logged_resources(principal: Principal) -> QuerySet[Resource]:
    """Resources whose audit log the principal may see: those they administer."""
    return administered_resources(principal)


def can_view_audit_log(principal: Principal, resource: Resource) -> bool:
    return logged_resources(principal).filter(pk=resource.pk).exists()


def effective_readers(resource: Resource, at: datetime | None = None) -> QuerySet[Principal]:
    """Who can read the resource at `at`, according to the grants in force."""
    grants = active_grants(at).filter(resource=resource)
    return Principal.objects.filter(
        Q(pk__in=grants.values("principal_id")) | Q(member_of__in=grants.values("group_id"))
    ).distinct()


def intended_readers(resource: Resource) -> QuerySet[Principal]:
    """Who should be able to read the resource: its need-to-know audience."""
    return Principal.objects.filter(
        Q(intended_resources=resource) | Q(member_of__intended_resources=resource)
    ).distinct()


def exposed_readers(resource: Resource, at: datetime | None = None) -> QuerySet[Principal]:
    """Effective readers outside the intended audience: the people an exposure window is about."""
    intended = intended_readers(resource).values("pk")
    return effective_readers(resource, at).exclude(pk__in=intended)


def space_readers(space: Space) -> QuerySet[Principal]:
    """Everyone who can read the space: the members of its reader groups."""
    return Principal.objects.filter(member_of__readable_spaces=space).distinct()


def space_reaches_outside_audience(space: Space, resource: Resource) -> bool:
    """Would records of `resource` copied into `space` be read by someone outside the
    resource's intended audience? One query."""
    return lookups.kept(("reaches_outside", space.pk, resource.pk),
                        lambda: _REACHES_OUTSIDE.exists(space, resource))


_REACHES_OUTSIDE = compiled.Query(
    lambda space, resource: space_readers(space).exclude(
        pk__in=intended_readers(resource).values("pk")), Space, Resource)


def contradicts_policy(resource: Resource, *, group=None, principal=None) -> bool:
    """Would granting read to this grantee give someone outside the intended audience access?"""
    def ask():
        if principal is not None:
            return _CONTRADICTS_FOR_PRINCIPAL.exists(resource, principal)
        return _CONTRADICTS_FOR_GROUP.exists(resource, group)

    grantee = (("principal", principal.pk) if principal is not None
               else ("group", group.pk if group is not None else None))
    return lookups.kept(("contradicts_policy", resource.pk, *grantee), ask)


def _outside_intended(newcomers):
    return lambda resource, grantee: newcomers(grantee).exclude(
        pk__in=intended_readers(resource).values("pk"))


_CONTRADICTS_FOR_PRINCIPAL = compiled.Query(
    _outside_intended(lambda principal: Principal.objects.filter(pk=principal.pk)),
    Resource, Principal)
_CONTRADICTS_FOR_GROUP = compiled.Query(
    _outside_intended(lambda group: Principal.objects.filter(member_of=group)), Resource, Group)


def _targets(kind: str, objects: QuerySet, field: str) -> QuerySet:
    """The event targets (`<kind>:<field>`) of `objects`, as a subquery."""
    name = Cast(field, CharField()) if field == "pk" else field
    return objects.annotate(as_target=Concat(Value(f"{kind}:"), name, output_field=CharField())
                            ).values("as_target")


def visible_events(principal: Principal, events: QuerySet[Event] | None = None) -> QuerySet[Event]:
    """The events an audit page may list to `principal`: those about things the pages that
    show them would show. A post's events to those who see the post, a thread's and a
    space's to their readers, a resource's and its ACL changes' to those who may see its
    audit log. Events about anything else (people, groups, runs) are no audit page's."""
    events = Event.objects.all() if events is None else events
    if not principal.is_authenticated:
        return events.none()
    logged = logged_resources(principal)
    return events.filter(
        Q(target__in=_targets(vocabulary.POST, visible_posts(principal), "key"))
        | Q(target__in=_targets(vocabulary.THREAD, visible_threads(principal), "key"))
        | Q(target__in=_targets(vocabulary.SPACE, visible_spaces(principal), "slug"))
        | Q(target__in=_targets(vocabulary.RESOURCE, logged, "slug"))
        | Q(target__in=_targets(vocabulary.ACL_CHANGE,
                                AclChange.objects.filter(resource__in=logged), "pk"))
    )


# What carrying out a post's advice writes: the change, or its request for review.
FOLLOW_VERBS = (Verb.GRANT_CREATED, Verb.GRANT_REVOKED, Verb.ACL_REVIEW_REQUESTED)


def followed_posts(principal: Principal, posts: QuerySet[Post] | None = None) -> QuerySet[Post]:
    """The posts whose advice `principal` has carried out (or sent for review), as the log
    records it: advice is followed once per person."""
    posts = Post.objects.all() if posts is None else posts
    follows = Event.objects.filter(actor=principal, verb__in=FOLLOW_VERBS,
                                   payload__advice__isnull=False)
    return posts.filter(key__in=follows.values(advice=KT("payload__advice")))


def has_followed_advice(principal: Principal, post: Post) -> bool:
    return _FOLLOWED.exists(principal, post)


_FOLLOWED = compiled.Query(
    lambda principal, post: followed_posts(principal).filter(pk=post.pk), Principal, Post)
