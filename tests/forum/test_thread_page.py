"""The thread page: who wrote each post, for whom, who approved it, the AI badge, advice."""

import pytest
from django.urls import reverse

from forum import services


@pytest.fixture
def answered(org):
    """An agent answered alice's question for bob, by itself, with (unsafe) advice."""
    advice = services.AdviceSpec("grant", org.dataset, "Grant all-engineers read on user-metrics",
                                 is_safe=False, group=org.engineers)
    services.agent_respond(org.agent, org.question, invoker=org.bob, body="Open it up",
                           advice=advice)
    return org


def thread_page(client, org):
    return client.get(reverse("forum:thread", args=[org.question.key])).content.decode()


def test_it_shows_the_author_and_on_whose_behalf_an_agent_wrote(login, answered):
    page = thread_page(login(answered.alice), answered)
    assert answered.agent.shown_name in page
    assert f"on behalf of {answered.bob.shown_name}" in page
    assert "Not approved by anyone" in page


def test_it_shows_who_approved_an_agent_post(login, answered):
    services.configure_guardrails({"agent.approval_required": True})
    draft = services.agent_respond(answered.agent, answered.question, invoker=answered.alice,
                                   body="Draft")
    services.approve_post(answered.alice, draft)
    page = thread_page(login(answered.bob), answered)
    assert f"Approved by {answered.alice.shown_name}" in page


def test_it_badges_agent_posts_when_the_ai_label_is_on(login, answered):
    services.configure_guardrails({"ai.label_shown": True})
    page = thread_page(login(answered.alice), answered)
    assert page.count('class="badge-ai"') == 1
    assert 'aria-label="AI: written by an AI agent">AI<' in page


def test_it_hides_the_badge_when_the_ai_label_is_off(login, answered):
    services.configure_guardrails({"ai.label_shown": False})
    assert "badge-ai" not in thread_page(login(answered.alice), answered)


def test_it_shows_advice_but_never_whether_it_is_safe(login, answered):
    page = thread_page(login(answered.bob), answered)
    assert "Grant all-engineers read on user-metrics" in page
    assert "is_safe" not in page and "unsafe" not in page.lower()


def test_it_offers_to_carry_out_advice_only_to_resource_admins(login, client, answered):
    assert "Carry out this advice" in thread_page(login(answered.bob), answered)
    client.force_login(answered.alice)
    assert "Carry out this advice" not in thread_page(client, answered)


def test_it_offers_approve_and_reject_only_to_the_person_a_draft_is_for(login, client, answered):
    services.configure_guardrails({"agent.approval_required": True})
    services.agent_respond(answered.agent, answered.question, invoker=answered.alice,
                           body="Secret draft")
    page = thread_page(login(answered.alice), answered)
    assert "Secret draft" in page and ">Approve<" in page and ">Reject<" in page
    client.force_login(answered.bob)
    page = thread_page(client, answered)
    assert "Secret draft" not in page and ">Approve<" not in page


def test_it_offers_the_reply_form_only_to_posters(login, world):
    announce = world.threads["announce"]
    page = login(world.org.alice).get(reverse("forum:thread", args=[announce.key]))
    assert page.status_code == 200
    assert 'id="reply"' not in page.content.decode()
    assert "not reply" in page.content.decode()
