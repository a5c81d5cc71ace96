"""Approving, rejecting and following advice from the thread page; advice is carried out
once per person."""

import pytest
from django.urls import reverse

from forum import permissions, services
from forum.errors import GuardrailRefused, InvalidAction
from forum.models import AclChange, Event, Grant, Post


def follow(client, post):
    return client.post(reverse("forum:follow", args=[post.key]), follow=True)


def test_it_publishes_an_approved_draft(login, world):
    response = login(world.org.alice).post(reverse("forum:approve", args=[world.posts["draft"].key]))
    assert response["Location"] == reverse("forum:thread", args=[world.org.question.key])
    draft = Post.objects.get(pk=world.posts["draft"].pk)
    assert (draft.status, draft.approved_by) == ("published", world.org.alice)


def test_it_rejects_a_draft(login, world):
    login(world.org.alice).post(reverse("forum:reject", args=[world.posts["draft"].key]))
    assert Post.objects.get(pk=world.posts["draft"].pk).status == "rejected"


def test_it_carries_out_advice_for_a_resource_admin(login, world):
    response = follow(login(world.org.bob), world.posts["advice"])
    assert "access has changed" in response.content.decode()
    assert permissions.can_read_resource(world.org.alice, world.org.dataset)
    assert Event.objects.get(verb="grant.created", payload__advice=world.posts["advice"].key)


def test_it_sends_advice_to_review_when_the_guardrail_asks(login, world):
    services.configure_guardrails({"acl.review_required": True})
    response = follow(login(world.org.bob), world.posts["advice"])
    assert "sent for review" in response.content.decode()
    assert AclChange.objects.get().status == "pending"
    assert not permissions.can_read_resource(world.org.alice, world.org.dataset)


def test_it_explains_a_guardrail_refusal_instead_of_failing(login, world):
    services.configure_guardrails({"acl.policy_check": True})
    response = follow(login(world.org.bob), world.posts["advice"])
    assert response.status_code == 200
    assert "contradicts the resource&#x27;s intended audience" in response.content.decode()
    assert Event.objects.filter(verb="acl.refused").last().payload["error"] == "guardrail_refused"


def test_it_explains_that_a_post_gives_no_advice(login, world):
    response = follow(login(world.org.bob), world.posts["no-advice"])
    assert "gives no advice to follow" in response.content.decode()


def test_it_explains_why_an_agent_cannot_reply(login, world):
    response = login(world.org.agent).post(
        reverse("forum:reply", args=[world.org.question.key]), {"body": "hi"}, follow=True)
    assert "agents publish through agent_respond / agent_open_thread" in response.content.decode()


def follow_form(post) -> str:
    return f'action="{reverse("forum:follow", args=[post.key])}"'


def test_it_refuses_to_carry_out_the_same_advice_twice(world):
    post = world.posts["advice"]
    services.follow_advice(world.org.bob, post)
    grants, last_event = Grant.objects.count(), Event.objects.last().pk
    with pytest.raises(InvalidAction, match="already carried out"):
        services.follow_advice(world.org.bob, post)
    assert Grant.objects.count() == grants
    events = Event.objects.filter(pk__gt=last_event)
    assert [(e.verb, e.target, e.payload["error"]) for e in events] == [
        ("acl.refused", f"post:{post.key}", "invalid_action")]


def test_it_counts_advice_sent_for_review_as_carried_out(world):
    services.configure_guardrails({"acl.review_required": True})
    services.follow_advice(world.org.bob, world.posts["advice"])
    with pytest.raises(InvalidAction):
        services.follow_advice(world.org.bob, world.posts["advice"])
    assert AclChange.objects.count() == 1


def test_it_lets_a_refused_follow_be_tried_again(world):
    services.configure_guardrails({"acl.policy_check": True})
    with pytest.raises(GuardrailRefused):
        services.follow_advice(world.org.bob, world.posts["advice"])
    services.configure_guardrails({})
    services.follow_advice(world.org.bob, world.posts["advice"])
    assert permissions.can_read_resource(world.org.alice, world.org.dataset)


def test_it_takes_the_button_away_once_the_advice_is_carried_out(login, world):
    client, post = login(world.org.bob), world.posts["advice"]
    thread_url = reverse("forum:thread", args=[world.org.question.key])
    assert follow_form(post) in client.get(thread_url).content.decode()
    follow(client, post)
    assert follow_form(post) not in client.get(thread_url).content.decode()


def test_it_explains_a_second_follow_instead_of_failing(login, world):
    client = login(world.org.bob)
    follow(client, world.posts["advice"])
    response = follow(client, world.posts["advice"])
    assert response.status_code == 200
    assert "already carried out the advice" in response.content.decode()
