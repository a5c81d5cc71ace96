"""forum.compiled's statements on PostgreSQL: the forum tests that hold each compiled query
against its own queryset, and each inserted row against Model.save()'s, run again in a
pytest of their own whose default database is a throw-away PostgreSQL cluster (the
sandbox stays SQLite in memory, as always)."""

import subprocess

import pytest

from tests import servers
from tests.scenarios.sweeps.dbfile import query

pytestmark = pytest.mark.integration

MODULES = ["tests/forum/test_compiled_queries.py", "tests/forum/test_event_insert.py"]
TEST_DATABASE = "test_overstep"  # pytest-django's name for the database `overstep`


def test_compiled_statements_answer_and_write_as_the_orm_on_postgresql(postgres_url):
    # --reuse-db keeps the test database, the proof that the tests ran on this cluster
    result = subprocess.run(
        [str(servers.PYTHON), "-m", "pytest", "-q", "--reuse-db", "-m",
         "not integration and not browser", *MODULES],
        env=servers.django_env(postgres_url), cwd=servers.REPO, capture_output=True,
        text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout
    assert query(postgres_url, "SELECT datname FROM pg_database WHERE datname = "
                               f"'{TEST_DATABASE}'") == [(TEST_DATABASE,)]
