"""The audit log pages of a thread and of a resource: they list only the events about
what the viewer may see on the pages that show those things."""

import pytest
from django.urls import reverse

from forum import services
from forum.errors import InvalidAction
from forum.models import Event

from .matrix import POST_READERS, POSTS, PRINCIPALS, SPACE_READERS


def log_page(client, name, key):
    response = client.get(reverse(name, args=[key]))
    assert response.status_code == 200
    return response


def test_it_lists_the_events_of_a_thread_and_its_posts(login, world):
    response = log_page(login(world.org.alice), "forum:thread_log", world.org.question.key)
    verbs = [event.verb for event in response.context["events"]]
    # alice's own draft and private analysis are hers to see; the hidden post, no one's
    assert verbs == ["question.posted", "post.published", "post.published", "post.drafted",
                     "post.private", "post.published"]
    assert all(event.target.startswith(("thread:", "post:")) for event in response.context["events"])


def test_it_shows_actor_behalf_approver_and_cause(login, world):
    org = world.org
    invoked = services.invoke_agent(org.bob, org.agent, org.question)
    services.configure_guardrails({"agent.approval_required": True})
    draft = services.agent_respond(org.agent, org.question, invoker=org.bob, body="x",
                                   cause=invoked)
    services.approve_post(org.bob, draft)
    page = log_page(login(org.alice), "forum:thread_log", org.question.key).content.decode()
    assert "agent.invoked" in page and "post.drafted" in page and "post.approved" in page
    assert f"#{invoked.pk}" in page
    assert page.count("<td>bob</td>") >= 3  # invoker, on-behalf-of, approver


def test_it_never_shows_event_payloads(login, world):
    page = log_page(login(world.org.alice), "forum:thread_log", world.org.question.key)
    assert "is_safe" not in page.content.decode()


def test_it_lists_a_resources_events_for_its_admin(login, world):
    response = log_page(login(world.org.bob), "forum:resource_log", world.org.dataset.slug)
    events = response.context["events"]
    assert {event.target for event in events} == {f"resource:{world.org.dataset.slug}"}
    assert [e.verb for e in events][:1] == ["resource.created"]


def test_it_includes_review_requests_in_the_resource_log(login, world):
    services.configure_guardrails({"acl.review_required": True})
    change = services.change_access(world.org.bob, world.org.dataset, action="grant",
                                    group=world.org.engineers)
    services.seed_grant(world.org.dataset, principal=world.org.dana, permission="admin")
    services.review_acl_change(world.org.dana, change, approve=False)
    response = log_page(login(world.org.bob), "forum:resource_log", world.org.dataset.slug)
    assert "acl.review_rejected" in [event.verb for event in response.context["events"]]


def post_keys_listed(response) -> set[str]:
    return {e.target.removeprefix("post:") for e in response.context["events"]
            if e.target.startswith("post:")}


def test_it_hides_someone_elses_draft_and_private_analysis(login, world):
    response = log_page(login(world.org.bob), "forum:thread_log", world.org.question.key)
    page = response.content.decode()
    assert "post.drafted" not in page and "post.private" not in page
    assert not post_keys_listed(response) & {world.posts["draft"].key, world.posts["private"].key}


def test_it_hides_the_events_of_a_hidden_post_like_the_thread_page_hides_the_post(login, world):
    response = log_page(login(world.mo), "forum:thread_log", world.org.question.key)
    assert "post.hidden" not in [event.verb for event in response.context["events"]]
    assert world.posts["hidden"].key not in post_keys_listed(response)


def test_it_hides_refusals_about_a_post_the_viewer_cannot_see(login, world):
    with pytest.raises(InvalidAction):
        services.follow_advice(world.org.alice, world.posts["draft"])  # a draft: refused
    response = log_page(login(world.org.bob), "forum:thread_log", world.org.question.key)
    assert "acl.refused" not in [event.verb for event in response.context["events"]]
    response = log_page(login(world.org.alice), "forum:thread_log", world.org.question.key)
    assert "acl.refused" in [event.verb for event in response.context["events"]]


@pytest.mark.parametrize("name", sorted(SPACE_READERS["eng"]))
def test_it_lists_exactly_the_posts_its_reader_sees(login, world, name):
    response = log_page(login(world.principal(name)), "forum:thread_log", world.org.question.key)
    eng_posts = [post for post in POSTS if post != "finance-advice"]
    seen = {world.posts[post].key for post in eng_posts if name in POST_READERS[post]}
    assert post_keys_listed(response) == seen


@pytest.mark.parametrize("name", sorted(set(PRINCIPALS) - SPACE_READERS["eng"]))
def test_it_answers_404_to_who_cannot_read_the_thread(login, world, name):
    response = login(world.principal(name)).get(
        reverse("forum:thread_log", args=[world.org.question.key]))
    assert response.status_code == 404


def test_it_shows_a_resource_log_to_its_admin_only_even_for_staff(login, world):
    client = login(world.sam)
    assert client.get(reverse("forum:resource_log", args=[world.org.dataset.slug])
                      ).status_code == 404
    assert Event.objects.filter(target=f"resource:{world.org.dataset.slug}").exists()
