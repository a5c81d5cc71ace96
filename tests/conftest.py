import os

import pytest
from django.conf import settings
from django.test import override_settings

from forum import services
from tests.factories import (
    AgentFactory,
    GroupFactory,
    PrincipalFactory,
    QuestionFactory,
    ResourceFactory,
    SpaceFactory,
)


@pytest.fixture(autouse=True, scope="session")
def log_signing_key_dir(tmp_path_factory):
    """Exported logs are signed with a key made on first use: keep it out of var/keys
    (the environment variable reaches `manage.py` subprocesses too)."""
    directory = tmp_path_factory.mktemp("keys")
    os.environ["OVERSTEP_KEY_DIR"] = str(directory)
    with override_settings(KEY_DIR=directory):
        yield directory


@pytest.fixture(autouse=True, scope="session")
def page_cache_dir(tmp_path_factory):
    """The pages' file cache: keep it out of var/cache (and so from one test run to the
    next); the environment variable reaches `manage.py` subprocesses too."""
    directory = tmp_path_factory.mktemp("cache")
    os.environ["OVERSTEP_CACHE_DIR"] = str(directory)
    caches = {"default": {**settings.CACHES["default"], "LOCATION": str(directory)}}
    with override_settings(CACHES=caches):
        yield directory


class Org:
    """A small organisation with one of each kind of principal, space and resource.

    - engineers (alice, bob) read and post in `eng`; bob administers `user-metrics`.
    - data-team (dana) is the intended audience of `user-metrics` and reads it.
    - outsider (olga) is in no group; the agent `helper` may read and post in `eng`.
    - `finance` space is readable by data-team only.
    """

    def __init__(self):
        self.engineers = GroupFactory(slug="all-engineers")
        self.data_team = GroupFactory(slug="data-team")
        self.agents = GroupFactory(slug="agents")
        self.alice = PrincipalFactory(username="alice", groups=[self.engineers])
        self.bob = PrincipalFactory(username="bob", groups=[self.engineers])
        self.dana = PrincipalFactory(username="dana", groups=[self.data_team, self.engineers])
        self.olga = PrincipalFactory(username="olga", groups=[])
        self.agent = AgentFactory(username="helper", groups=[self.agents])
        self.eng = SpaceFactory(slug="eng", readers=[self.engineers, self.agents],
                                posters=[self.engineers, self.agents])
        self.finance = SpaceFactory(slug="finance", readers=[self.data_team],
                                    posters=[self.data_team])
        self.dataset = ResourceFactory(slug="user-metrics", intended_groups=[self.data_team],
                                       intended_principals=[self.bob])
        services.seed_grant(self.dataset, group=self.data_team)
        services.seed_grant(self.dataset, principal=self.bob, permission="admin")
        self.question = QuestionFactory(author=self.alice, space=self.eng)


@pytest.fixture
def org(db):
    return Org()
