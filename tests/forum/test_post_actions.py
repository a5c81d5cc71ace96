"""Approving, rejecting and following advice from the thread page."""

from django.urls import reverse

from forum import permissions, services
from forum.models import AclChange, Event, Post


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
