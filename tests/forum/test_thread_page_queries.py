"""The thread page runs the same number of queries however many posts the thread has."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services

# 8 to show the page, plus 4 since the page reads the thread through services.read_thread:
# its space check, and the `thread.read` event (an insert inside a savepoint), plus 1 for
# the posts whose advice the viewer has already carried out (their button is gone).
MAX_QUERIES = 13


def add_posts(org, count):
    """A mix of every kind of post: human replies, agent answers with advice, approved and
    pending drafts (for bob, who views the page and administers the advice's resource)."""
    advice = services.AdviceSpec("grant", org.dataset, "Grant all-engineers read",
                                 is_safe=False, group=org.engineers)
    for i in range(count):
        kind = i % 3
        if kind == 0:
            services.reply(org.alice, org.question, body=f"Reply {i}")
        elif kind == 1:
            services.agent_respond(org.agent, org.question, invoker=org.bob, body=f"Answer {i}",
                                   advice=advice)
        else:
            services.configure_guardrails({"agent.approval_required": True,
                                           "ai.label_shown": True})
            draft = services.agent_respond(org.agent, org.question, invoker=org.bob,
                                           body=f"Draft {i}", advice=advice)
            if i % 2:
                services.approve_post(org.bob, draft)
            services.configure_guardrails({"ai.label_shown": True})


def queries_for_thread_page(client, org):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("forum:thread", args=[org.question.key]))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_it_runs_a_constant_number_of_queries(login, org):
    client = login(org.bob)
    add_posts(org, 2)  # with the question: 3 posts
    few, page = queries_for_thread_page(client, org)
    assert page.count('<li class="post') == 3
    add_posts(org, 27)
    many, page = queries_for_thread_page(client, org)
    assert page.count('<li class="post') == 30
    assert few == many <= MAX_QUERIES
