import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from exercises.models import TabletopSession
from forum.guardrails import format_value
from scenarios.format import load_scenario
from tests.factories import PrincipalFactory

# Engine-running tests replay scenarios in the sandbox database.
engine_db = pytest.mark.django_db(databases=["default", "sandbox"])
SCENARIO = "meta_internal_forum"


@pytest.fixture(autouse=True)
def fresh_replays():
    """Replays are cached by their inputs; start every test from nothing."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def facilitator(db):
    return PrincipalFactory(username="fay", is_staff=True, role="security lead")


@pytest.fixture
def player(db):
    return PrincipalFactory(username="pat", role="engineer")


@pytest.fixture
def responder(db):
    return PrincipalFactory(username="rui", role="engineer")


@pytest.fixture
def outsider(db):
    return PrincipalFactory(username="olly", role="engineer")


def client_for(principal) -> Client:
    client = Client()
    client.force_login(principal)
    return client


def form_value(value) -> str:
    """A guardrail value as the start form posts it: True/False, a choice, a number, off."""
    return str(value) if isinstance(value, bool) else format_value(value)


def start_form(roles: dict, scenario=SCENARIO, **settings) -> dict:
    """The start form's POST data: the scenario's guardrails, unless overridden."""
    defaults = load_scenario(scenario).scenario.guardrails
    data = {"scenario": scenario, "seed": "1", "title": "Tuesday tabletop",
            **{f"g:{key}": form_value(value) for key, value in defaults.items()}}
    data.update({f"g:{key}": value for key, value in settings.items()})
    data.update({f"role:{actor}": str(person.pk) for actor, person in roles.items()})
    return data


def start_session(facilitator, roles: dict, held=False, scenario=SCENARIO,
                  **settings) -> TabletopSession:
    """A session started from the page, which holds the clock at minute 0; unless `held`,
    the facilitator then lets it run on by itself to each person's decision."""
    client = client_for(facilitator)
    response = client.post(reverse("exercises:new_session"),
                           start_form(roles, scenario, **settings))
    assert response.status_code == 302, response.content.decode()[:2000]
    session = TabletopSession.objects.latest("pk")
    if not held:
        assert client.post(reverse("exercises:let_run", args=[session.pk])).status_code == 302
        session.refresh_from_db()
    return session


def decide(principal, session, point: str, choice: str):
    return client_for(principal).post(reverse("exercises:decide", args=[session.pk]),
                                      {"point": point, "choice": choice})
