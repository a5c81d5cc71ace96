"""Adding a guardrail is one module: every place that lists guardrails finds it in the
registry. A throw-away guardrail, registered for one test, shows up in the tabletop form,
the after-action report's strongest baseline, and explain."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from exercises import reports, sessions
from forum.guardrails import BoolGuardrail, register, registry
from scenarios.analysis.explain import explain_incident
from scenarios.format import load_scenario
from tests.exercises.conftest import client_for
from tests.factories import PrincipalFactory

KEY = "test.watermark"

engine_db = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture
def watermark():
    @register
    class Watermark(BoolGuardrail):
        key = KEY
        label = "Watermark on every post"
        description = "A throw-away guardrail that only exists in this test."

    cache.clear()  # replays are cached by their inputs, which now hold one more setting
    yield Watermark
    registry.unregister(KEY)
    cache.clear()


@pytest.fixture
def facilitator(db):
    return PrincipalFactory(username="fay", is_staff=True)


@engine_db
def test_the_tabletop_form_offers_it(watermark, facilitator):
    page = client_for(facilitator).get(reverse("exercises:new_session"),
                                       {"scenario": "meta_internal_forum"})
    assert page.status_code == 200
    assert f'name="g:{KEY}"' in page.content.decode()


@engine_db
def test_the_strongest_baseline_switches_it_on(watermark, facilitator):
    session = sessions.start(facilitator, "meta_internal_forum", settings={}, seed=1,
                             assignments={})
    strongest = reports.columns(session)[-1]
    assert strongest.label == "Strongest guardrails"
    assert strongest.metrics["settings"][KEY] is True


@engine_db
def test_explain_tries_it_alone(watermark):
    report = explain_incident(load_scenario("meta_internal_forum"), seed=1)
    assert f"{KEY}=true" in {control["setting"] for control in report["controls"]}
