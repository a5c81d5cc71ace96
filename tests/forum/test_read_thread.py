"""Reading a thread through the one door: what the reader may see, and the read logged."""

import json

import pytest
from django.urls import reverse

from forum import services
from forum.errors import AccessDenied
from forum.models import Event


def a_row(org, index=0):
    return json.dumps(list(org.dataset.records.all())[index].data)


def test_it_returns_the_posts_the_reader_may_see_in_order(org):
    services.reply(org.bob, org.question, body="First reply")
    services.configure_guardrails({"agent.approval_required": True})
    draft = services.agent_respond(org.agent, org.question, invoker=org.alice, body="For alice")
    keys_for = {who: [p.key for p in services.read_thread(who, org.question)]
                for who in (org.alice, org.bob)}
    assert keys_for[org.bob] == [f"{org.question.key}.1", f"{org.question.key}.2"]
    assert keys_for[org.alice] == keys_for[org.bob] + [draft.key]


def test_it_logs_the_read_with_the_posts_seen(org):
    posts = services.read_thread(org.bob, org.question)
    event = Event.objects.last()
    assert (event.verb, event.target, event.actor) == (
        "thread.read", f"thread:{org.question.key}", org.bob)
    assert event.payload == {"posts": [p.key for p in posts], "quotes": {}}


def test_it_counts_the_records_the_published_posts_copy(org):
    services.reply(org.bob, org.question, body=f"Rows: {a_row(org, 0)} and {a_row(org, 1)}")
    services.reply(org.dana, org.question, body=f"One more: {a_row(org, 2)}")
    services.configure_guardrails({"agent.approval_required": True})
    services.agent_respond(org.agent, org.question, invoker=org.alice, body=a_row(org, 3))
    services.read_thread(org.alice, org.question)
    event = Event.objects.last()
    assert len(event.payload["posts"]) == 4  # the draft is alice's, but it exposes nothing
    assert event.payload["quotes"] == {"user-metrics": 3}


def test_it_records_for_whom_and_why_an_agent_read(org):
    invoked = services.invoke_agent(org.bob, org.agent, org.question)
    services.read_thread(org.agent, org.question, on_behalf_of=org.bob, cause=invoked)
    event = Event.objects.last()
    assert (event.actor, event.on_behalf_of, event.cause) == (org.agent, org.bob, invoked)


def test_it_refuses_a_reader_who_cannot_read_the_space(org):
    last = Event.objects.last().pk
    with pytest.raises(AccessDenied):
        services.read_thread(org.olga, org.question, on_behalf_of=org.bob)
    events = list(Event.objects.filter(pk__gt=last))
    assert [(e.verb, e.actor, e.on_behalf_of, e.payload["error"]) for e in events] == [
        ("thread.read_refused", org.olga, org.bob, "access_denied")]


def test_it_leaves_hidden_posts_out(org):
    leaked = services.reply(org.alice, org.question, body=a_row(org))
    services.hide_post(org.bob, leaked)
    posts = services.read_thread(org.bob, org.question)
    assert leaked.key not in [p.key for p in posts]
    assert Event.objects.last().payload["quotes"] == {}


def test_it_logs_a_persons_read_of_the_thread_page(login, org):
    login(org.bob).get(reverse("forum:thread", args=[org.question.key]))
    event = Event.objects.last()
    assert (event.verb, event.actor, event.payload["posts"]) == (
        "thread.read", org.bob, [f"{org.question.key}.1"])
