"""Stored runs for the viewer's tests, made the way real ones are: the engine runs the
scenario, save_run stores the result."""

import pytest

from scenarios.engine import run
from scenarios.format import load_scenario
from scenarios.runs import save_run
from tests.factories import PrincipalFactory

viewer_db = pytest.mark.django_db(databases=["default", "sandbox"])


def stored_run(scenario="meta_internal_forum", *, seed=1, until=None, **overrides):
    loaded = load_scenario(scenario)
    stored, _ = save_run(run(loaded, seed=seed, overrides=overrides, until=until))
    return stored


@pytest.fixture
def viewer(client):
    """A signed-in employee with no special rights: runs are open to every signed-in user."""
    client.force_login(PrincipalFactory(username="viewer"))
    return client
