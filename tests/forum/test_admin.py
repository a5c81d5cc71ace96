"""The admin shows the forum to staff but lets no one write (writes would bypass the
services), and shows metadata only: protected content read there would skip the ACL and
write no `resource.read`, so no record, post body, thread title, advice or event payload
is shown, listed or searchable, even to staff."""

import json

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from forum import services
from forum.models import Advice, Event, Post, Record, Thread
from scenarios.models import Run

APPS = ("forum", "scenarios", "exercises")
MODELS = [model for model in admin.site._registry if model._meta.app_label in APPS]
FORUM_MODELS = [model for model in MODELS if model._meta.app_label == "forum"]
# The fields that carry protected content (records, or what drafts and private posts say).
CONTENT_FIELDS = {
    Post: {"body"}, Thread: {"title"}, Advice: {"summary"}, Event: {"payload"},
    Record: {"data"}, Run: {"log", "recording", "scenario_text"},
}
SECRET = "SECRET-CONTENT"


@pytest.fixture
def staff(org):
    return services.create_principal("auditor", is_staff=True)


@pytest.fixture
def content(org):
    """Everything the admin must not show: records, a reply and an agent's tool call that
    copy one, a draft with advice, a private analysis and an agent's draft thread. Returns
    the strings that would give them away."""
    record = org.dataset.records.first().data
    services.reply(org.alice, org.question, body=f"The row: {json.dumps(record)}")
    services.record_tool_call(org.agent, invoker=org.alice, tool="read_resource",
                              arguments={"resource": org.dataset.slug}, result=json.dumps(record))
    advice = services.AdviceSpec("grant", org.dataset, f"{SECRET} advice", is_safe=False,
                                 group=org.engineers)
    services.configure_guardrails({"agent.approval_required": True})
    services.agent_respond(org.agent, org.question, invoker=org.alice, body=f"{SECRET} draft",
                           advice=advice)
    services.agent_open_thread(org.agent, org.eng, invoker=org.alice, title=f"{SECRET} title",
                               body=f"{SECRET} opening")
    services.configure_guardrails({"agent.autonomy": "analyse"})
    services.agent_respond(org.agent, org.question, invoker=org.alice, body=f"{SECRET} private")
    services.configure_guardrails({})
    emails = [data["email"] for data in Record.objects.values_list("data", flat=True)]
    return [SECRET, *emails]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def admin_pages():
    """Every changelist and every object's change page of the registered models."""
    for model in MODELS:
        yield admin_url(model, "changelist")
        for pk in model.objects.values_list("pk", flat=True):
            yield admin_url(model, "change", pk)


def test_it_registers_the_forum_models_but_not_records():
    names = {model.__name__ for model in FORUM_MODELS}
    assert {"Event", "Post", "Thread", "Space", "Resource", "Grant", "Principal"} <= names
    assert Record not in admin.site._registry
    with pytest.raises(NoReverseMatch):
        reverse("admin:forum_record_changelist")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_lets_staff_browse_every_model(client, staff, model):
    client.force_login(staff)
    assert client.get(admin_url(model, "changelist")).status_code == 200


def test_it_shows_staff_no_protected_content_on_any_page(client, staff, content):
    client.force_login(staff)
    for url in admin_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert not [secret for secret in content if secret in page], url


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_finds_nothing_when_staff_search_for_content(client, staff, content, model):
    if not admin.site._registry[model].search_fields:
        return
    client.force_login(staff)
    for secret in content:
        response = client.get(admin_url(model, "changelist"), {"q": secret})
        assert response.context["cl"].result_count == 0, (model.__name__, secret)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_neither_shows_lists_nor_searches_content_fields(rf, staff, model):
    request = rf.get("/")
    request.user = staff
    model_admin = admin.site._registry[model]
    used = set(model_admin.get_fields(request)) | set(model_admin.list_display)
    used |= {field.split("__")[0] for field in model_admin.search_fields}
    assert not used & CONTENT_FIELDS.get(model, set())


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
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


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_keeps_non_staff_and_anonymous_visitors_out(client, org, content, model):
    pk = model.objects.values_list("pk", flat=True).first() or 1
    for url in (admin_url(model, "changelist"), admin_url(model, "change", pk)):
        for who in (None, org.bob, org.alice):  # bob administers the resource, alice wrote
            client.logout()
            if who is not None:
                client.force_login(who)
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("bad_id", ["999999", "not-an-id", "0"])
@pytest.mark.parametrize("model", FORUM_MODELS, ids=lambda m: m.__name__)
def test_it_answers_a_bad_id_without_a_traceback_or_content(client, staff, content, model,
                                                             bad_id):
    client.force_login(staff)
    response = client.get(admin_url(model, "change", bad_id), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert not [secret for secret in content if secret in response.content.decode()]


def test_it_lists_events_with_their_people(client, staff, org):
    client.force_login(staff)
    page = client.get(admin_url(Event, "changelist") + "?verb=question.posted").content.decode()
    assert "question.posted" in page and "alice" in page


def test_stored_runs_are_read_only_in_the_admin():
    model_admin = admin.site._registry[Run]
    assert not model_admin.has_add_permission(None)
    assert not model_admin.has_change_permission(None)
    assert not model_admin.has_delete_permission(None)
