import pytest
from django.urls import reverse

from exercises.models import RoleAssignment, TabletopSession
from scenarios.format.loader import LIBRARY

from .conftest import SCENARIO, client_for, engine_db, start_form, start_session


@engine_db
def test_it_starts_a_session_and_opens_the_console(facilitator, player):
    response = client_for(facilitator).post(reverse("exercises:new_session"),
                                            start_form({"priya": player}))
    session = TabletopSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exercises:console", args=[session.pk])
    assert session.status == "running"
    assert session.scenario == SCENARIO and session.seed == 1
    assert list(RoleAssignment.objects.values_list("actor_id", "person__username")) == [
        ("priya", "pat")]


@engine_db
def test_the_start_form_offers_every_guardrail_and_the_decision_roles(facilitator):
    response = client_for(facilitator).get(reverse("exercises:new_session"),
                                           {"scenario": SCENARIO})
    page = response.content.decode()
    assert response.status_code == 200
    for key in ("agent.approval_required", "agent.autonomy", "ai.label_shown",
                "acl.review_required", "acl.policy_check", "acl.grant_expiry_minutes",
                "acl.alert_delay_minutes"):
        assert f'name="g:{key}"' in page
    for actor in ("ravi", "priya", "dmitri", "sam", "dmitri-oncall", "lena", "mei"):
        assert f'name="role:{actor}"' in page
    assert 'name="role:helper"' not in page  # an agent is no person's role
    assert 'name="role:engineers"' not in page  # nor is a curious crowd


@engine_db
def test_it_stores_the_chosen_guardrails(facilitator, player):
    session = start_session(facilitator, {"priya": player}, **{
        "ai.label_shown": "True", "acl.grant_expiry_minutes": "60"})
    assert session.settings["ai.label_shown"] is True
    assert session.settings["acl.grant_expiry_minutes"] == 60.0


@engine_db
def test_it_validates_guardrail_values(facilitator, player):
    data = start_form({"priya": player}, **{"acl.grant_expiry_minutes": "soon"})
    response = client_for(facilitator).post(reverse("exercises:new_session"), data)
    assert response.status_code == 400
    assert not TabletopSession.objects.exists()


def test_it_refuses_non_facilitators(player):
    response = client_for(player).get(reverse("exercises:new_session"))
    assert response.status_code == 403


def test_a_principal_with_the_facilitator_role_may_start(db):
    from tests.factories import PrincipalFactory

    lead = PrincipalFactory(username="lee", role="facilitator")
    response = client_for(lead).get(reverse("exercises:new_session"))
    assert response.status_code == 200


def test_it_handles_an_unknown_scenario(facilitator):
    response = client_for(facilitator).get(reverse("exercises:new_session"),
                                           {"scenario": "no-such-scenario"})
    assert response.status_code == 404


@pytest.mark.parametrize("given", [
    str(LIBRARY / f"{SCENARIO}.yaml"),                # a real scenario, by its server path
    f"../library/{SCENARIO}",
    f"scenarios/library/{SCENARIO}.yaml",             # relative to the server's directory
    "/dev/zero", "/etc/passwd", "x" * 5_000, "a\x00b",
])
def test_it_opens_library_scenarios_by_name_only_never_a_server_path(facilitator, given):
    for method in ("get", "post"):
        response = getattr(client_for(facilitator), method)(reverse("exercises:new_session"),
                                                            {"scenario": given})
        assert response.status_code == 404
        assert "in the library" in response.content.decode()
    assert not TabletopSession.objects.exists()


@engine_db
def test_nobody_at_the_table_runs_to_the_end_at_once(facilitator):
    session = start_session(facilitator, {})
    assert session.status == "ended"


@engine_db
def test_the_console_is_the_facilitators_only(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    assert client_for(player).get(reverse("exercises:console", args=[session.pk])).status_code == 403
    assert client_for(player).get(
        reverse("exercises:console_status", args=[session.pk])).status_code == 403


def test_it_handles_a_missing_session(facilitator):
    assert client_for(facilitator).get(reverse("exercises:console", args=[999])).status_code == 404
    assert client_for(facilitator).get(reverse("exercises:play", args=[999])).status_code == 404


def test_it_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("exercises:index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
