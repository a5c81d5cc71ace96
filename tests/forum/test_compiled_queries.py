"""Queries compiled once (forum.compiled.Query) answer exactly as the querysets they are
built from, on the permission matrix's cast (expired, revoked and direct grants, drafts,
private and hidden posts, moderators, staff in no group)."""

import itertools
from datetime import datetime, timedelta

import pytest
from django.db import connections

import agents.behaviours  # noqa: F401  (importing a module makes its queries)
import scenarios.engine  # noqa: F401
from forum import clock, compiled, lookups, permissions, services
from forum.models import Event, Group, Permission, Post, Principal, Resource, Space, Thread
from forum.services import reads  # noqa: F401
from forum.services.posts import open_thread
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db

OURS = [query for query in compiled.EVERY_QUERY if not query.build.__module__.startswith("tests")]


def arguments(world, kind) -> list:
    if kind is datetime:
        start = world.start
        return [start, start + timedelta(minutes=90), start + timedelta(days=1), clock.now()]
    if kind is int:
        ids = list(Event.objects.order_by("pk").values_list("pk", flat=True))
        return [0, *ids[::7], ids[-1], ids[-1] + 1]
    if kind is str:
        names = [*Principal.objects.values_list("username", flat=True),
                 *Space.objects.values_list("slug", flat=True),
                 *Thread.objects.values_list("key", flat=True),
                 *Post.objects.values_list("key", flat=True),
                 *Resource.objects.values_list("slug", flat=True),
                 *Group.objects.values_list("slug", flat=True)]
        return [*names, *Permission.values, "nobody", ""]
    return list(kind.objects.order_by("pk"))


def loaded(obj, seen=()) -> dict:
    """Everything an instance holds: its fields, and the related objects loaded with it (an
    object met again on the way, as a post's advice knows its post, by its identity)."""
    if any(obj is other for other in seen):
        return {"again": (type(obj), obj.pk)}
    fields = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    related = {name: None if other is None else loaded(other, (*seen, obj))
               for name, other in sorted(obj._state.fields_cache.items())}
    return {"model": type(obj), "fields": fields, "related": related, "db": obj._state.db}


def orm_get(query, args):
    try:
        return loaded(query.build(*args).get())
    except Exception as error:  # noqa: BLE001 (compared with what the compiled query raises)
        return type(error), str(error)


def compiled_get(query, args):
    try:
        return loaded(query.get(*args))
    except Exception as error:  # noqa: BLE001
        return type(error), str(error)


def test_every_compiled_query_of_the_forum_is_checked_here():
    assert len(OURS) >= 15


def test_on_this_database_each_query_is_compiled_not_left_to_the_orm(world):
    """Else the comparisons below would hold the ORM against itself (on PostgreSQL too:
    tests/integration/test_compiled_postgres.py runs this module there)."""
    for query in OURS:
        args = [arguments(world, kind)[0] for kind in query.kinds]
        assert query._statement("exists", args) is not None, where(query)


def where(query) -> str:
    return f"{query.build.__module__}:{query.build.__code__.co_firstlineno}"


@pytest.mark.parametrize("query", OURS, ids=where)
def test_each_compiled_query_answers_as_its_queryset(world, query):
    services.suspend_agent(world.org.alice, AgentFactory(username="stopped"), reason="test")
    services.follow_advice(world.org.bob, world.posts["advice"])
    # as create_post finds a thread before its first post (its question's, in one transaction)
    open_thread(world.org.eng, author=world.org.alice, title="no posts yet")
    combinations = list(itertools.product(*[arguments(world, kind) for kind in query.kinds]))
    assert combinations
    answers = set()
    for args in combinations:
        built = query.build(*args)
        assert query.exists(*args) == built.exists(), args
        if built._fields:
            assert query.rows(*args) == [row if isinstance(row, tuple) else (row,)
                                         for row in built], args
        else:
            assert compiled_get(query, args) == orm_get(query, args), args
            assert [loaded(obj) for obj in query.objects(*args)] == [
                loaded(obj) for obj in built], args
        answers.add(built.exists())
    assert answers == {True, False} or query.kinds in ((), (datetime,))


def test_a_compiled_query_asks_the_database_once(world):
    alice, eng = world.org.alice, world.org.eng
    queries = []
    with connections["default"].execute_wrapper(
            lambda execute, sql, *rest: (queries.append(sql), execute(sql, *rest))[1]):
        assert permissions.can_read_space(alice, eng) is True
        assert lookups.post(world.posts["advice"].key).thread.space == eng
    assert len(queries) == 2


def test_a_missing_object_raises_as_get_does(world):
    with pytest.raises(Post.DoesNotExist, match="^Post matching query does not exist.$"):
        lookups.post("no-such-post")


def test_more_than_one_object_raises_as_get_does(world):
    engineers = compiled.Query(lambda group: Principal.objects.filter(member_of=group), Group)
    with pytest.raises(Principal.MultipleObjectsReturned,
                       match="^get\\(\\) returned more than one Principal -- it returned 7!$"):
        engineers.get(world.org.engineers)


def test_an_unsaved_argument_is_left_to_the_orm(world):
    nobody = Principal(username="nobody")
    reads = compiled.Query(lambda principal: Space.objects.filter(readers__members=principal),
                           Principal)
    with pytest.raises(ValueError, match="must be saved"):
        reads.exists(nobody)


def test_a_query_whose_sql_changes_with_its_arguments_is_refused(world):
    branching = compiled.Query(
        lambda principal: Space.objects.filter(pk__gt=0) if principal.pk < 0
        else Space.objects.filter(readers__members=principal), Principal)
    with pytest.raises(compiled.NotCompilable, match="not a parameter"):
        branching.exists(world.org.alice)


def test_a_query_that_matches_nothing_whatever_its_arguments_is_refused(world):
    nothing = compiled.Query(lambda principal: permissions.readable_resources(principal).none(),
                             Principal)
    with pytest.raises(compiled.NotCompilable, match="matches nothing"):
        nothing.exists(world.org.alice)


def test_an_argument_changed_on_its_way_to_the_sql_is_refused(world):
    starting = compiled.Query(lambda name: Principal.objects.filter(username__startswith=name),
                              str)
    with pytest.raises(compiled.NotCompilable, match="no argument"):
        starting.exists("al")
