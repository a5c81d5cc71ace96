"""Real servers for the integration tests, started once per session and always stopped:
Redis on a free loopback port (no persistence) and a throw-away PostgreSQL cluster.
Celery workers are started per test (tests.servers.celery_workers), each test on its own
Redis database so no message crosses from one test to the next."""

import itertools

import pytest

from tests import servers

_redis_databases = itertools.count(1)


@pytest.fixture(scope="session")
def redis_url():
    with servers.redis_server() as url:
        yield url


@pytest.fixture
def broker_url(redis_url):
    return f"{redis_url}/{next(_redis_databases)}"


@pytest.fixture(scope="session")
def postgres_url():
    with servers.postgres_cluster() as url:
        yield url
