"""The cast of the forum's permission matrix, built on the shared `org`.

Beyond `org` (see tests/conftest.py):
- nate, an engineer with a direct read grant on user-metrics he is not intended to have;
- eli, an engineer whose read grant on user-metrics has expired;
- rex, an engineer whose read grant on user-metrics was revoked;
- `announce`, read by engineers, posted in by data-team and agents (so alice only reads it,
  and the agent may post but not read);
- `forecasts`, a second dataset read by data-team and administered by dana;
- mo, an engineer with the moderator role;
- sam, a member of staff in no group: staff see nothing more in the forum than anyone;
- posts: an agent answer with advice, a plain reply, a reply with advice in `finance`, an
  agent draft with advice waiting for alice, the agent's private analysis for alice, a
  reply that copies a user-metrics record (`quoting`), and another that did and that mo
  has hidden.
"""

import copy
import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client

from forum import clock, guardrails, services
from forum.guardrails.registry import unregister
from tests.conftest import Org
from tests.factories import PrincipalFactory, QuestionFactory, ResourceFactory, SpaceFactory


class FixedClock:
    def __init__(self, at):
        self.at = at

    def now(self):
        return self.at

    def minutes(self):
        return None


class World:
    """Built two days ago (by a fixed clock), so that a grant can have expired by now."""

    def __init__(self, org, start):
        self.org, self.start = org, start
        self.nate = PrincipalFactory(username="nate", groups=[org.engineers])
        self.eli = PrincipalFactory(username="eli", groups=[org.engineers])
        self.rex = PrincipalFactory(username="rex", groups=[org.engineers])
        self.mo = PrincipalFactory(username="mo", role="moderator", groups=[org.engineers])
        self.sam = PrincipalFactory(username="sam", groups=[], is_staff=True)
        self.announce = SpaceFactory(slug="announce", readers=[org.engineers],
                                     posters=[org.data_team, org.agents])
        self.forecasts = ResourceFactory(slug="forecasts", intended_groups=[org.data_team])
        services.seed_grant(self.forecasts, group=org.data_team)
        services.seed_grant(self.forecasts, principal=org.dana, permission="admin")
        services.seed_grant(org.dataset, principal=self.nate)
        self._grant_that_expired(self.eli)
        for action in ("grant", "revoke"):
            services.change_access(org.bob, org.dataset, action=action, principal=self.rex)
        self.threads = {
            "eng": org.question,
            "finance": QuestionFactory(author=org.dana, space=org.finance),
            "announce": QuestionFactory(author=org.dana, space=self.announce),
        }
        self.posts = self._posts()

    def advice(self, **kwargs):
        return services.AdviceSpec("grant", self.org.dataset, "Grant all-engineers read",
                                   is_safe=False, group=self.org.engineers, **kwargs)

    def _grant_that_expired(self, principal):
        services.configure_guardrails({"acl.grant_expiry_minutes": 60})
        with clock.use(FixedClock(self.start + timedelta(hours=1))):
            services.change_access(self.org.bob, self.org.dataset, action="grant",
                                   principal=principal)
        services.configure_guardrails({})

    def _posts(self):
        org, eng = self.org, self.org.question
        posts = {
            "advice": services.agent_respond(org.agent, eng, invoker=org.alice, body="Open it up",
                                             advice=self.advice()),
            "no-advice": services.reply(org.alice, eng, body="Thanks"),
            "finance-advice": services.reply(org.dana, self.threads["finance"], body="Open it",
                                             advice=self.advice()),
        }
        services.configure_guardrails({"agent.approval_required": True})
        posts["draft"] = services.agent_respond(org.agent, eng, invoker=org.alice,
                                                body="Draft answer", advice=self.advice())
        services.configure_guardrails({"agent.autonomy": "analyse"})
        posts["private"] = services.agent_respond(org.agent, eng, invoker=org.alice,
                                                  body="Private analysis", advice=self.advice())
        services.configure_guardrails({})
        posts["published"] = posts["advice"]
        rows = [record.data for record in org.dataset.records.all()[:2]]
        posts["quoting"] = services.reply(org.alice, eng, body=f"The rows: {json.dumps(rows[0])}")
        posts["hidden"] = services.hide_post(self.mo, services.reply(
            org.alice, eng, body=f"And another: {json.dumps(rows[1])}"))
        return posts

    def principal(self, name):
        extra = {"helper": self.org.agent, "nate": self.nate, "eli": self.eli, "rex": self.rex,
                 "mo": self.mo, "sam": self.sam}
        return extra[name] if name in extra else getattr(self.org, name)

    def space(self, name):
        return {"eng": self.org.eng, "finance": self.org.finance, "announce": self.announce}[name]

    def resource(self, name):
        return {"dataset": self.org.dataset, "forecasts": self.forecasts}[name]


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """The cast, built once per test module in a transaction rolled back at the module's end.

    Each test runs in a savepoint inside it (as with Django's setUpTestData), so building the
    cast does not dominate the run time.
    """
    start = clock.now() - timedelta(days=2)
    with django_db_blocker.unblock(), transaction.atomic():
        with clock.use(FixedClock(start)):
            world = World(Org(), start)
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(shared_world, db):
    """The matrix cast for one test. A module that uses it must not use `org` too: the
    cast has its own (`world.org`), alive for the whole module."""
    return copy.deepcopy(shared_world)


@pytest.fixture
def login(client):
    """Sign `client` in as a principal; returns the client."""
    def sign_in(principal):
        client.force_login(principal)
        return client
    return sign_in


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


SEEN: list[guardrails.AgentPostRequest] = []  # what the NoLeaks guardrail was asked


class NoLeaks(guardrails.BoolGuardrail):
    """A throw-away guardrail: refuses an agent post that copies records to readers outside
    their intended audience."""

    key = "test.no_leaks"
    label = "No leaks (test)"
    description = "Registered only while a test that asks for `no_leaks` runs."
    default = True

    def route_agent_post(self, value, request):
        SEEN.append(request)
        if value and any(q.reaches_outside_audience for q in request.quotes):
            return guardrails.REFUSE
        return None


@pytest.fixture
def no_leaks():
    guardrails.register(NoLeaks)
    SEEN.clear()
    yield NoLeaks.key
    unregister(NoLeaks.key)
