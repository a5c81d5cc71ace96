"""Hostile scenario files — deep nesting, recursive aliases, alias and merge-key bombs, huge
documents, binary garbage, Python tags — are refused with the file and the line, never a
traceback, a hang or all the memory.

Each file of tests/scenarios/hostile/ says on its first line what the refusal must say:
`# expect: <words>`, or `# expect (no line): <words>` when nothing can be located in it.
Files too big to commit are generated here.
"""

import base64
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios.format import ScenarioError, parse_scenario
from scenarios.format.limits import MAX_SCENARIO_BYTES, MAX_YAML_ALIASES, MAX_YAML_DEPTH

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = Path(__file__).resolve().parent / "hostile"
MEMORY_BYTES = 1_500_000_000
# Generous for a loaded machine; a bomb that got through would take hours, not a minute.
TIMEOUT_SECONDS = 60
EXPECT = re.compile(rb"^# expect( \(no line\))?: (.+)$", re.M)


def _cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def validate_boxed(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", "validate_scenario", str(path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                          preexec_fn=_cap_memory)


def assert_refused(result, path: Path, words: str, *, line: bool = True):
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == "CommandError: 1 of 1 scenario file(s) invalid"
    where = re.escape(str(path)) + (r":\d+: " if line else ": ")
    assert re.search(f"^{where}.*{re.escape(words)}", result.stdout, re.M), result.stdout
    assert len(result.stdout) < 5_000, "the message echoes the file"


@pytest.mark.parametrize("path", sorted(HOSTILE.glob("*.yaml")), ids=lambda path: path.stem)
def test_a_hostile_file_is_refused_with_its_line(path):
    expect = EXPECT.search(path.read_bytes().split(b"\n", 1)[0])
    assert expect, f"{path.name} has no `# expect:` first line"
    no_line, words = expect.groups()
    assert_refused(validate_boxed(path), path, words.decode(), line=not no_line)


def _ten_megabytes():
    return "# padding\n" * 1_048_576


def _huge_scalar_over_the_size():
    return "name: " + "x" * 2_000_000 + "\n"


def _huge_scalar():
    return "name: " + "x" * 900_000 + "\n"


def _huge_binary():
    return "name: tiny\nblob: !!binary " + base64.b64encode(bytes(600_000)).decode() + "\n"


def _huge_key():
    return "? [" + "0, " * 210_000 + "0]\n: value\n"


GENERATED = [
    (_ten_megabytes, "is 10,485,760 bytes; a scenario file may be at most 1,000,000", False),
    (_huge_scalar_over_the_size, "may be at most 1,000,000 bytes", False),
    (_huge_scalar, "name: String should have at most 64 characters", True),
    (_huge_binary, "blob: unknown key 'blob'", True),
    (_huge_key, "more than 200,000 values", True),
]


@pytest.mark.parametrize("make, words, line", GENERATED, ids=lambda case: getattr(
    case, "__name__", "")[1:] or None)
def test_a_huge_file_is_refused_before_it_is_expanded(tmp_path, make, words, line):
    path = tmp_path / f"{make.__name__[1:]}.yaml"
    path.write_text(make())
    assert_refused(validate_boxed(path), path, words, line=line)


def refusals(text: str) -> list[str]:
    try:
        parse_scenario(text, "case.yaml")
    except ScenarioError as error:
        return [str(issue) for issue in error.issues if "refused:" in str(issue)]
    return []


def test_nesting_up_to_the_limit_is_read_and_one_level_more_is_refused():
    def nested(levels):  # the top-level mapping is one of the levels
        inner = levels - 1
        return "name: " + "[" * inner + "]" * inner + "\n"

    assert refusals(nested(MAX_YAML_DEPTH)) == []
    assert refusals(nested(MAX_YAML_DEPTH + 1)) == [
        f"case.yaml:1: (top level): refused: values nested more than {MAX_YAML_DEPTH} levels "
        f"deep; a scenario may nest at most {MAX_YAML_DEPTH}"]


def test_aliases_are_read_up_to_the_limit():
    def aliased(count):
        return "x-one: &one 1\nlist:\n" + "".join("  - *one\n" for _ in range(count))

    assert refusals(aliased(MAX_YAML_ALIASES)) == []
    assert refusals(aliased(MAX_YAML_ALIASES + 1)) == [
        f"case.yaml:{MAX_YAML_ALIASES + 3}: (top level): refused: more than "
        f"{MAX_YAML_ALIASES} aliases (*name); a scenario may use at most {MAX_YAML_ALIASES}"]


def test_each_alias_counts_as_a_copy_of_what_it_names():
    def copies(count):  # an anchored list of 3,000 values (and the list itself)
        return ("x-many: &many [" + "0, " * 2_999 + "0]\nlist:\n"
                + "".join("  - *many\n" for _ in range(count)))

    assert refusals(copies(60)) == []  # 183,000 values
    assert refusals(copies(70)) == [   # 213,000: the 66th alias passes 200,000
        "case.yaml:68: (top level): refused: more than 200,000 values (keys, items and "
        "scalars, an alias counting as a copy of what it names); a scenario may hold at "
        "most 200,000"]


def test_an_alias_may_not_nest_deeper_than_the_limit():
    shallow = "x-deep: &deep " + "[" * 10 + "]" * 10 + "\nlist: [[*deep]]\n"
    assert refusals(shallow) == []
    deep = "x-deep: &deep " + "[" * 10 + "]" * 10 + "\nlist: " + "[" * 25 + "*deep" + "]" * 25
    assert refusals(deep) == ["case.yaml:2: (top level): refused: alias *deep puts values "
                              f"nested more than {MAX_YAML_DEPTH} levels deep; a scenario "
                              f"may nest at most {MAX_YAML_DEPTH}"]


def test_anchors_and_merge_keys_still_work():
    text = ("x-base: &base {behaviour: follower, reaction: 5m}\n"
            "actors:\n  a: {<<: *base, reaction: 9m}\n  b: *base\n")
    assert refusals(text) == []


def test_a_long_number_is_refused_but_a_quoted_one_is_text():
    assert refusals("title: 1" + ":1" * 100 + "\n")
    assert refusals("title: '1" + ":1" * 100 + "'\n") == []


def test_a_text_over_the_size_limit_is_refused_before_it_is_parsed():
    # Texts reach parse_scenario without a file too: tabletop sessions, stored runs.
    refusal = (f"case.yaml: (top level): the scenario is larger than {MAX_SCENARIO_BYTES:,} "
               "bytes, the most accepted")
    for text in ("[" * (MAX_SCENARIO_BYTES + 1), "é" * (MAX_SCENARIO_BYTES // 2 + 1)):
        with pytest.raises(ScenarioError) as error:
            parse_scenario(text, "case.yaml")
        assert str(error.value) == refusal
    with pytest.raises(ScenarioError, match="got a string"):  # exactly the limit: parsed
        parse_scenario("é" * (MAX_SCENARIO_BYTES // 2), "case.yaml")
