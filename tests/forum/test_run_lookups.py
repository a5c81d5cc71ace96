"""In a run (forum.lookups.per_run) the forum keeps its answers to "may they?" until a
service changes something they may depend on: a change made through the services is seen
at once, in the same run; a new run starts from nothing; outside a run nothing is kept."""

from datetime import timedelta

import pytest
from django.db import connections

from forum import clock, lookups, permissions, services
from forum.services.events import atomic

from .conftest import FixedClock

pytestmark = pytest.mark.django_db


def queries(action):
    seen = []
    with connections["default"].execute_wrapper(
            lambda execute, sql, *rest: (seen.append(sql), execute(sql, *rest))[1]):
        result = action()
    return result, len(seen)


def test_an_answer_is_asked_once_in_a_run(org):
    with lookups.per_run():
        first, asked = queries(lambda: permissions.can_read_space(org.alice, org.eng))
        again, asked_again = queries(lambda: permissions.can_read_space(org.alice, org.eng))
    assert (first, again, asked, asked_again) == (True, True, 1, 0)


def test_outside_a_run_every_answer_is_asked(org):
    permissions.can_read_space(org.alice, org.eng)
    _answer, asked = queries(lambda: permissions.can_read_space(org.alice, org.eng))
    assert asked == 1


def test_a_grant_is_seen_in_the_same_run(org):
    with lookups.per_run():
        assert not permissions.can_read_resource(org.alice, org.dataset)
        services.change_access(org.bob, org.dataset, action="grant", principal=org.alice)
        assert permissions.can_read_resource(org.alice, org.dataset)
        services.change_access(org.bob, org.dataset, action="revoke", principal=org.alice)
        assert not permissions.can_read_resource(org.alice, org.dataset)


def test_a_grant_that_expires_is_seen_to_expire(org):
    start = clock.now()
    services.configure_guardrails({"acl.grant_expiry_minutes": 60})
    with lookups.per_run(), clock.use(FixedClock(start)):
        services.change_access(org.bob, org.dataset, action="grant", principal=org.alice)
        assert permissions.can_read_resource(org.alice, org.dataset)
        with clock.use(FixedClock(start + timedelta(minutes=61))):
            assert not permissions.can_read_resource(org.alice, org.dataset)


def test_a_suspension_is_seen_in_the_same_run(org):
    with lookups.per_run():
        assert not permissions.is_suspended(org.agent)
        services.suspend_agent(org.alice, org.agent, reason="test")
        assert permissions.is_suspended(org.agent)


def test_a_new_membership_is_seen_in_the_same_run(org):
    newcomers = services.create_group("newcomers")
    with lookups.per_run():
        assert not permissions.can_read_space(org.olga, org.eng)
        assert not permissions.contradicts_policy(org.dataset, group=newcomers)
        services.join_group(org.olga, org.engineers)
        services.join_group(org.olga, newcomers)
        assert permissions.can_read_space(org.olga, org.eng)
        assert permissions.contradicts_policy(org.dataset, group=newcomers)


def test_a_hidden_post_is_seen_hidden_in_the_same_run(org):
    post = services.reply(org.bob, org.question, body="Try this")
    moderator = services.create_principal("mo", role=permissions.MODERATOR_ROLE)
    with lookups.per_run():
        assert permissions.can_see_post(org.alice, post)
        services.hide_post(moderator, post)
        assert not permissions.can_see_post(org.alice, post)


def test_a_change_rolled_back_is_not_kept(org):
    with lookups.per_run():
        assert not permissions.can_read_resource(org.alice, org.dataset)
        with pytest.raises(RuntimeError), atomic():
            services.change_access(org.bob, org.dataset, action="grant", principal=org.alice)
            assert permissions.can_read_resource(org.alice, org.dataset)
            raise RuntimeError("undone")
        assert not permissions.can_read_resource(org.alice, org.dataset)


def test_a_new_run_starts_from_nothing(org):
    with lookups.per_run():
        assert not permissions.is_suspended(org.agent)
    services.suspend_agent(org.alice, org.agent, reason="between runs")
    with lookups.per_run():
        assert permissions.is_suspended(org.agent)


def test_a_kept_object_is_fetched_once_and_a_post_again_after_a_change(org):
    with lookups.per_run():
        fetch = {"space": 0, "post": 0}

        def fetched(kind, value):
            fetch[kind] += 1
            return value

        for _ in range(2):
            lookups.one("space", "eng", lambda: fetched("space", org.eng))
            lookups.one("post", "q.1", lambda: fetched("post", "post"))
        services.join_group(org.olga, org.engineers)
        lookups.one("space", "eng", lambda: fetched("space", org.eng))
        lookups.one("post", "q.1", lambda: fetched("post", "post"))
    assert fetch == {"space": 1, "post": 2}
