"""Scenario validation: every malformed file gives a precise `file:line: key.path: message`,
and `manage.py validate_scenario` reports them all without a traceback."""

import copy
import io
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from scenarios.format import ScenarioError, parse_scenario
from scenarios.format.lines import resolve

FILE = "case.yaml"
ROOT = Path(__file__).resolve().parents[2]

BASE = {
    "name": "tiny",
    "title": "Tiny",
    "duration": "2h",
    "org": {
        "groups": [{"slug": "staff"}, {"slug": "owners"}, {"slug": "bots"}],
        "principals": [
            {"username": "asker", "groups": ["staff"]},
            {"username": "caller", "groups": ["staff"]},
            {"username": "keeper", "groups": ["staff", "owners"]},
            {"username": "watcher", "groups": []},
            {"username": "bot", "kind": "agent", "groups": ["bots"]},
        ],
        "crowds": [{"prefix": "crew", "count": 3, "groups": ["staff"]}],
    },
    "spaces": [
        {"slug": "help", "name": "Help", "readers": ["staff", "bots"],
         "posters": ["staff", "bots"]},
        {"slug": "news", "name": "News", "readers": ["staff"], "posters": ["owners"]},
    ],
    "resources": [{"slug": "ledger", "name": "Ledger", "classification": "restricted",
                   "records": 100, "intended": {"groups": ["owners"]}}],
    "grants": [{"resource": "ledger", "principal": "keeper", "permission": "admin"}],
    "guardrails": {"agent.autonomy": "post"},
    "timeline": [
        {"at": "0m", "do": "post_question", "actor": "asker",
         "question": {"key": "q1", "space": "help", "title": "T", "body": "B"}},
        {"at": "10m", "do": "invoke_agent", "actor": "caller", "agent": "analyst",
         "thread": "q1"},
    ],
    "actors": {
        "analyst": {"behaviour": "agent", "principal": "bot", "think": "1m", "accuracy": 0.0,
                    "wrong_advice": {"action": "grant", "resource": "ledger", "group": "staff",
                                     "summary": "open it", "safe": False}},
        "caller-role": {"behaviour": "invoker", "principal": "caller", "reaction": "5m"},
        "keeper-role": {"behaviour": "follower", "principal": "keeper", "watch": ["help"],
                        "reaction": {"dist": "lognormal", "median": "10m", "sigma": 0.5}},
        "sec": {"behaviour": "monitor", "principal": "watcher", "watch": ["ledger"],
                "detect": "30m"},
        "crowd": {"behaviour": "curious", "group": "staff", "curiosity": 0.1, "delay": "20m"},
    },
}


def put(path, value):
    def edit(data):
        *parents, last = path
        for key in parents:
            data = data[key]
        data[last] = value
    return edit


def drop(path):
    def edit(data):
        *parents, last = path
        for key in parents:
            data = data[key]
        del data[last]
    return edit


def add(path, item):
    return lambda data: _at(data, path).append(copy.deepcopy(item))


def _at(data, path):
    for key in path:
        data = data[key]
    return data


SECOND_QUESTION = {"at": "20m", "do": "post_question", "actor": "asker",
                   "question": {"key": "q1", "space": "help", "title": "T2", "body": "B2"}}
AMPLIFIER = {"behaviour": "amplifier", "principal": "bot", "watch": ["help"],
             "post_in": "news", "owner": "caller", "think": "5m"}

