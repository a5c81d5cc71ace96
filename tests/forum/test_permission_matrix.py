"""The permission matrix through the service layer: every kind of principal × every space,
post and resource × every action. A refusal raises the typed error and writes exactly one
`*refused` event and nothing else; an allowed action writes exactly one other event."""

import pytest

from forum import permissions, services
from forum.errors import AccessDenied, InvalidAction
from forum.models import AclChange, Advice, Event, Grant, Post, Thread
from forum.vocabulary import Verb

from .matrix import (
    ACTIONS, POST_READERS, POSTS, PRINCIPALS, RESOURCE_ADMINS, RESOURCES, SPACE_READERS, SPACES,
    cases,
)

ERRORS = {"access_denied": AccessDenied, "invalid_action": InvalidAction}


def perform(world, action, actor, target):
    org = world.org
    calls = {
        "post_question": lambda: services.post_question(
            actor, world.space(target), title="Why?", body="Because."),
        "reply": lambda: services.reply(actor, world.threads[target], body="Me too"),
        "invoke_agent": lambda: services.invoke_agent(actor, org.agent, world.threads[target]),
        "invoke_non_agent": lambda: services.invoke_agent(actor, org.bob, world.threads[target]),
        "agent_respond": lambda: services.agent_respond(
            actor, world.threads[target], invoker=org.alice, body="An answer"),
        "agent_open_thread": lambda: services.agent_open_thread(
            actor, world.space(target), invoker=org.alice, title="Digest", body="Answers"),
        "read_thread": lambda: services.read_thread(actor, world.threads[target]),
        "hide_post": lambda: services.hide_post(actor, world.posts[target]),
        "approve_post": lambda: services.approve_post(actor, world.posts[target]),
        "reject_post": lambda: services.reject_post(actor, world.posts[target]),
        "follow_advice": lambda: services.follow_advice(actor, world.posts[target]),
        "change_access": lambda: services.change_access(
            actor, world.resource(target), action="grant", group=org.engineers),
        "change_access_unknown_action": lambda: services.change_access(
            actor, world.resource(target), action="delete", group=org.engineers),
        "read_resource": lambda: services.read_resource(actor, world.resource(target)),
    }
    return calls[action]()


def state():
    """Everything a refused call must leave untouched (the event log is checked apart)."""
    return {
        "threads": list(Thread.objects.values_list("pk", flat=True)),
        "posts": list(Post.objects.values_list("pk", "status", "approved_by", "hidden_by")),
        "advice": Advice.objects.count(),
        "grants": list(Grant.objects.values_list("pk", "revoked_at", "expires_at")),
        "acl_changes": list(AclChange.objects.values_list("pk", "status")),
    }


@pytest.mark.parametrize(("action", "name", "target", "expected"), list(cases()))
def test_it_enforces_the_matrix(world, action, name, target, expected):
    actor = world.principal(name)
    last_event = Event.objects.last().pk
    before = state()
    if expected == "ok":
        perform(world, action, actor, target)
        events = list(Event.objects.filter(pk__gt=last_event))
        assert len(events) == 1 and not events[0].verb.endswith("refused")
        return
    with pytest.raises(ERRORS[expected]):
        perform(world, action, actor, target)
    events = list(Event.objects.filter(pk__gt=last_event))
    assert [(e.verb, e.actor, e.payload["error"]) for e in events] == [
        (ACTIONS[action][3], actor, expected)]
    assert state() == before


@pytest.mark.parametrize("space", SPACES)
@pytest.mark.parametrize("name", PRINCIPALS)
def test_it_lets_only_readers_see_a_space_and_its_threads(world, name, space):
    principal = world.principal(name)
    may_read = name in SPACE_READERS[space]
    assert permissions.can_read_space(principal, world.space(space)) is may_read
    visible = permissions.visible_threads(principal).filter(pk=world.threads[space].pk).exists()
    assert visible is may_read


@pytest.mark.parametrize("post", POSTS)
@pytest.mark.parametrize("name", PRINCIPALS)
def test_it_lets_only_their_readers_see_posts(world, name, post):
    principal = world.principal(name)
    assert permissions.can_see_post(principal, world.posts[post]) is (name in POST_READERS[post])


def audit_log_shows(principal, target: str) -> bool:
    """Does any audit page show `principal` an event about `target`? (There is one.)"""
    events = Event.objects.filter(target=target)
    assert events.exists()
    return permissions.visible_events(principal, events).exists()


@pytest.mark.parametrize("post", POSTS)
@pytest.mark.parametrize("name", PRINCIPALS)
def test_it_shows_a_posts_events_only_to_its_readers(world, name, post):
    target = services.target_of(world.posts[post])
    assert audit_log_shows(world.principal(name), target) is (name in POST_READERS[post])


@pytest.mark.parametrize("space", SPACES)
@pytest.mark.parametrize("name", PRINCIPALS)
def test_it_shows_a_threads_and_a_spaces_events_only_to_their_readers(world, name, space):
    principal, may_read = world.principal(name), name in SPACE_READERS[space]
    assert audit_log_shows(principal, services.target_of(world.threads[space])) is may_read
    assert audit_log_shows(principal, services.target_of(world.space(space))) is may_read


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("name", PRINCIPALS)
def test_it_shows_a_resources_events_only_to_its_admins(world, name, resource):
    target = services.target_of(world.resource(resource))
    assert audit_log_shows(world.principal(name), target) is (name in RESOURCE_ADMINS[resource])


def test_it_shows_an_acl_changes_events_only_to_the_resources_admins(world):
    services.configure_guardrails({"acl.review_required": True})
    change = services.change_access(world.org.bob, world.org.dataset, action="grant",
                                    group=world.org.engineers)
    with pytest.raises(AccessDenied):  # an `acl.review_refused` about the change
        services.review_acl_change(world.org.olga, change, approve=True)
    shown = {name for name in PRINCIPALS
             if audit_log_shows(world.principal(name), services.target_of(change))}
    assert shown == RESOURCE_ADMINS["dataset"]


def test_it_shows_no_events_about_people_or_runs(world):
    services.mark_run(Verb.RUN_STARTED, scenario="x")
    for name in PRINCIPALS:
        principal = world.principal(name)
        assert not audit_log_shows(principal, services.target_of(principal))
        assert not audit_log_shows(principal, "run")
