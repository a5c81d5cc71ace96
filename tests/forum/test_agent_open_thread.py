"""An agent opens a thread of its own: its first post is routed like any agent answer."""

import json

import pytest

from forum import services
from forum.errors import GuardrailRefused, InvalidAction
from forum.models import Event, Post, Thread


def open_digest(org, **kwargs):
    return services.agent_open_thread(org.agent, org.eng, invoker=org.bob, title="Digest",
                                      body=kwargs.pop("body", "Answers worth knowing"), **kwargs)


def events_after(last):
    return list(Event.objects.filter(pk__gt=last))


def test_it_opens_a_thread_whose_first_post_is_the_agents(org):
    last = Event.objects.last().pk
    post = open_digest(org, key="digest-1")
    assert (post.thread.key, post.thread.title, post.thread.author) == ("digest-1", "Digest",
                                                                         org.agent)
    assert (post.key, post.author, post.on_behalf_of, post.provenance, post.status) == (
        "digest-1.1", org.agent, org.bob, "ai", "published")
    [event] = events_after(last)
    assert (event.verb, event.target, event.actor, event.on_behalf_of) == (
        "post.published", "post:digest-1.1", org.agent, org.bob)
    assert event.payload == {"thread": "digest-1", "provenance": "ai", "advice": None,
                             "title": "Digest", "space": "eng", "opens_thread": True}


def test_an_agent_cannot_open_an_unapproved_thread(org):
    services.configure_guardrails({"agent.approval_required": True})
    post = open_digest(org)
    event = Event.objects.last()
    assert (post.status, event.verb, event.payload["routed_by"], event.payload["opens_thread"]) == (
        "draft", "post.drafted", "agent.approval_required", True)
    assert [p.key for p in services.read_thread(org.alice, post.thread)] == []
    services.approve_post(org.bob, post)
    assert [p.key for p in services.read_thread(org.alice, post.thread)] == [post.key]

    threads, last = Thread.objects.count(), Event.objects.last().pk
    with pytest.raises(InvalidAction):
        services.post_question(org.agent, org.eng, title="Around approval", body="Published?")
    assert [e.verb for e in events_after(last)] == ["question.refused"]
    assert Thread.objects.count() == threads


def test_it_keeps_an_analyse_only_agents_thread_for_its_invoker(org):
    services.configure_guardrails({"agent.autonomy": "analyse"})
    post = open_digest(org)
    assert (post.status, Event.objects.last().verb) == ("private", "post.private")


def test_it_carries_the_quotes_of_an_opening_post(org):
    row = json.dumps(org.dataset.records.first().data)
    open_digest(org, body=f"Top user: {row}")
    payload = Event.objects.last().payload
    assert (payload["quotes"], payload["space"]) == ({"user-metrics": 1}, "eng")


def test_it_refuses_a_thread_a_guardrail_refuses_and_opens_nothing(org, no_leaks):
    row = json.dumps(org.dataset.records.first().data)
    threads, last = Thread.objects.count(), Event.objects.last().pk
    with pytest.raises(GuardrailRefused):
        open_digest(org, body=f"Top user: {row}", key="digest-1")
    [event] = events_after(last)
    assert (event.verb, event.target, event.on_behalf_of) == ("post.refused", "space:eng", org.bob)
    assert (event.payload["guardrail"], event.payload["thread"], event.payload["quotes"]) == (
        no_leaks, "digest-1", {"user-metrics": 1})
    assert Thread.objects.count() == threads
    assert not Post.objects.filter(author=org.agent).exists()


def test_a_drafted_thread_shows_nothing_not_even_its_title_until_it_is_approved(org, client):
    from django.urls import reverse

    services.configure_guardrails({"agent.approval_required": True})
    post = open_digest(org, key="digest-draft")
    client.force_login(org.alice)
    space_page = client.get(reverse("forum:space", args=[org.eng.slug])).content.decode()
    assert "Digest" not in space_page
    assert client.get(reverse("forum:thread", args=["digest-draft"])).status_code == 404
    client.force_login(org.bob)
    assert "Digest" in client.get(reverse("forum:space", args=[org.eng.slug])).content.decode()
    services.approve_post(org.bob, post)
    client.force_login(org.alice)
    assert "Digest" in client.get(reverse("forum:space", args=[org.eng.slug])).content.decode()
