"""The resource pages: the list of readable resources, a resource's records, its access."""

from django.urls import reverse

from forum import permissions, services
from forum.models import AclChange, Event


def resource_url(resource):
    return reverse("forum:resource", args=[resource.slug])


def test_it_lists_only_readable_resources(login, world):
    page = login(world.org.bob).get(reverse("forum:resources")).content.decode()
    assert resource_url(world.org.dataset) in page
    assert resource_url(world.forecasts) not in page


def test_it_shows_records_and_logs_the_read(login, world):
    response = login(world.nate).get(resource_url(world.org.dataset))
    record = world.org.dataset.records.first()
    assert record.data["email"] in response.content.decode()
    event = Event.objects.last()
    assert (event.verb, event.actor, event.payload["records"]) == (
        "resource.read", world.nate, world.org.dataset.record_count)


def test_it_hides_a_resource_from_a_non_reader_and_logs_the_attempt(login, world):
    response = login(world.org.alice).get(resource_url(world.org.dataset))
    assert response.status_code == 404
    assert world.org.dataset.records.first().data["email"] not in response.content.decode()
    assert Event.objects.last().verb == "resource.read_refused"


def test_it_hides_a_resource_whose_grant_expired(login, world):
    assert login(world.eli).get(resource_url(world.org.dataset)).status_code == 404


def test_it_shows_the_access_panel_only_to_admins(login, client, world):
    assert 'id="acl"' in login(world.org.bob).get(resource_url(world.org.dataset)).content.decode()
    client.force_login(world.nate)
    assert 'id="acl"' not in client.get(resource_url(world.org.dataset)).content.decode()


def test_it_names_readers_outside_the_intended_audience_to_admins(login, world):
    page = login(world.org.bob).get(resource_url(world.org.dataset)).content.decode()
    assert "Readers outside the intended audience: nate" in page


def test_it_lets_an_admin_revoke_access(login, world):
    login(world.org.bob).post(reverse("forum:change_access", args=[world.org.dataset.slug]),
                              {"action": "revoke", "grantee": "principal:nate",
                               "permission": "read"})
    assert not permissions.can_read_resource(world.nate, world.org.dataset)


def test_it_refuses_a_malformed_access_change_without_acting(login, world):
    events = Event.objects.count()
    client = login(world.org.bob)
    response = client.post(reverse("forum:change_access", args=[world.org.dataset.slug]),
                           {"action": "grant", "grantee": "group:nobody", "permission": "read"})
    assert response.status_code == 302
    assert Event.objects.count() == events
    page = client.get(resource_url(world.org.dataset)).content.decode()
    assert "Choose an action, a grantee and a permission" in page


def test_it_lets_a_second_admin_review_a_pending_change(login, world):
    services.seed_grant(world.org.dataset, principal=world.org.dana, permission="admin")
    services.configure_guardrails({"acl.review_required": True})
    change = services.change_access(world.org.bob, world.org.dataset, action="grant",
                                    group=world.org.engineers)
    review = reverse("forum:review_change", args=[change.pk])
    assert login(world.org.bob).post(review, {"decision": "approve"}).status_code == 403
    login(world.org.dana).post(review, {"decision": "approve"})
    assert AclChange.objects.get(pk=change.pk).status == "approved"
    assert permissions.can_read_resource(world.org.alice, world.org.dataset)


def test_it_hides_pending_changes_of_unreadable_resources(login, world):
    services.configure_guardrails({"acl.review_required": True})
    change = services.change_access(world.org.bob, world.org.dataset, action="grant",
                                    group=world.org.engineers)
    review = reverse("forum:review_change", args=[change.pk])
    assert login(world.org.alice).post(review, {"decision": "approve"}).status_code == 404
