"""The events a run's actors are handed come from memory (eventlog.watch) only when the log
holds exactly what was written; they are the same as the log's rows read back."""

import pytest
from django.db import transaction

from forum import eventlog, services
from forum.models import Event
from forum.sandbox import sandbox
from forum.vocabulary import Verb

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

FIELDS = [field.attname for field in Event._meta.concrete_fields]


def as_read_back(events):
    return [[getattr(event, name) for name in FIELDS] for event in events]


def test_the_events_written_are_handed_over_as_the_log_reads_them_back():
    with sandbox(), eventlog.watch() as new:
        services.mark_run(Verb.RUN_STARTED, seed=(1, 2), scenario="s", by={3: "x"})
        services.mark_run(Verb.RUN_ENDED, minutes=1.5)
        handed = new.since(0)
        assert as_read_back(handed) == as_read_back(Event.objects.order_by("id"))
    assert handed[0].payload == {"seed": [1, 2], "scenario": "s", "by": {"3": "x"}}
    assert handed[1].verb == "run.ended"


def test_only_events_written_after_the_last_one_handed_over_are_handed_next():
    with sandbox(), eventlog.watch() as new:
        first = services.mark_run(Verb.RUN_STARTED, seed=1)
        assert [event.pk for event in new.since(0)] == [first.pk]
        second = services.mark_run(Verb.RUN_ENDED, minutes=2.0)
        assert [event.pk for event in new.since(first.pk)] == [second.pk]
        assert new.since(second.pk) == []


def test_a_write_rolled_back_is_never_handed_over():
    with sandbox(), eventlog.watch() as new:
        with pytest.raises(RuntimeError), transaction.atomic(using="sandbox"):
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
