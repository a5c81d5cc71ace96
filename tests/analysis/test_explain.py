import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

SANDBOX = pytest.mark.django_db(databases=["default", "sandbox"])


def explain(*args) -> str:
    out = StringIO()
    call_command("explain", "meta_internal_forum", *args, stdout=out)
    return out.getvalue()


@SANDBOX
def test_approval_and_policy_check_each_prevent_the_reference_incident():
    report = json.loads(explain("--seed", "1", "--format", "json"))
    assert report["baseline"]["outcome"] == "exposure"
    assert "agent.approval_required=true" in report["preventing"]
    assert "acl.policy_check=true" in report["preventing"]
    assert "ai.label_shown=true" not in report["preventing"] + report["shortening"]
    by_setting = {c["setting"]: c for c in report["controls"]}
    assert by_setting["agent.approval_required=true"]["variant_approvals_requested"] == 1
    assert by_setting["acl.alert_delay_minutes=15"]["verdict"] == "shortened"
    assert by_setting["acl.alert_delay_minutes=15"]["window_change_minutes"] < 0
    assert {"agent.autonomy=draft", "agent.autonomy=analyse"} <= set(by_setting)


@SANDBOX
def test_it_names_the_reference_incidents_contributing_factors():
    report = json.loads(explain("--seed", "1", "--format", "json"))
    present = {f["factor"]: f for f in report["factors"] if f["present"]}
    assert set(present) == {"wrong_advice", "unapproved_agent_action", "unverified_follow",
                            "lone_widening", "missing_review_or_alert"}
    assert "priya" in present["unverified_follow"]["evidence"][0]


@SANDBOX
def test_the_text_report_says_what_would_have_prevented_it():
    text = explain("--seed", "1")
    assert "Would have prevented it: agent.approval_required=true" in text
    assert "Would have prevented it: acl.policy_check=true" in text
    assert "[x] The human who did not verify" in text


@SANDBOX
def test_with_the_control_already_on_there_is_nothing_to_prevent():
    report = json.loads(explain("--set", "agent.approval_required=true", "--format", "json"))
    assert report["baseline"]["outcome"] == "prevented"
    assert report["preventing"] == []
    assert [a["setting"] for a in report["already_on"]] == ["agent.approval_required=true"]
    assert not any(f["present"] for f in report["factors"])


@SANDBOX
def test_markdown_has_a_table_of_controls():
    markdown = explain("--format", "markdown")
    assert "| `acl.policy_check=true` | near_miss |" in markdown


def test_it_rejects_an_unknown_guardrail():
    with pytest.raises(CommandError, match="unknown guardrail"):
        explain("--set", "no.such=true")
