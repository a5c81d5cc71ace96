"""Hiding a post: who may, what it leaves in the log, and that no one sees it after."""

import json

import pytest
from django.urls import reverse

from forum import permissions, services
from forum.errors import AccessDenied, InvalidAction
from forum.models import Event, Post
from tests.factories import PrincipalFactory, QuestionFactory


@pytest.fixture
def leak(org):
    """alice's reply that copies one user-metrics record (bob administers user-metrics)."""
    row = org.dataset.records.first().data
    return services.reply(org.alice, org.question, body=f"This row: {json.dumps(row)}")


@pytest.fixture
def moderator(org):
    return PrincipalFactory(username="mo", role="moderator", groups=[org.engineers])


def new_events_after(last):
    return list(Event.objects.filter(pk__gt=last))


def test_it_lets_a_moderator_hide_any_post(org, moderator):
    post = services.reply(org.bob, org.question, body="Nothing secret")
    services.hide_post(moderator, post, reason="off topic")
    post = Post.objects.get(pk=post.pk)
    assert (post.status, post.hidden_by) == ("hidden", moderator) and post.hidden_at
    event = Event.objects.last()
    assert (event.verb, event.target, event.actor) == ("post.hidden", f"post:{post.key}", moderator)
    assert event.payload == {"thread": org.question.key, "author": "bob", "reason": "off topic",
                             "was": "published"}


def test_it_lets_staff_hide_any_post(org):
    staff = services.create_principal("sec-admin", is_staff=True)
    assert services.hide_post(staff, org.question.posts.get()).status == "hidden"


def test_it_lets_an_admin_of_a_quoted_resource_hide_the_post(org, leak):
    services.hide_post(org.bob, leak)
    assert Event.objects.last().payload == {
        "thread": org.question.key, "author": "alice", "reason": "", "was": "published",
        "quotes": {"user-metrics": 1}, "space": "eng"}


def test_it_refuses_an_admin_of_a_resource_the_post_does_not_quote(org):
    post = services.reply(org.alice, org.question, body="No rows here")
    last = Event.objects.last().pk
    with pytest.raises(AccessDenied):
        services.hide_post(org.bob, post)
    assert [(e.verb, e.payload["error"]) for e in new_events_after(last)] == [
        ("post.hide_refused", "access_denied")]
    assert Post.objects.get(pk=post.pk).status == "published"


def test_it_refuses_a_reader_who_is_neither_moderator_nor_admin(org, leak):
    with pytest.raises(AccessDenied):
        services.hide_post(org.dana, leak)
    assert Post.objects.get(pk=leak.pk).status == "published"


def test_it_refuses_to_hide_a_post_twice(org, leak, moderator):
    stale = Post.objects.get(pk=leak.pk)
    services.hide_post(moderator, leak)
    last = Event.objects.last().pk
    with pytest.raises(InvalidAction, match="already hidden"):
        services.hide_post(org.bob, stale)
    assert [(e.verb, e.payload["error"]) for e in new_events_after(last)] == [
        ("post.hide_refused", "invalid_action")]
    assert Post.objects.get(pk=leak.pk).hidden_by == moderator


def test_hidden_posts_disappear_from_every_reader(org, leak, moderator):
    services.configure_guardrails({"agent.approval_required": True})
    draft = services.agent_respond(org.agent, org.question, invoker=org.alice, body="Draft")
    for post in (leak, draft):
        services.hide_post(moderator, post)
    everyone = (org.alice, org.bob, org.dana, org.olga, org.agent, moderator)
    for reader in everyone:
        for post in (leak, draft):
            assert not permissions.can_see_post(reader, post)
    assert [p.key for p in services.read_thread(org.alice, org.question)] == [
        f"{org.question.key}.1"]


def test_it_shows_the_hide_button_only_to_who_may_hide(login, client, org, leak, moderator):
    thread_url = reverse("forum:thread", args=[org.question.key])
    hide_url = reverse("forum:hide", args=[leak.key])
    assert hide_url in login(org.bob).get(thread_url).content.decode()
    client.force_login(moderator)
    page = client.get(thread_url).content.decode()
    assert hide_url in page and reverse("forum:hide", args=[f"{org.question.key}.1"]) in page
    client.force_login(org.alice)
    assert ">Hide<" not in client.get(thread_url).content.decode()


def test_it_hides_a_post_from_the_thread_page(login, org, leak):
    response = login(org.bob).post(reverse("forum:hide", args=[leak.key]),
                                   {"reason": "copies user records"}, follow=True)
    assert "You hid the post" in response.content.decode()
    assert "This row" not in response.content.decode()
    assert Event.objects.get(verb="post.hidden").payload["reason"] == "copies user records"


def test_it_answers_403_to_a_reader_who_may_not_hide(login, org, leak):
    response = login(org.alice).post(reverse("forum:hide", args=[leak.key]))
    assert response.status_code == 403
    assert Post.objects.get(pk=leak.pk).status == "published"


def test_it_answers_404_for_a_post_the_user_cannot_see(login, org):
    secret = QuestionFactory(author=org.dana, space=org.finance)
    response = login(org.bob).post(reverse("forum:hide", args=[f"{secret.key}.1"]))
    assert response.status_code == 404


def test_it_answers_400_to_an_overlong_reason(login, org, leak):
    response = login(org.bob).post(reverse("forum:hide", args=[leak.key]), {"reason": "x" * 241})
    assert response.status_code == 400
    assert Post.objects.get(pk=leak.pk).status == "published"


def test_it_refuses_to_hide_without_a_csrf_token(csrf_client, org, leak):
    csrf_client.force_login(org.bob)
    response = csrf_client.post(reverse("forum:hide", args=[leak.key]))
    assert response.status_code == 403
    assert Post.objects.get(pk=leak.pk).status == "published"
