"""Each tool through the service layer, for an agent that may and one that may not."""

import pytest

from agents.tools import InvocationOver
from forum import services
from forum.models import Event, Post
from forum.vocabulary import Verb


def last_tool_call():
    return Event.objects.filter(verb=Verb.AGENT_TOOL_CALLED).last()


def test_every_call_is_one_tool_called_event_belonging_to_its_invocation(seam):
    tools = seam.toolbox()
    tools.call("list_threads", {})
    logged = last_tool_call()
    assert (logged.actor, logged.on_behalf_of) == (seam.agent, seam.bob)
    assert logged.cause == tools.invocation
    assert logged.payload["tool"] == "list_threads" and logged.payload["refused"] is False


def test_read_thread_returns_the_posts_with_provenance_and_logs_the_read(seam):
    services.reply(seam.alice, seam.question, body="Any news?")
    result = seam.toolbox().call("read_thread", {"thread": seam.question.key})
    assert result.ok
    posts = result.data["posts"]
    assert [p["author"] for p in posts] == ["alice", "alice"]
    assert posts[0]["provenance"] == "human" and posts[0]["approved_by"] is None
    read = Event.objects.filter(verb=Verb.THREAD_READ).last()
    assert (read.actor, read.on_behalf_of) == (seam.agent, seam.bob)
    assert last_tool_call().payload["posts"] == [p["post"] for p in posts]


def test_read_thread_in_a_space_the_agent_cannot_read_is_refused_not_raised(seam):
    hidden = services.post_question(seam.dana, seam.finance, title="Budget", body="Q3?")
    result = seam.toolbox().call("read_thread", {"thread": hidden.key})
    assert not result.ok and "may not read" in result.summary
    assert last_tool_call().payload["refused"] is True
    assert Event.objects.filter(verb=Verb.THREAD_READ_REFUSED).exists()


def test_lookup_resource_gives_metadata_to_anyone_and_records_only_through_the_acl(seam):
    tools = seam.toolbox()
    meta = tools.call("lookup_resource", {"resource": "user-metrics"})
    assert meta.ok and meta.data["classification"] == "restricted"
    assert "records" not in meta.data
    refused = tools.call("lookup_resource", {"resource": "user-metrics", "records": 2})
    assert not refused.ok and "may not read" in refused.summary
    services.seed_grant(seam.dataset, principal=seam.agent)
    allowed = tools.call("lookup_resource", {"resource": "user-metrics", "records": 2})
    assert allowed.ok and len(allowed.data["records"]) == 2
    assert Event.objects.filter(verb=Verb.RESOURCE_READ, actor=seam.agent).count() == 1
    assert last_tool_call().payload["records"] == 2


def test_post_reply_is_routed_by_the_guardrails(seam):
    tools = seam.toolbox()
    published = tools.call("post_reply", {"thread": seam.question.key, "body": "Try X"})
    assert published.ok and published.data["status"] == Post.Status.PUBLISHED
    services.configure_guardrails({"agent.approval_required": True})
    drafted = tools.call("post_reply", {"thread": seam.question.key, "body": "Try Y"})
    assert drafted.data["status"] == Post.Status.DRAFT


def test_draft_reply_always_waits_for_the_invoker(seam):
    result = seam.toolbox().call("draft_reply", {"thread": seam.question.key, "body": "Maybe"})
    post = Post.objects.get(key=result.data["post"])
    assert post.status == Post.Status.DRAFT and post.on_behalf_of == seam.bob


def test_advice_posted_by_a_model_is_judged_against_the_intended_policy(seam):
    advice = {"action": "grant", "resource": "user-metrics", "grantee": "group:all-engineers",
              "summary": "Open it to everyone"}
    result = seam.toolbox().call("post_reply", {"thread": seam.question.key, "body": "Do it",
                                                "advice": advice})
    assert Post.objects.get(key=result.data["post"]).advice.is_safe is False


def test_post_reply_where_the_agent_may_not_post_is_refused(seam):
    hidden = services.post_question(seam.dana, seam.finance, title="Budget", body="Q3?")
    result = seam.toolbox().call("post_reply", {"thread": hidden.key, "body": "Hi"})
    assert not result.ok and not Post.objects.filter(author=seam.agent).exists()


def test_request_acl_change_applies_only_what_the_agents_own_rights_allow(seam):
    tools = seam.toolbox()
    change = {"resource": "user-metrics", "action": "grant", "grantee": "principal:alice"}
    refused = tools.call("request_acl_change", change)
    assert not refused.ok and "may not change access" in refused.summary
    services.seed_grant(seam.dataset, principal=seam.agent, permission="admin")
    granted = tools.call("request_acl_change", change)
    assert granted.ok and granted.data["outcome"] == "granted"


def test_search_finds_only_posts_the_agent_may_read(seam):
    services.post_question(seam.dana, seam.finance, title="Budget", body="quarterly numbers")
    services.reply(seam.alice, seam.question, body="the quarterly job fails")
    found = seam.toolbox().call("search_posts", {"query": "quarterly"})
    assert [row["author"] for row in found.data] == ["alice"]


def test_a_malformed_call_is_a_tool_error_the_agent_sees(seam):
    result = seam.toolbox().call("read_thread", {"thread": "q1", "as_admin": True})
    assert not result.ok and "Extra inputs" in result.summary
    assert last_tool_call().payload["arguments"] == {"thread": "q1", "as_admin": True}


def test_done_ends_the_invocation(seam):
    tools = seam.toolbox()
    assert tools.call("done", {"summary": "nothing to add"}).ok
    with pytest.raises(InvocationOver):
        tools.call("list_threads", {})


def test_acting_as_the_invoker_refuses_what_the_invoker_could_not_do(seam):
    services.seed_grant(seam.dataset, principal=seam.agent)
    services.configure_guardrails({"agent.acts_as": "invoker"})
    tools = seam.toolbox(invoker=seam.alice)
    result = tools.call("lookup_resource", {"resource": "user-metrics", "records": 2})
    assert not result.ok and "agent.acts_as" in result.summary
    assert not Event.objects.filter(verb=Verb.RESOURCE_READ).exists()
    assert tools.call("lookup_resource", {"resource": "user-metrics"}).ok


def test_a_tool_call_budget_stops_the_agent(seam):
    services.configure_guardrails({"agent.max_tool_calls": 2})
    tools = seam.toolbox()
    assert tools.call("list_threads", {}).ok and tools.call("list_threads", {}).ok
    third = tools.call("list_threads", {})
    assert not third.ok and "agent.max_tool_calls" in third.summary
    with pytest.raises(InvocationOver):
        tools.call("done", {})


def test_an_invocation_keeps_what_the_invoker_asked(seam):
    asked = services.invoke_agent(seam.bob, seam.agent, seam.question, request="Is this safe?")
    plain = services.invoke_agent(seam.bob, seam.agent, seam.question)
    assert asked.payload["request"] == "Is this safe?"
    assert "request" not in plain.payload
