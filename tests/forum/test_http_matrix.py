"""The permission matrix over HTTP: every principal × every page and form of the forum.

Allowed → 200 (pages) or a redirect (forms); may see it but not do it → 403; may not see
it → 404. A form that reaches the service layer writes exactly one event; a 404 writes none.
"""

import pytest
from django.urls import reverse

from forum.models import Event

from .matrix import (
    ACTIONS, POST_READERS, PRINCIPALS, RESOURCE_ADMINS, RESOURCE_READERS, RESOURCES,
    SPACE_READERS, SPACES,
)

FORM_DATA = {"title": "Is this allowed?", "body": "Asking for a friend."}


def allowed(action, target, name):
    return name in ACTIONS[action][1].get(target, ())


def refused_politely(action, target, name):
    """InvalidAction and guardrail refusals come back as a message on a redirect."""
    return name in ACTIONS[action][2].get(target, ())


def form_status(action, target, name, visible):
    if not visible:
        return 404
    if allowed(action, target, name) or refused_politely(action, target, name):
        return 302
    return 403


def page_cases():
    for name in PRINCIPALS:
        for space in SPACES:
            status = 200 if name in SPACE_READERS[space] else 404
            yield name, "forum:space", space, status
            yield name, "forum:thread", space, status
            yield name, "forum:thread_log", space, status
        for resource in RESOURCES:
            yield name, "forum:resource", resource, 200 if name in RESOURCE_READERS[resource] else 404
            if name in RESOURCE_ADMINS[resource]:
                log_status = 200
            else:
                log_status = 403 if name in RESOURCE_READERS[resource] else 404
            yield name, "forum:resource_log", resource, log_status


def form_cases():
    for name in PRINCIPALS:
        for space in SPACES:
            visible = name in SPACE_READERS[space]
            yield name, "forum:ask", space, form_status("post_question", space, name, visible)
            yield name, "forum:reply", space, form_status("reply", space, name, visible)
        for action, url in (("approve_post", "forum:approve"), ("reject_post", "forum:reject"),
                            ("follow_advice", "forum:follow"), ("hide_post", "forum:hide")):
            for post in ACTIONS[action][0]:
                visible = name in POST_READERS[post]
                yield name, url, post, form_status(action, post, name, visible)
        for resource in RESOURCES:
            visible = name in RESOURCE_READERS[resource]
            yield name, "forum:change_access", resource, form_status(
                "change_access", resource, name, visible)


def url_for(world, url_name, target):
    if url_name in ("forum:space", "forum:ask"):
        key = world.space(target).slug
    elif url_name in ("forum:thread", "forum:thread_log", "forum:reply"):
        key = world.threads[target].key
    elif url_name in ("forum:approve", "forum:reject", "forum:follow", "forum:hide"):
        key = world.posts[target].key
    else:
        key = world.resource(target).slug
    return reverse(url_name, args=[key])


@pytest.mark.parametrize(("name", "url_name", "target", "status"), list(page_cases()))
def test_it_shows_pages_only_to_who_may_see_them(world, login, name, url_name, target, status):
    response = login(world.principal(name)).get(url_for(world, url_name, target))
    assert response.status_code == status


@pytest.mark.parametrize(("name", "url_name", "target", "status"), list(form_cases()))
def test_it_accepts_forms_only_from_who_may_act(world, login, name, url_name, target, status):
    data = dict(FORM_DATA, action="grant", grantee="group:all-engineers", permission="read")
    last_event = Event.objects.last().pk
    response = login(world.principal(name)).post(url_for(world, url_name, target), data)
    assert response.status_code == status
    written = Event.objects.filter(pk__gt=last_event).count()
    assert written == (0 if status == 404 else 1)
