"""Events (and threads, posts, advice) are written by one statement compiled once
(forum.compiled.Insert): the rows are those Model.save() writes, the object handed back is
the one the ORM reads back, and the services' transactions undo them as before."""

from contextlib import nullcontext

import pytest
from django.db import connections

from forum import compiled, services
from forum.models import Advice, Event, Grant, Post, Principal, Thread
from forum.sandbox import SANDBOX, forum_db, sandbox
from forum.services.events import atomic
from forum.vocabulary import Verb

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

FIELDS = [field.attname for field in Event._meta.concrete_fields]
PAYLOAD = {"naïve": "Zoë’s ✓ 数据", "nested": {"list": [1, 2.5, None, True, {"deep": []}]},
           "none": None, "empty": {}, "quote": "it's \"quoted\"\n"}


def fields(event):
    return {name: getattr(event, name) for name in FIELDS}


def raw_row(pk):
    """The event's columns as the database holds them, ids aside."""
    cursor = connections[forum_db()].cursor()
    cursor.execute('SELECT * FROM "forum_event" WHERE "id" = %s', [pk])
    return cursor.fetchone()[1:]


def test_an_event_reads_back_as_it_was_handed_over(org):
    started = services.mark_run(Verb.RUN_STARTED, **PAYLOAD)
    posts = services.read_thread(org.agent, org.question, on_behalf_of=org.alice, cause=started)

    assert fields(Event.objects.get(pk=started.pk)) == fields(started)
    assert Event.objects.get(pk=started.pk).payload == PAYLOAD
    read = Event.objects.get(verb=Verb.THREAD_READ)
    assert (read.actor, read.on_behalf_of, read.cause, read.approved_by) == (
        org.agent, org.alice, started, None)
    assert read.payload["posts"] == [post.key for post in posts]


def test_every_field_is_written_as_model_save_writes_it(org):
    for using in ("default", SANDBOX):
        with sandbox() if using == SANDBOX else nullcontext():
            asha = services.create_principal("asha") if using == SANDBOX else org.alice
            first = services.mark_run(Verb.RUN_STARTED, **PAYLOAD)
            event = services.record_decision(asha, point="follow", choice="ignore ✓",
                                             target="post:x", cause=first, details=PAYLOAD)
            twin = Event(**{name: value for name, value in fields(event).items() if name != "id"})
            twin.save(force_insert=True, using=forum_db())
            assert raw_row(event.pk) == raw_row(twin.pk)
            assert fields(Event.objects.get(pk=event.pk)) == fields(event)


def test_an_approver_is_written_and_read_back(org):
    draft = services.agent_respond(org.agent, org.question, invoker=org.bob, body="Try this",
                                   draft=True)
    services.approve_post(org.bob, draft)

    approved = Event.objects.get(verb=Verb.POST_APPROVED)
    assert (approved.approved_by, approved.actor, approved.on_behalf_of) == (org.bob,) * 3
    assert approved.t is None and approved.at is not None


def test_an_unsaved_actor_is_refused_as_model_save_refuses_it(org):
    before = Event.objects.count()
    with pytest.raises(ValueError, match="unsaved related object 'actor'"):
        services.record_decision(Principal(username="ghost"), point="p", choice="c",
                                 target="post:x")
    assert Event.objects.count() == before


def test_an_event_written_in_a_transaction_that_fails_is_undone(org):
    before = Event.objects.count()
    with pytest.raises(RuntimeError), atomic():
        services.mark_run(Verb.RUN_STARTED, seed=1)
        raise RuntimeError("after the event")
    assert Event.objects.count() == before



def columns(model, pk, *leaving_out):
    """The row's columns as the database holds them, but its id and `leaving_out`."""
    meta = model._meta
    names = [field.column for field in meta.concrete_fields
             if field is not meta.pk and field.column not in leaving_out]
    cursor = connections[forum_db()].cursor()
    cursor.execute(f'SELECT {", ".join(names)} FROM "{meta.db_table}" WHERE "id" = %s', [pk])
    return cursor.fetchone()


def unsaved_twin(obj, **different):
    """The same object, unsaved, but for `different` (unique) fields."""
    values = {field.attname: getattr(obj, field.attname)
              for field in obj._meta.concrete_fields if field is not obj._meta.pk}
    return type(obj)(**{**values, **different})


def orm_twin(obj, **different):
    """The same object saved by Model.save(), but for `different` (unique) fields."""
    twin = unsaved_twin(obj, **different)
    twin.save(force_insert=True)
    return twin


def advised_post(org):
    advice = services.AdviceSpec("grant", org.dataset, "Grant ✓ all-engineers read",
                                 is_safe=False, group=org.engineers)
    return services.agent_respond(org.agent, org.question, invoker=org.alice, advice=advice,
                                   body=f"Rows: {org.dataset.records.first().data}")


def test_on_this_database_the_inserts_are_compiled_not_left_to_model_save(org):
    """Else the comparisons here would hold Model.save() against itself (on PostgreSQL too:
    tests/integration/test_compiled_postgres.py runs this module there)."""
    post = advised_post(org)
    thread = unsaved_twin(org.question, key="twin")
    assert compiled.Insert(Thread).save(thread, "default")
    post_twin = unsaved_twin(post, key="twin.1", thread_id=thread.pk)
    assert compiled.Insert(Post).save(post_twin, "default")
    assert compiled.Insert(Advice).save(unsaved_twin(post.advice, post_id=post_twin.pk),
                                        "default")
    assert compiled.Insert(Event).save(unsaved_twin(Event.objects.latest("pk")), "default")


def test_threads_posts_and_advice_are_written_as_model_save_writes_them(org):
    post = advised_post(org)

    assert post.quoted_records == {"user-metrics": 1}
    stored = Post.objects.select_related("advice").get(pk=post.pk)
    assert fields_of(stored) == fields_of(post)
    assert fields_of(stored.advice) == fields_of(post.advice)
    thread_twin = orm_twin(org.question, key="twin")
    post_twin = orm_twin(post, key="twin.1", thread_id=thread_twin.pk)
    assert columns(Thread, org.question.pk, "key") == columns(Thread, thread_twin.pk, "key")
    assert (columns(Post, post.pk, "key", "thread_id")
            == columns(Post, post_twin.pk, "key", "thread_id"))
    advice_twin = orm_twin(post.advice, post_id=post_twin.pk)
    assert columns(Advice, post.advice.pk, "post_id") == columns(Advice, advice_twin.pk, "post_id")


def fields_of(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def test_a_grant_is_written_as_model_save_writes_it(org):
    grant = services.change_access(org.bob, org.dataset, action="grant", group=org.engineers,
                                   permission="read")
    stored = Grant.objects.get(pk=grant.pk)
    assert fields_of(stored) == fields_of(grant)
    assert grant.created_by_event.verb == "grant.created"
    twin = orm_twin(grant)
    assert columns(Grant, grant.pk) == columns(Grant, twin.pk)
