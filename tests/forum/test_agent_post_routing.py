"""An agent's post is routed by the guardrails, who see which records it copies and
whether its space reaches people outside those records' intended audience."""

import json

import pytest

from forum import guardrails, services
from forum.errors import GuardrailRefused
from forum.models import Event, Post
from tests.factories import ResourceFactory, SpaceFactory

from .conftest import SEEN

def rows(org, count):
    return json.dumps([r.data for r in org.dataset.records.all()[:count]])


def answer(org, body, **kwargs):
    return services.agent_respond(org.agent, org.question, invoker=org.bob, body=body, **kwargs)


def test_it_tells_the_guardrails_what_a_post_copies_and_that_it_reaches_outsiders(org, no_leaks):
    services.configure_guardrails({no_leaks: False})
    answer(org, f"Here: {rows(org, 2)}")
    assert SEEN[-1].quotes == (guardrails.Quote("user-metrics", 2, True),)


def test_it_says_when_a_space_reaches_only_the_intended_audience(org, no_leaks):
    team_data = ResourceFactory(slug="team-data", intended_groups=[org.data_team, org.agents])
    room = SpaceFactory(slug="data-room", readers=[org.data_team, org.agents],
                        posters=[org.data_team, org.agents])
    thread = services.post_question(org.dana, room, title="Rows?", body="Which rows?")
    row = json.dumps(team_data.records.first().data)
    post = services.agent_respond(org.agent, thread, invoker=org.dana, body=row)
    assert SEEN[-1].quotes == (guardrails.Quote("team-data", 1, False),)
    assert post.status == "published"


def test_it_refuses_a_post_a_guardrail_refuses(org, no_leaks):
    last = Event.objects.last().pk
    with pytest.raises(GuardrailRefused, match="test.no_leaks.*user-metrics") as refusal:
        answer(org, f"Here: {rows(org, 2)}")
    assert refusal.value.guardrail == no_leaks
    events = list(Event.objects.filter(pk__gt=last))
    assert [(e.verb, e.target, e.actor, e.on_behalf_of) for e in events] == [
        ("post.refused", f"thread:{org.question.key}", org.agent, org.bob)]
    assert events[0].payload == {
        "reason": refusal.value.message, "error": "guardrail_refused", "guardrail": no_leaks,
        "thread": org.question.key, "space": "eng", "quotes": {"user-metrics": 2}}
    assert not Post.objects.filter(author=org.agent).exists()


def test_it_publishes_a_post_that_copies_nothing_as_before(org, no_leaks):
    post = answer(org, "No rows, just advice.")
    assert post.status == "published"
    assert Event.objects.last().payload == {
        "thread": org.question.key, "provenance": "ai", "advice": None}


def test_it_publishes_copied_records_with_their_quotes_and_space(org):
    post = answer(org, f"Here: {rows(org, 3)}")
    assert post.quoted_records == {"user-metrics": 3}
    payload = Event.objects.last().payload
    assert (payload["quotes"], payload["space"]) == ({"user-metrics": 3}, "eng")
    assert "routed_by" not in payload


def test_an_agent_that_asks_for_a_draft_gets_one(org):
    post = answer(org, "Please check this first", draft=True)
    event = Event.objects.last()
    assert (post.status, event.verb, event.payload["routed_by"]) == (
        "draft", "post.drafted", "agent")


def test_asking_for_a_draft_never_loosens_a_stricter_route(org):
    services.configure_guardrails({"agent.autonomy": "analyse"})
    post = answer(org, "Only for bob", draft=True)
    event = Event.objects.last()
    assert (post.status, event.verb, event.payload["routed_by"]) == (
        "private", "post.private", "agent.autonomy")


def test_it_names_the_guardrail_that_routed_a_draft(org):
    services.configure_guardrails({"agent.approval_required": True})
    answer(org, "Wait for bob")
    assert Event.objects.last().payload["routed_by"] == "agent.approval_required"
