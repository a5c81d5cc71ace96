"""The admin shows the forum to staff but lets no one write: writes would bypass the services."""

import pytest
from django.contrib import admin
from django.urls import reverse

from forum import services
from forum.models import Event

FORUM_MODELS = [model for model in admin.site._registry if model._meta.app_label == "forum"]


@pytest.fixture
def staff(org):
    return services.create_principal("auditor", is_staff=True)


def admin_url(model, view, *args):
    return reverse(f"admin:forum_{model._meta.model_name}_{view}", args=args)


def test_it_registers_the_forum_models():
    names = {model.__name__ for model in FORUM_MODELS}
    assert {"Event", "Post", "Thread", "Space", "Resource", "Grant", "Principal"} <= names


@pytest.mark.parametrize("model", FORUM_MODELS, ids=lambda m: m.__name__)
def test_it_lets_staff_browse_every_model(client, staff, model):
    client.force_login(staff)
    assert client.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", FORUM_MODELS, ids=lambda m: m.__name__)
def test_it_refuses_to_add_even_for_a_superuser(rf, staff, model):
    request = rf.get("/")
    request.user = staff
    staff.is_superuser = True  # in memory only: the strongest user there is
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_it_refuses_changes_through_the_change_form(client, staff, org):
    client.force_login(staff)
    event = Event.objects.first()
    url = admin_url(Event, "change", event.pk)
    assert client.get(url).status_code == 200  # read-only view
    assert client.post(url, {"verb": "tampered"}).status_code == 403
    assert client.post(admin_url(Event, "delete", event.pk), {"post": "yes"}).status_code == 403
    assert Event.objects.get(pk=event.pk).verb == event.verb


def test_it_keeps_non_staff_out(client, org):
    client.force_login(org.alice)
    response = client.get(admin_url(Event, "changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_it_lists_events_with_their_people(client, staff, org):
    client.force_login(staff)
    page = client.get(admin_url(Event, "changelist") + "?verb=question.posted").content.decode()
    assert "question.posted" in page and "alice" in page


def test_stored_runs_are_read_only_in_the_admin():
    from django.contrib import admin as django_admin

    from scenarios.models import Run

    model_admin = django_admin.site._registry[Run]
    assert not model_admin.has_add_permission(None)
    assert not model_admin.has_change_permission(None)
    assert not model_admin.has_delete_permission(None)