# (id, edit of BASE, expected key path, message fragment, line marker: the text, or the
# text and which occurrence of it, on the line the issue must name)
CASES = [
    ("grant-unknown-principal", put(["grants", 0, "principal"], "nobody"),
     "grants[0].principal", "unknown principal 'nobody'", "principal: nobody"),
    ("grant-two-grantees", put(["grants", 0, "group"], "staff"),
     "grants[0]", "exactly one of 'group' or 'principal'", ("resource: ledger", 1)),
    ("at-not-a-duration", put(["timeline", 1, "at"], "soon"),
     "timeline[1].at", "expected a duration like '90s'", "at: soon"),
    ("reaction-in-words", put(["actors", "caller-role", "reaction"], "5 minutes"),
     "actors.caller-role.reaction", "got '5 minutes'", "reaction: 5 minutes"),
    ("distribution-median-not-a-duration",
     put(["actors", "keeper-role", "reaction", "median"], "x"),
     "actors.keeper-role.reaction.median", "expected a duration", "median: x"),
    ("unknown-distribution", put(["actors", "keeper-role", "reaction"],
                                 {"dist": "gamma", "mean": "3m"}),
     "actors.keeper-role.reaction.dist", "unknown distribution 'gamma'", "dist: gamma"),
    ("distribution-without-dist", put(["actors", "keeper-role", "reaction"], {"mean": "3m"}),
     "actors.keeper-role.reaction.dist", "required but missing (one of fixed, uniform",
     ("reaction:", 2)),
    ("uniform-min-above-max", put(["actors", "caller-role", "reaction"],
                                  {"dist": "uniform", "min": "9m", "max": "1m"}),
     "actors.caller-role.reaction", "min must not be larger than max", ("reaction:", 1)),
    ("lognormal-sigma-too-large", put(["actors", "keeper-role", "reaction", "sigma"], 9),
     "actors.keeper-role.reaction.sigma", "less than or equal to 5, got 9", "sigma: 9"),
    ("missing-required-actor-key", drop(["actors", "analyst", "think"]),
     "actors.analyst.think", "required but missing", "analyst:"),
    ("missing-top-level-key", drop(["title"]), "title", "required but missing", "name: tiny"),
    ("missing-question-body", drop(["timeline", 0, "question", "body"]),
     "timeline[0].question.body", "required but missing", "question:"),
    ("records-not-a-number", put(["resources", 0, "records"], "many"),
     "resources[0].records", "valid integer, unable to parse string as an integer, got 'many'",
     "records: many"),
    ("probability-true", put(["actors", "analyst", "accuracy"], True),
     "actors.analyst.accuracy", "expected a number, got true", "accuracy: true"),
    ("classification-unknown", put(["resources", 0, "classification"], "secret"),
     "resources[0].classification", "got 'secret'", "classification: secret"),
    ("slug-with-spaces", put(["spaces", 0, "slug"], "Help Desk"),
     "spaces[0].slug", "expected a slug", "slug: Help Desk"),
    ("actors-as-a-list", put(["actors"], []),
     "actors", "valid dictionary, got a list", "actors:"),
    ("timeline-entry-not-a-mapping", put(["timeline", 0], "hello"),
     "timeline[0]", "got 'hello'", "- hello"),
    ("advice-unknown-resource", put(["actors", "analyst", "wrong_advice", "resource"], "vault"),
     "actors.analyst.wrong_advice.resource", "unknown resource 'vault'", "resource: vault"),
    ("advice-unknown-group", put(["actors", "analyst", "wrong_advice", "group"], "everyone"),
     "actors.analyst.wrong_advice.group", "unknown group 'everyone'", "group: everyone"),
    ("unknown-guardrail", put(["guardrails", "agent.aproval_required"], True),
     "guardrails.agent.aproval_required", "unknown guardrail 'agent.aproval_required'",
     "agent.aproval_required:"),
    ("bad-choice-guardrail", put(["guardrails", "agent.autonomy"], "yolo"),
     "guardrails.agent.autonomy", "expected one of analyse, draft, post, got 'yolo'",
     "agent.autonomy: yolo"),
    ("bad-bool-guardrail", put(["guardrails", "acl.policy_check"], "maybe"),
     "guardrails.acl.policy_check", "expected true or false, got 'maybe'",
     "acl.policy_check: maybe"),
    ("negative-minutes-guardrail", put(["guardrails", "acl.grant_expiry_minutes"], -5),
     "guardrails.acl.grant_expiry_minutes", "positive number of minutes",
     "acl.grant_expiry_minutes: -5"),
    ("unknown-behaviour", put(["actors", "sec", "behaviour"], "watchman"),
     "actors.sec.behaviour", "unknown behaviour 'watchman'; expected one of follower",
     "behaviour: watchman"),
    ("missing-behaviour", drop(["actors", "sec", "behaviour"]),
     "actors.sec.behaviour", "required but missing (one of follower", "sec:"),
    ("unknown-timeline-action", put(["timeline", 1, "do"], "summon"),
     "timeline[1].do", "unknown timeline action 'summon'", "do: summon"),
    ("typo-top-level", put(["duraton"], "1h"),
     "duraton", "unknown key 'duraton' (did you mean 'duration'?)", "duraton:"),
    ("typo-in-actor", put(["actors", "analyst", "acuracy"], 0.5),
     "actors.analyst.acuracy", "did you mean 'accuracy'?", "acuracy:"),
    ("typo-in-persona-trust", put(["actors", "keeper-role", "persona"],
                                  {"trust": {"ai_unlabeled": 0.5}}),
     "actors.keeper-role.persona.trust.ai_unlabeled", "did you mean 'ai_unlabelled'?",
     "ai_unlabeled:"),
    ("typo-in-distribution", put(["actors", "keeper-role", "reaction", "meadian"], "3m"),
     "actors.keeper-role.reaction.meadian", "did you mean 'median'?", "meadian:"),
    ("typo-in-question", put(["timeline", 0, "question", "titel"], "x"),
     "timeline[0].question.titel", "did you mean 'title'?", "titel:"),
    ("typo-in-org", put(["org", "principals", 0, "grups"], []),
     "org.principals[0].grups", "did you mean 'groups'?", "grups:"),
    ("duplicate-group", add(["org", "groups"], {"slug": "staff"}),
     "org.groups[3].slug", "'staff' is declared twice", ("slug: staff", 2)),
    ("principal-clashes-with-crowd", add(["org", "principals"], {"username": "crew-02"}),
     "org.crowds[0].prefix", "'crew-02' is declared twice", "prefix: crew"),
    ("duplicate-space", add(["spaces"], {"slug": "help", "name": "Again", "readers": [],
                                         "posters": []}),
     "spaces[2].slug", "'help' is declared twice", ("slug: help", 2)),
    ("duplicate-thread-key", add(["timeline"], SECOND_QUESTION),
     "timeline[2].question.key", "'q1' is declared twice", ("key: q1", 2)),
    ("probability-above-one", put(["actors", "analyst", "accuracy"], 1.5),
     "actors.analyst.accuracy", "less than or equal to 1, got 1.5", "accuracy: 1.5"),
    ("probability-below-zero", put(["actors", "crowd", "curiosity"], -0.1),
     "actors.crowd.curiosity", "greater than or equal to 0, got -0.1", "curiosity: -0.1"),
    ("invoke-a-monitor", put(["timeline", 1, "agent"], "sec"),
     "timeline[1].agent", "actor 'sec' has behaviour 'monitor'", "agent: sec"),
    ("invoke-unknown-actor", put(["timeline", 1, "agent"], "ghost"),
     "timeline[1].agent", "unknown actor 'ghost'", "agent: ghost"),
    ("invoke-unknown-thread", put(["timeline", 1, "thread"], "q9"),
     "timeline[1].thread", "unknown thread 'q9'", "thread: q9"),
    ("invoke-before-the-question", put(["timeline", 0, "at"], "30m"),
     "timeline[1].thread", "posted at 30m, after this invocation", "thread: q1"),
    ("entry-after-the-end", put(["timeline", 1, "at"], "3h"),
     "timeline[1].at", "at 3h00m is not before the end of the run (duration 2h00m)", "at: 3h"),
    ("entry-at-the-end", put(["timeline", 1, "at"], "2h"),
     "timeline[1].at", "not before the end of the run", "at: 2h"),
    ("watch-unknown-space", put(["actors", "keeper-role", "watch"], ["halp"]),
     "actors.keeper-role.watch[0]", "unknown space 'halp'", "- halp"),
    ("monitor-watch-unknown-resource", put(["actors", "sec", "watch"], ["ledgr"]),
     "actors.sec.watch[0]", "unknown resource 'ledgr'", "- ledgr"),
    ("agent-behaviour-on-an-employee", put(["actors", "analyst", "principal"], "asker"),
     "actors.analyst.principal",
     "behaviour 'agent' needs an agent, but 'asker' is declared as an employee",
     "principal: asker"),
    ("agent-behaviour-on-a-crowd-member", put(["actors", "analyst", "principal"], "crew-01"),
     "actors.analyst.principal", "'crew-01' is declared as an employee", "principal: crew-01"),
    ("follower-behaviour-on-an-agent", put(["actors", "keeper-role", "principal"], "bot"),
     "actors.keeper-role.principal", "behaviour 'follower' needs an employee", ("principal: bot", 2)),
    ("accuracy-without-correct-advice", put(["actors", "analyst", "accuracy"], 0.5),
     "actors.analyst.accuracy", "needs a correct_advice", "accuracy: 0.5"),
    ("question-by-someone-who-may-not-post", put(["timeline", 0, "actor"], "watcher"),
     "timeline[0].actor", "'watcher' may not post in 'help' (posters: staff, bots)",
     "actor: watcher"),
    ("amplifier-posting-where-it-may-not", put(["actors", "amp"], AMPLIFIER),
     "actors.amp.post_in", "'bot' may not post in 'news'", "post_in: news"),
    ("amplifier-unknown-owner", put(["actors", "amp"], {**AMPLIFIER, "post_in": "help",
                                                        "owner": "nobody"}),
     "actors.amp.owner", "unknown principal 'nobody'", "owner: nobody"),
    ("curious-unknown-group", put(["actors", "crowd", "group"], "nobodies"),
     "actors.crowd.group", "unknown group 'nobodies'", "group: nobodies"),
    ("intended-unknown-principal", put(["resources", 0, "intended", "principals"], ["zed"]),
     "resources[0].intended.principals[0]", "unknown principal 'zed'", "- zed"),
    ("space-unknown-group", put(["spaces", 1, "posters"], ["admins"]),
     "spaces[1].posters[0]", "unknown group 'admins'", "- admins"),
    ("zero-duration", put(["duration"], 0), "duration", "greater than 0", "duration: 0"),
    ("negative-duration", put(["duration"], -5), "duration", "cannot be negative",
     "duration: -5"),
    ("infinite-duration", put(["duration"], float("inf")), "duration", "finite", "duration:"),
    ("start-not-a-time", put(["start"], "yesterday"), "start", "got 'yesterday'",
     "start: yesterday"),
    ("expected-range-upside-down", put(["expected"], {"incident_window_minutes":
                                                      {"min": 5, "max": 1}}),
     "expected.incident_window_minutes", "min must not be larger than max",
     "incident_window_minutes:"),
    ("expected-unknown-outcome", put(["expected"], {"outcome": "boom"}),
     "expected.outcome", "got 'boom'", "outcome: boom"),
]


def dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, width=1000)


def line_of_marker(text: str, marker) -> int:
    needle, occurrence = marker if isinstance(marker, tuple) else (marker, 1)
    found = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(found) >= occurrence, f"marker {needle!r} not in the test YAML"
    if not isinstance(marker, tuple):
        assert len(found) == 1, f"marker {needle!r} is ambiguous in the test YAML"
    return found[occurrence - 1]


def issues_of(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, FILE)
    return [str(issue) for issue in caught.value.issues]


def test_the_base_scenario_is_valid():
    loaded = parse_scenario(dump(BASE), FILE)
    assert loaded.scenario.name == "tiny"


@pytest.mark.parametrize("edit, path, fragment, marker",
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_it_names_file_line_and_key_path(edit, path, fragment, marker):
    data = copy.deepcopy(BASE)
    edit(data)
    text = dump(data)
    prefix = f"{FILE}:{line_of_marker(text, marker)}: {path}: "
    issues = issues_of(text)
    assert any(i.startswith(prefix) and fragment in i for i in issues), issues


RAW_CASES = [
    ("empty", "", 1, "(top level)", "the file is empty"),
    ("only-comments", "# nothing here\n", 1, "(top level)", "the file is empty"),
    ("list-at-top", "- a\n- b\n", 1, "(top level)", "got a list"),
    ("plain-text", "just some words\n", 1, "(top level)", "got a string"),
    ("tab-indent", "name: x\ntitle:\n\tmore: y\n", 3, "(top level)", "never tabs"),
    ("unclosed-bracket", "name: x\nspaces: [a, b\n", 3, "(top level)", "not valid YAML"),
    ("bad-explicit-tag", "name: x\ncount: !!int abc\n", 2, "(top level)",
     "cannot read a tagged value"),
    ("nul-byte", "name: x\ntitle: \x00\n", 2, "(top level)", "unacceptable character #x0000"),
    ("two-documents", "name: x\n---\nname: y\n", 2, "(top level)", "not valid YAML"),
    ("duplicate-key", "name: x\ntitle: t\nname: y\n", 3, "name", "'name' appears twice"),
    ("duplicate-actor-id", "actors:\n  a: {behaviour: monitor}\n  a: {behaviour: curious}\n",
     3, "actors.a", "'a' appears twice"),
    ("number-as-key", "name: x\n1: y\n", 2, "1", "read as int, not text; quote it"),
    ("yes-as-key", "name: x\nyes: y\n", 2, "yes", "read as bool"),
]


@pytest.mark.parametrize("text, line, path, fragment",
                         [case[1:] for case in RAW_CASES], ids=[case[0] for case in RAW_CASES])
def test_it_rejects_malformed_yaml_with_its_line(text, line, path, fragment):
    issues = issues_of(text)
    assert any(i.startswith(f"{FILE}:{line}: {path}: ") and fragment in i for i in issues), issues


def test_it_reports_every_problem_at_once():
    data = copy.deepcopy(BASE)
    data["resources"][0]["records"] = "many"
    data["actors"]["analyst"]["accuracy"] = 2
    data["guardrails"]["ai.label_shown"] = "perhaps"
    data["titel"] = "typo"
    paths = [i.split(": ")[1] for i in issues_of(dump(data))]
    assert sorted(paths) == sorted([
        "resources[0].records", "actors.analyst.accuracy", "guardrails.ai.label_shown",
        "titel"])


def test_it_reports_every_broken_reference_at_once():
    data = copy.deepcopy(BASE)
    data["grants"][0]["principal"] = "nobody"
    data["actors"]["sec"]["watch"] = ["nothing"]
    data["timeline"][1]["agent"] = "ghost"
    assert len(issues_of(dump(data))) == 3


@pytest.mark.parametrize("loc, path", [
    (("actors", "a", "agent", "think", "fixed", "value"), ("actors", "a", "think")),
    (("actors", "a", "agent", "think", "lognormal", "sigma"), ("actors", "a", "think", "sigma")),
    (("actors", "a", "agent", "accuracy"), ("actors", "a", "accuracy")),
    (("actors", "a", "agent", "wrong_advice", "summary"), ("actors", "a", "wrong_advice",
                                                            "summary")),
    (("timeline", 0, "invoke_agent", "thread"), ("timeline", 0, "thread")),
    (("actors", "A b", "[key]"), ("actors", "A b")),
    (("grants", 0, "function-after[_one_grantee(), GrantSpec]"), ("grants", 0)),
    (("timeline", 5, "at"), ("timeline",)),
])
def test_resolve_maps_validator_locations_to_document_paths(loc, path):
    data = {
        "actors": {"a": {"behaviour": "agent", "think": {"dist": "lognormal", "sigma": 9},
                         "accuracy": 2, "wrong_advice": {}},
                   "A b": {}},
        "timeline": [{"do": "invoke_agent", "thread": "q1"}],
        "grants": [{"group": "g", "principal": "p"}],
    }
    data["actors"]["a"]["think"] = "soon" if loc[-1] == "value" else data["actors"]["a"]["think"]
    assert resolve(data, loc) == path


def test_resolve_keeps_a_missing_key_even_when_a_tag_has_another_name():
    data = {"actors": {"m": {"behaviour": "monitor", "principal": "sam"}}}
    assert resolve(data, ("actors", "m", "monitor", "watch")) == ("actors", "m", "watch")


# --- the command ---------------------------------------------------------------------------


def validate(*paths):
    out, err = io.StringIO(), io.StringIO()
    call_command("validate_scenario", *paths, stdout=out, stderr=err)
    return out.getvalue()


def test_the_command_accepts_a_valid_file_with_a_one_line_summary():
    out = validate("meta_internal_forum")
    assert out.count("\n") == 1
    assert "meta_internal_forum.yaml: OK" in out and "9 actors" in out


def test_the_command_prints_every_problem_and_fails(tmp_path):
    data = copy.deepcopy(BASE)
    data["grants"][0]["principal"] = "nobody"
    data["actors"]["sec"]["watch"] = ["nothing"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(dump(data))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 scenario file"):
        call_command("validate_scenario", str(bad), stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert any(": grants[0].principal: unknown principal 'nobody'" in line for line in lines)


@pytest.mark.parametrize("content, fragment", [
    (b"\xff\xfe\x00binary\x89PNG", "not a UTF-8 text file"),
    (b"", "the file is empty"),
    (b"- a list\n", "got a list"),
    (b"key: [unclosed\n", "not valid YAML"),
])
def test_the_command_rejects_junk_files_without_a_traceback(tmp_path, content, fragment):
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(content)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("validate_scenario", str(junk), stdout=out)
    assert fragment in out.getvalue()


def test_the_command_rejects_a_missing_file_and_a_directory(tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 of 2"):
        call_command("validate_scenario", str(tmp_path / "nope.yaml"), str(tmp_path), stdout=out)
    assert "no such file" in out.getvalue() and "cannot read" in out.getvalue()


def test_the_exit_code_is_zero_when_valid_and_one_otherwise(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\n\ttitle: y\n")
    command = [sys.executable, "manage.py", "validate_scenario"]
    good = subprocess.run(command + ["meta_internal_forum"], cwd=ROOT, capture_output=True,
                          text=True)
    broken = subprocess.run(command + [str(bad)], cwd=ROOT, capture_output=True, text=True)
    assert good.returncode == 0, good.stderr
    assert broken.returncode == 1
    assert f"{bad}:2: (top level): not valid YAML" in broken.stdout
    assert "Traceback" not in broken.stderr


def test_a_start_without_a_time_zone_is_utc():
    data = copy.deepcopy(BASE)
    data["start"] = "2026-03-18 09:00:00"
    assert parse_scenario(dump(data), FILE).scenario.start.utcoffset().total_seconds() == 0


JUNK = [None, "", "x", -1, 0, 1.5, True, [], {}, [1], {"a": 1}, "1h", 10**30, float("nan"),
        "help", "bot", "q1", "ledger", {"dist": "fixed"}, {"behaviour": "agent"}, "Bad Key"]


def _mutated(rng) -> str:
    data = copy.deepcopy(BASE)
    for _ in range(rng.randint(1, 3)):
        paths = list(_paths(data))
        *parents, last = rng.choice(paths)
        parent = _at(data, parents)
        if isinstance(parent, dict) and rng.random() < 0.2:
            del parent[last]
        else:
            parent[last] = copy.deepcopy(rng.choice(JUNK))
    text = dump(data)
    cut = rng.randrange(len(text))
    if rng.random() < 0.7:
        return text
    return text[:cut] + rng.choice(["\t", ":", "- ", "{", "!!int ", "&a "]) + text[cut:]


def _paths(node, path=()):
    children = node.items() if isinstance(node, dict) else (
        enumerate(node) if isinstance(node, list) else ())
    for key, child in children:
        yield path + (key,)
        yield from _paths(child, path + (key,))


def test_no_mangled_file_ends_in_anything_but_scenario_errors():
    import random

    rng = random.Random(20260318)
    for _ in range(200):
        text = _mutated(rng)
        try:
            parse_scenario(text, FILE)
        except ScenarioError as error:
            assert error.issues and all(str(issue).startswith(FILE) for issue in error.issues)


def test_merge_keys_may_override_what_they_merge():
    text = ("x-follower: &f {behaviour: follower, reaction: 5m}\n"
            "actors:\n  a:\n    <<: *f\n    reaction: 9m\n")
    issues = issues_of(text)
    assert not [i for i in issues if "appears twice" in i or "actors.a.reaction" in i], issues
    assert any(i.startswith("case.yaml:1: x-follower: unknown key") for i in issues), issues
