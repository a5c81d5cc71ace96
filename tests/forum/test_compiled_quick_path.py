"""On SQLite, a compiled statement goes straight to sqlite3 when no one watches the
connection's queries, and through Django's cursor when someone does: the same answers
either way, queries counted where they are counted, and Django's errors and transaction
rules either way."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from forum import compiled, lookups
from forum.models import Thread

pytestmark = pytest.mark.django_db


def thread_like(thread: Thread, **changes) -> dict:
    values = {"space": thread.space, "key": thread.key, "title": thread.title,
              "author": thread.author, "created_at": thread.created_at}
    return {**values, **changes}


def seen(action) -> list[str]:
    queries = []
    with connection.execute_wrapper(
            lambda execute, sql, *rest: (queries.append(sql), execute(sql, *rest))[1]):
        action()
    return queries


def test_a_statement_answers_the_same_watched_or_not(org):
    def asked():
        with lookups.per_run():
            return lookups.thread(org.question.key)

    unwatched = asked()
    with CaptureQueriesContext(connection) as logged:
        watched = asked()
    assert watched.pk == unwatched.pk == org.question.pk
    assert len(logged.captured_queries) == 1 and "forum_thread" in logged[0]["sql"]


def test_execute_wrappers_see_compiled_statements(org):
    queries = seen(lambda: compiled.create(Thread, **thread_like(org.question,
                                                                key="another")))
    assert len(queries) == 1 and queries[0].startswith('INSERT INTO "forum_thread"')
    assert Thread.objects.filter(key="another").exists()


@pytest.mark.parametrize("watched", [False, True])
def test_a_refused_insert_raises_djangos_error_and_breaks_the_transaction(org, watched):
    copy = thread_like(org.question)  # the same unique key
    with transaction.atomic():
        with pytest.raises(IntegrityError):
            if watched:
                seen(lambda: compiled.create(Thread, **copy))
            else:
                compiled.create(Thread, **copy)
        with pytest.raises(TransactionManagementError):
            with lookups.per_run():
                lookups.thread(org.question.key)
        transaction.set_rollback(True)


def test_unwatched_statements_do_not_go_through_djangos_cursor(org, monkeypatch):
    def asked():
        with lookups.per_run():
            return lookups.thread(org.question.key)

    asked()  # compiled (Django's compiler may use a cursor for that)

    def no_cursor():
        raise AssertionError("a compiled statement went through Django's cursor")

    monkeypatch.setattr(connection, "cursor", no_cursor)
    assert asked().pk == org.question.pk
    with pytest.raises(AssertionError, match="went through Django's cursor"):
        seen(asked)
