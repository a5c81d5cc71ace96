"""The sandbox's schema, migrated once per machine rather than once per process.

Every process that replays starts with an empty in-memory sandbox: each sweep worker, each
Celery worker, the web server, every command. Migrating it costs about half a second of
CPU, as much as 30 runs. The first process to migrate keeps a copy of the result in
`var/sandbox-schema/`, named by everything that decides the schema (Django's version and
the migration files of the apps the sandbox holds); later processes copy it in with
SQLite's backup API, in under a millisecond. A copy that cannot be read or written is
ignored, and the process migrates as before.
"""

import hashlib
import os
import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings


def copy_into(connection) -> bool:
    """Fill `connection`'s empty sqlite3 database from the kept copy; False if there is none
    to use (then migrate, and keep())."""
    path = kept_path()
    if not path.is_file():
        return False
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection)
        finally:
            source.close()
    except sqlite3.Error:
        return False
    return _has_schema(connection)


def keep(connection) -> None:
    """Keep a copy of `connection`'s freshly migrated database for the next processes:
    written aside, then renamed, so a reader never sees half a file."""
    path = kept_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, aside = tempfile.mkstemp(dir=path.parent, suffix=".partial")
        os.close(handle)
        target = sqlite3.connect(aside)
        try:
            connection.backup(target)
        finally:
            target.close()
        os.replace(aside, path)
    except (OSError, sqlite3.Error):
        return  # a read-only var/ costs each process its migration, nothing else


def kept_path() -> Path:
    return Path(settings.VAR_DIR) / "sandbox-schema" / f"{schema_key()}.sqlite3"


@lru_cache(maxsize=1)
def schema_key() -> str:
    """What the sandbox's schema is made from: Django's version and, for each app the
    sandbox holds, its migration files' names and contents."""
    from .sandbox import SANDBOX_SCHEMA_APPS

    digest = hashlib.sha256(django.get_version().encode())
    for label in sorted(SANDBOX_SCHEMA_APPS):
        migrations = Path(apps.get_app_config(label).path) / "migrations"
        for file in sorted(migrations.glob("*.py")):
            digest.update(f"\0{label}/{file.name}\0".encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:24]


def _has_schema(connection) -> bool:
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'forum_event'").fetchone()
    return found is not None
