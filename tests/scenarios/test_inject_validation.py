"""The new timeline entries (set_guardrail, join_group, leave_group, send_message) are
checked like the others: in a scenario file (`validate_scenario`, with file, line and key
path) and one at a time as a facilitator's inject (`check_entry`, one line naming the field)."""

import copy
import io

import pytest
from django.core.management import CommandError, call_command

from scenarios.format import ScenarioError, check_entry, parse_scenario

from .test_validate_scenario import BASE, FILE, dump, line_of_marker

JOIN = {"at": "30m", "do": "join_group", "principal": "watcher", "group": "staff"}
LEAVE = {"at": "50m", "do": "leave_group", "principal": "keeper", "group": "owners"}
SWITCH = {"at": "15m", "do": "set_guardrail", "guardrail": "acl.policy_check", "value": True}
MESSAGE = {"at": "5m", "do": "send_message", "sender": "keeper", "to": "caller",
           "text": "Check with me before you approve anything."}
GOOD = [JOIN, LEAVE, SWITCH, MESSAGE]

# (id, entry, key path under the entry, message fragment, line marker)
BAD = [
    ("unknown-guardrail", {**SWITCH, "guardrail": "acl.magic"}, "guardrail",
     "unknown guardrail 'acl.magic'; known guardrails: acl.alert_delay_minutes",
     "guardrail: acl.magic"),
    ("bad-guardrail-value", {**SWITCH, "guardrail": "agent.autonomy", "value": "lots"}, "value",
     "agent.autonomy: expected one of analyse, draft, post, got 'lots'", "value: lots"),
    ("guardrail-value-a-list", {**SWITCH, "value": [1, 2]}, "value",
     "expected a guardrail value", "value:"),
    ("unknown-group", {**JOIN, "group": "wizards"}, "group", "unknown group 'wizards'",
     "group: wizards"),
    ("unknown-principal", {**JOIN, "principal": "nobody"}, "principal",
     "unknown principal 'nobody'", "principal: nobody"),
    ("already-a-member", {**JOIN, "principal": "asker"}, "group",
     "'asker' is already a member of group 'staff' at 30m", ("group: staff", 1)),
    ("not-a-member", {**LEAVE, "group": "bots"}, "group",
     "'keeper' is not a member of group 'bots' at 50m", "group: bots"),
    ("unknown-recipient", {**MESSAGE, "to": "ghost"}, "to", "unknown principal 'ghost'",
     "to: ghost"),
    ("message-too-long", {**MESSAGE, "text": "x" * 501}, "text", "at most 500 characters",
     "text: xxx"),
    ("empty-message", {**MESSAGE, "text": ""}, "text", "at least 1 character", "text: ''"),
    ("past-the-duration", {**JOIN, "at": "3h"}, "at",
     "at 3h00m is not before the end of the run (duration 2h00m)", "at: 3h"),
    ("past-max-minutes", {**SWITCH, "at": 10**9}, "at", "between 0 and 525600", "at: 1000000000"),
]


def with_entries(*entries) -> dict:
    data = copy.deepcopy(BASE)
    data["timeline"] += [copy.deepcopy(e) for e in entries]
    return data


def issues_of(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, FILE)
    return [str(issue) for issue in caught.value.issues]


def test_a_scenario_with_every_new_entry_is_valid():
    loaded = parse_scenario(dump(with_entries(*GOOD)), FILE)
    assert [e.do for e in loaded.scenario.timeline[2:]] == [
        "join_group", "leave_group", "set_guardrail", "send_message"]


def test_a_join_after_a_leave_of_the_same_group_is_valid():
    leave = {**JOIN, "at": "50m", "do": "leave_group"}
    rejoin = {**JOIN, "at": "70m"}
    parse_scenario(dump(with_entries(JOIN, leave, rejoin)), FILE)


@pytest.mark.parametrize("entry, path, fragment, marker", [c[1:] for c in BAD],
                         ids=[c[0] for c in BAD])
