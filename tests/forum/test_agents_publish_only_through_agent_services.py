"""Agents may not bypass approval: the services for people's posts refuse them."""

import pytest

from forum import services
from forum.errors import InvalidAction
from forum.models import Event, Post, Thread

WHY = "agents publish through agent_respond / agent_open_thread"


def state():
    return Thread.objects.count(), Post.objects.count()


def test_post_question_refuses_an_agent(org):
    before, last = state(), Event.objects.last().pk
    with pytest.raises(InvalidAction, match=WHY):
        services.post_question(org.agent, org.eng, title="Hi", body="An agent's question")
    events = list(Event.objects.filter(pk__gt=last))
    assert [(e.verb, e.target, e.actor, e.payload["error"]) for e in events] == [
        ("question.refused", "space:eng", org.agent, "invalid_action")]
    assert state() == before


def test_reply_refuses_an_agent(org):
    before, last = state(), Event.objects.last().pk
    with pytest.raises(InvalidAction, match=WHY):
        services.reply(org.agent, org.question, body="An agent's reply")
    events = list(Event.objects.filter(pk__gt=last))
    assert [(e.verb, e.target, e.payload["reason"]) for e in events] == [
        ("post.refused", f"thread:{org.question.key}", WHY)]
    assert state() == before
