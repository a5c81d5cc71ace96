"""The events a run's actors are handed come from memory (eventlog.watch), except the first
time and after rows reached the log another way (a snapshot restored); either way they are
the same as the log's rows read back."""

import pytest
from django.db import connections

from forum import eventlog, sandbox as forum_sandbox, services
from forum.models import Event
from forum.sandbox import SANDBOX, sandbox
from forum.services.events import atomic
from forum.vocabulary import Verb

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

FIELDS = [field.attname for field in Event._meta.concrete_fields]


def as_read_back(events):
    return [[getattr(event, name) for name in FIELDS] for event in events]


def queries_on_sandbox(action):
    queries = []
    with connections[SANDBOX].execute_wrapper(
            lambda execute, sql, *rest: (queries.append(sql), execute(sql, *rest))[1]):
        result = action()
    return result, queries


def test_the_events_written_are_handed_over_as_the_log_reads_them_back():
    with sandbox(), eventlog.watch() as new:
        first = services.mark_run(Verb.RUN_STARTED, seed=0)
        new.since(0)
        services.mark_run(Verb.RUN_STARTED, seed=(1, 2), scenario="s", by={3: "x"})
        services.mark_run(Verb.RUN_ENDED, minutes=1.5)
        handed, queries = queries_on_sandbox(lambda: new.since(first.pk))
        assert as_read_back(handed) == as_read_back(Event.objects.filter(pk__gt=first.pk)
                                                    .order_by("id"))
    assert queries == []
    assert handed[0].payload == {"seed": [1, 2], "scenario": "s", "by": {"3": "x"}}
    assert handed[1].verb == "run.ended"


def test_an_events_actor_comes_along_without_a_query():
    with sandbox(), eventlog.watch() as new:
        new.since(0)
        asha = services.create_principal("asha")
        asked = services.record_decision(asha, point="follow", choice="ignore", target="post:x")
        (_created, handed), queries = queries_on_sandbox(lambda: (*new.since(0),))
        assert handed.pk == asked.pk
        _actor, actor_queries = queries_on_sandbox(lambda: handed.actor)
    assert (queries, actor_queries, handed.actor.username) == ([], [], "asha")


def test_only_events_written_after_the_last_one_handed_over_are_handed_next():
    with sandbox(), eventlog.watch() as new:
        first = services.mark_run(Verb.RUN_STARTED, seed=1)
        assert [event.pk for event in new.since(0)] == [first.pk]
        second = services.mark_run(Verb.RUN_ENDED, minutes=2.0)
        assert [event.pk for event in new.since(first.pk)] == [second.pk]
        assert new.since(second.pk) == []


def test_a_write_rolled_back_is_never_handed_over():
    with sandbox(), eventlog.watch() as new:
        new.since(0)
        with pytest.raises(RuntimeError), atomic():
            services.mark_run(Verb.RUN_STARTED, seed=1)
            raise RuntimeError("undone")
        kept = services.mark_run(Verb.RUN_STARTED, seed=2)
        handed = new.since(0)
    assert [(event.pk, event.payload) for event in handed] == [(kept.pk, {"seed": 2})]


def test_events_not_written_while_watching_are_read_from_the_log():
    with sandbox():
        earlier = services.mark_run(Verb.RUN_STARTED, seed=1)
        with eventlog.watch() as new:
            later = services.mark_run(Verb.RUN_ENDED, minutes=1.0)
            assert [event.pk for event in new.since(0)] == [earlier.pk, later.pk]


def test_rows_restored_from_a_snapshot_are_read_from_the_log():
    with sandbox(), eventlog.watch() as new:
        started = services.mark_run(Verb.RUN_STARTED, seed=1)
        services.create_group("eng")
        snapshot = forum_sandbox.take_snapshot(after_event=started.pk)
    with sandbox(), eventlog.watch() as new:
        again = services.mark_run(Verb.RUN_STARTED, seed=2)
        assert [event.pk for event in new.since(0)] == [again.pk]
        forum_sandbox.restore_snapshot(snapshot)
        handed = new.since(again.pk)
    assert [event.verb for event in handed] == ["group.created"]
