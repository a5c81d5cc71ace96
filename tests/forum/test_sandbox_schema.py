"""A process's empty sandbox gets its schema from the machine's migrated copy: the same
schema as migrating gives, without migrating; and a copy that is broken or cannot be
written only costs the migration."""

import itertools
import shutil
import threading
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test.utils import CaptureQueriesContext

from forum import sandbox_schema
from forum.sandbox import SANDBOX, ensure_schema

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

_names = itertools.count(1)


def fresh_sandbox() -> dict:
    """A new, empty in-memory sandbox made ready by ensure_schema, in a thread of its own
    (its own connections): the SQL it ran through Django, and the schema it ended with."""
    seen: dict = {}

    def work():
        sandbox = connections[SANDBOX]
        name = f"file:overstep-schema-test-{next(_names)}?mode=memory&cache=shared"
        sandbox.settings_dict = {**sandbox.settings_dict, "NAME": name}
        try:
            with CaptureQueriesContext(sandbox) as captured:
                ensure_schema()
            seen["sql"] = [query["sql"] for query in captured.captured_queries]
            seen["schema"] = sandbox.connection.execute(
                "SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
            seen["migrations"] = sandbox.connection.execute(
                "SELECT app, name FROM django_migrations ORDER BY id").fetchall()
            seen["content_types"] = sandbox.connection.execute(
                "SELECT app_label, model FROM django_content_type ORDER BY id").fetchall()
        finally:
            BaseDatabaseWrapper.close(sandbox)  # frees the in-memory database
            connections.close_all()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    return seen


def migrated(seen: dict) -> bool:
    return any(sql.startswith("CREATE TABLE") for sql in seen["sql"])


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_the_first_sandbox_migrates_and_the_next_copies_the_same_schema(var_dir):
    first = fresh_sandbox()
    assert migrated(first)
    assert sandbox_schema.kept_path().is_file()
    assert sandbox_schema.kept_path().is_relative_to(var_dir)
    second = fresh_sandbox()
    assert not migrated(second)
    for part in ("schema", "migrations", "content_types"):
        assert second[part] == first[part] and second[part]


def test_a_broken_copy_is_migrated_over_and_replaced(var_dir):
    path = sandbox_schema.kept_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database")
    assert migrated(fresh_sandbox())
    assert not migrated(fresh_sandbox())


def test_a_var_dir_that_cannot_be_written_costs_only_the_migration(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "a-file"
    settings.VAR_DIR.write_text("")
    first, second = fresh_sandbox(), fresh_sandbox()
    assert migrated(first) and migrated(second)
    assert second["schema"] == first["schema"]


def test_the_copy_is_named_by_the_migrations_it_was_made_from(monkeypatch, tmp_path):
    key = sandbox_schema.schema_key()
    assert sandbox_schema.kept_path().name == f"{key}.sqlite3"
    forum = apps.get_app_config("forum")
    shutil.copytree(Path(forum.path) / "migrations", tmp_path / "migrations")
    monkeypatch.setattr(forum, "path", str(tmp_path))
    unchanged = sandbox_schema.schema_key.__wrapped__()
    (tmp_path / "migrations" / "0003_a_new_field.py").write_text("# a new migration\n")
    assert unchanged == key
    assert sandbox_schema.schema_key.__wrapped__() != key
