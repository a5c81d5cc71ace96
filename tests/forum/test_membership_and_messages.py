"""Changing the organisation while it runs: joining and leaving groups, switching a
guardrail, and messages between people, each through the service layer with one event."""

import pytest

from forum import guardrails, permissions, services
from forum.errors import InvalidAction
from forum.models import Event, GuardrailSetting
from forum.services.messages import MAX_MESSAGE_CHARS
from scenarios.format import limits


def last_event():
    return Event.objects.order_by("pk").last()


def test_a_joiner_reaches_what_the_group_reads_at_once(org):
    assert not permissions.can_read_space(org.olga, org.eng)
    assert not permissions.can_read_resource(org.olga, org.dataset)
    services.join_group(org.olga, org.data_team)
    assert permissions.can_read_resource(org.olga, org.dataset)
    assert permissions.can_read_space(org.olga, org.finance)
    event = last_event()
    assert (event.verb, event.target, event.payload, event.actor) == (
        "group.member_added", "group:data-team", {"principal": "olga"}, None)


def test_a_leaver_no_longer_reaches_what_the_group_reads(org):
    services.leave_group(org.dana, org.data_team)
    assert not permissions.can_read_resource(org.dana, org.dataset)
    assert permissions.can_read_space(org.dana, org.eng)   # still in all-engineers
    assert (last_event().verb, last_event().payload) == (
        "group.member_removed", {"principal": "dana"})


@pytest.mark.parametrize("call, message", [
    (lambda org: services.join_group(org.alice, org.engineers),
     "alice is already a member of all-engineers"),
    (lambda org: services.leave_group(org.olga, org.engineers),
     "olga is not a member of all-engineers"),
])
def test_joining_twice_or_leaving_a_group_one_is_not_in_is_refused(org, call, message):
    with pytest.raises(InvalidAction, match=message):
        call(org)
    event = last_event()
    assert (event.verb, event.payload["reason"]) == ("group.membership_refused", message)


def test_a_guardrail_set_outside_a_run_is_stored_and_logged_with_its_old_value(org):
    change = services.set_guardrail("acl.alert_delay_minutes", "15")
    assert change == {"guardrail": "acl.alert_delay_minutes", "old": None, "new": 15.0}
    assert GuardrailSetting.objects.get(key="acl.alert_delay_minutes").value == 15.0
    assert guardrails.in_force()["acl.alert_delay_minutes"] == 15.0
    event = last_event()
    assert (event.verb, event.target, event.payload) == ("guardrail.changed", "forum", change)


def test_a_guardrail_set_in_a_run_changes_the_settings_in_force_not_the_starting_ones(org):
    started = guardrails.coerce_settings({"agent.autonomy": "post"})
    with guardrails.use(started):
        services.set_guardrail("agent.autonomy", "draft")
        assert guardrails.in_force()["agent.autonomy"] == "draft"
    assert started["agent.autonomy"] == "post"
    assert guardrails.in_force()["agent.autonomy"] == "draft"  # stored too


@pytest.mark.parametrize("key, value, message", [
    ("acl.magic", True, "unknown guardrail 'acl.magic'"),
    ("agent.autonomy", "lots", "agent.autonomy: expected one of analyse, draft, post"),
])
def test_a_bad_guardrail_change_raises_naming_the_key_and_logs_nothing(org, key, value, message):
    before = last_event().pk
    with pytest.raises(ValueError, match=message):
        services.set_guardrail(key, value)
    assert last_event().pk == before


def test_a_message_is_logged_for_its_recipient(org):
    event = services.send_message(org.dana, org.alice, "  Ask me before you grant anything. ")
    assert (event.verb, event.actor, event.target, event.payload) == (
        "message.sent", org.dana, "principal:alice",
        {"text": "Ask me before you grant anything."})


@pytest.mark.parametrize("text", ["", "   ", "x" * (MAX_MESSAGE_CHARS + 1)])
def test_an_empty_or_overlong_message_is_refused(org, text):
    with pytest.raises(InvalidAction, match="a message is 1 to 500"):
        services.send_message(org.dana, org.alice, text)
    assert last_event().verb == "message.refused"


def test_the_message_limit_is_the_scenario_formats():
    assert MAX_MESSAGE_CHARS == limits.MAX_MESSAGE_CHARS
