"""The events a run's actors are handed come from memory (eventlog.watch): those written
through the services, and those a snapshot restored (converted once, when it was taken);
rows that reached the log another way are read from it. Either way they are the same as the
log's rows read back, and so is the log read back after a restore."""

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


def test_rows_restored_from_a_snapshot_are_handed_over():
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


def as_loaded_state(events):
    """Everything an instance holds: its fields and how it was loaded."""
    return [({name: value for name, value in vars(event).items() if name != "_state"},
             event._state.db, event._state.adding) for event in events]


def snapshot_of_an_organisation():
    with sandbox(), eventlog.watch():
        started = services.mark_run(Verb.RUN_STARTED, seed=1)
        eng = services.create_group("eng")
        services.create_principals([dict(username=f"p{i}", groups=[eng]) for i in range(3)])
        services.record_decision(services.create_principal("asha"), point="follow",
                                 choice="ignore", target="post:x", details={"by": (1, 2)})
        return forum_sandbox.take_snapshot(after_event=started.pk)


def test_restored_events_are_handed_over_as_loaded_without_reading_them_back():
    snapshot = snapshot_of_an_organisation()
    with sandbox(), eventlog.watch() as new:
        services.mark_run(Verb.RUN_STARTED, seed=2)
        forum_sandbox.restore_snapshot(snapshot)
        handed, queries = queries_on_sandbox(lambda: new.since(0))
        read_back = list(Event.objects.order_by("id"))
    assert as_loaded_state(handed) == as_loaded_state(read_back)
    assert [event.verb for event in handed][-1] == "decision.made"
    assert handed[-1].payload["by"] == [1, 2]
    assert len(queries) == 1  # the ids after the last event handed over, nothing else


def test_events_passed_by_are_those_since_would_hand_over_and_are_not_handed_again():
    """A world whose actors do not listen yet takes its organisation's events as ids and
    causes only (World.deliver); the next events handed over are the ones after them."""
    snapshot = snapshot_of_an_organisation()
    with sandbox(), eventlog.watch() as new:
        started = services.mark_run(Verb.RUN_STARTED, seed=2)
        forum_sandbox.restore_snapshot(snapshot)
        passed = new.passed(0)
        read_back = list(Event.objects.order_by("id"))
        later = services.record_decision(services.create_principal("bo"), point="follow",
                                         choice="ignore", target="post:y", cause=started)
        handed = new.since(passed[-1][0])
    assert passed == [(event.pk, event.cause_id) for event in read_back]
    assert [event.pk for event in handed] == [later.pk - 1, later.pk]  # bo created, then asked
    assert handed[-1].cause_id == started.pk


def test_each_restore_hands_over_payloads_of_its_own():
    snapshot = snapshot_of_an_organisation()
    seen = []
    for seed in (2, 3):
        with sandbox(), eventlog.watch() as new:
            services.mark_run(Verb.RUN_STARTED, seed=seed)
            forum_sandbox.restore_snapshot(snapshot)
            payload = new.since(0)[-1].payload
            seen.append(list(payload["by"]))
            payload["by"].append("changed by this run")
    assert seen == [[1, 2], [1, 2]]


def test_the_log_read_back_after_a_restore_is_the_log_read_whole():
    snapshot = snapshot_of_an_organisation()
    with sandbox():
        with eventlog.watch() as new:
            services.mark_run(Verb.RUN_STARTED, seed=2)
            forum_sandbox.restore_snapshot(snapshot)
            new.since(0)
            services.mark_run(Verb.RUN_ENDED, minutes=3.0)
            kept, queries = queries_on_sandbox(eventlog.all_records)
        whole = eventlog.all_records()
    assert kept == whole
    assert [record["verb"] for record in kept][::len(kept) - 1] == ["run.started", "run.ended"]
    assert len(queries) == 2  # the ids still restored, then the rows around them


def test_the_first_events_handed_over_after_building_through_the_services_are_the_logs():
    with sandbox(), eventlog.watch() as new:
        services.mark_run(Verb.RUN_STARTED, seed=1)
        eng = services.create_group("eng")
        services.create_principals([dict(username=f"p{i}", groups=[eng]) for i in range(3)])
        handed, queries = queries_on_sandbox(lambda: new.since(0))
        read_back = list(Event.objects.order_by("id"))
    assert as_read_back(handed) == as_read_back(read_back)
    assert len(queries) == 1
