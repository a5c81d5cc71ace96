"""The start form's role picker: each role said as who it plays and what it does; the people
are active employees, shown by name and username, searchable; one simulated person each."""

import pytest
from django.urls import reverse

from exercises.models import RoleAssignment, TabletopSession
from exercises.sessions import PERSON_ROLES, person_roles
from forum.models import Principal
from scenarios.format import load_library
from tests.factories import AgentFactory, PrincipalFactory

from .conftest import SCENARIO, client_for, engine_db, start_form


def start_page(facilitator) -> str:
    response = client_for(facilitator).get(reverse("exercises:new_session"),
                                           {"scenario": SCENARIO})
    assert response.status_code == 200
    return response.content.decode()


def post_start(facilitator, data):
    return client_for(facilitator).post(reverse("exercises:new_session"), data)


@engine_db
def test_each_role_is_shown_as_who_it_plays_and_what_it_does(facilitator):
    page = start_page(facilitator)
    assert f"Priya Shah — {PERSON_ROLES['follower']}" in page
    assert f"Ravi Menon — {PERSON_ROLES['invoker']}" in page
    assert f"Dmitri Ivanov — {PERSON_ROLES['reviewer']}" in page
    assert f"Dmitri Ivanov — {PERSON_ROLES['responder']}" in page


@engine_db
def test_the_people_are_active_employees_by_name_and_username(facilitator):
    PrincipalFactory(username="nadia", display_name="Nadia Kovacs")
    AgentFactory(username="bot-7", display_name="Build Bot")
    PrincipalFactory(username="etl-svc", display_name="ETL Service", role="service account")
    gone = PrincipalFactory(username="gone", display_name="Gone Person")
    Principal.objects.filter(pk=gone.pk).update(is_active=False)  # no service deactivates
    page = start_page(facilitator)
    assert "Nadia Kovacs (nadia)" in page
    for absent in ("Build Bot", "ETL Service", "Gone Person"):
        assert absent not in page


@engine_db
def test_the_lists_are_searchable_with_scripts_and_plain_selects_without(facilitator):
    page = start_page(facilitator)
    assert "exercises/role_picker.js" in page
    roles = person_roles(load_library(SCENARIO).scenario)
    assert len(roles) >= 5 and page.count('class="person-picker"') == len(roles)
    assert '<select name="role:priya"' in page


@engine_db
def test_a_valid_post_starts_with_the_chosen_people_in_their_roles(facilitator, player,
                                                                   responder):
    response = post_start(facilitator, start_form({"priya": player, "dmitri-oncall": responder}))
    assert response.status_code == 302
    assert list(RoleAssignment.objects.values_list("actor_id", "person__username")) == [
        ("dmitri-oncall", "rui"), ("priya", "pat")]


@engine_db
@pytest.mark.parametrize("given", ["999999", "abc", "-1", "1e3", "x" * 500])
def test_an_unknown_person_is_refused(facilitator, given):
    response = post_start(facilitator, {**start_form({}), "role:priya": given})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not TabletopSession.objects.exists()


@engine_db
def test_an_agent_or_a_service_account_cannot_hold_a_role(facilitator):
    for someone in (AgentFactory(), PrincipalFactory(role="service account")):
        response = post_start(facilitator, {**start_form({}), "role:priya": str(someone.pk)})
        assert response.status_code == 400
    assert not TabletopSession.objects.exists()


@engine_db
def test_one_person_cannot_play_two_simulated_people(facilitator, player):
    response = post_start(facilitator, start_form({"priya": player, "ravi": player}))
    assert response.status_code == 400
    assert "each person plays one simulated person" in response.content.decode()
    assert not TabletopSession.objects.exists()


@engine_db
def test_the_roles_of_one_simulated_person_may_go_to_one_person(facilitator, player):
    response = post_start(facilitator, start_form({"dmitri": player, "dmitri-oncall": player}))
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(person=player).count() == 2
