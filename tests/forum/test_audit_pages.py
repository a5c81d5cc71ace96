"""The audit log pages of a thread and of a resource."""

from django.urls import reverse

from forum import services


def log_page(client, name, key):
    response = client.get(reverse(name, args=[key]))
    assert response.status_code == 200
    return response


def test_it_lists_the_events_of_a_thread_and_its_posts(login, world):
    response = log_page(login(world.org.alice), "forum:thread_log", world.org.question.key)
    verbs = [event.verb for event in response.context["events"]]
    assert verbs == ["question.posted", "post.published", "post.published", "post.drafted",
                     "post.published", "post.published", "post.hidden"]
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