def test_a_bad_entry_in_a_file_names_its_line_and_key(entry, path, fragment, marker):
    text = dump(with_entries(entry))
    prefix = f"{FILE}:{line_of_marker(text, marker)}: timeline[2].{path}: "
    issues = issues_of(text)
    assert any(i.startswith(prefix) and fragment in i for i in issues), issues


def test_validate_scenario_reports_a_bad_inject_kind_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(dump(with_entries({**JOIN, "principal": "asker"},
                                     {**SWITCH, "guardrail": "acl.magic"})))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 scenario file"):
        call_command("validate_scenario", str(bad), stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert any("timeline[2].group: 'asker' is already a member" in line for line in lines)
    assert any("timeline[3].guardrail: unknown guardrail 'acl.magic'" in line
               for line in lines)


# --- one inject at a time ------------------------------------------------------------


def scenario():
    return parse_scenario(dump(BASE), FILE).scenario


def refusal(data, **kwargs) -> str:
    with pytest.raises(ScenarioError) as caught:
        check_entry(scenario(), data, **kwargs)
    assert len(caught.value.issues) == 1
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("entry", GOOD, ids=[e["do"] for e in GOOD])
def test_check_entry_returns_the_typed_entry(entry):
    checked = check_entry(scenario(), entry)
    assert checked.do == entry["do"]
    assert checked.at == float(entry["at"].removesuffix("m"))


@pytest.mark.parametrize("entry, path, fragment", [c[1:4] for c in BAD],
                         ids=[c[0] for c in BAD])
def test_check_entry_refuses_a_bad_inject_in_one_line_naming_the_field(entry, path, fragment):
    message = refusal(entry)
    assert message.startswith(f"inject: {path}: ") and fragment in message, message


def test_check_entry_judges_membership_after_the_injects_accepted_before():
    joined = check_entry(scenario(), JOIN)
    assert "'watcher' is already a member of group 'staff' at 40m" in refusal(
        {**JOIN, "at": "40m"}, earlier=[joined])
    check_entry(scenario(), {**LEAVE, "principal": "watcher", "group": "staff"},
                earlier=[joined])


@pytest.mark.parametrize("entry, fragment", [
    ({"at": "5m", "do": "raise_alert", "resource": "vault"},
     "inject: resource: unknown resource 'vault'"),
    ({"at": "5m", "do": "post_question", "actor": "asker",
      "question": {"key": "q1", "space": "help", "title": "T", "body": "B"}},
     "inject: question.key: 'q1' is declared twice"),
    ({"at": "5m", "do": "post_question", "actor": "watcher",
      "question": {"key": "q2", "space": "news", "title": "T", "body": "B"}},
     "inject: actor: 'watcher' may not post in 'news'"),
    ({"at": "5m", "do": "post_injection", "actor": "asker", "thread": "q9",
      "carrier": "plain", "asks": {"quote_records": {"resource": "ledger"}}},
     "inject: thread: unknown thread 'q9'"),
    ({"at": "5m", "do": "read_resource", "actor": "nobody", "resource": "ledger"},
     "inject: actor: unknown principal 'nobody'"),
    ({"at": "5m", "do": "teleport"}, "inject: do: unknown timeline action 'teleport'"),
    ({"do": "raise_alert", "resource": "ledger"}, "inject: at: this key is required"),
    ("raise an alert", "inject: (top level): an inject is a mapping"),
], ids=["alert-unknown-resource", "question-key-taken", "question-poster-not-allowed",
        "injection-unknown-thread", "read-unknown-actor", "unknown-kind", "no-minute",
        "not-a-mapping"])
def test_check_entry_checks_the_existing_kinds_as_the_file_does(entry, fragment):
    assert refusal(entry).startswith(fragment)


def test_check_entry_accepts_an_alert_on_a_declared_resource():
    entry = check_entry(scenario(), {"at": 45, "do": "raise_alert", "resource": "ledger"})
    assert (entry.at, entry.resource) == (45.0, "ledger")
