"""The log's vocabulary: grantee labels and targets, and the rule that verbs are spelt in
forum/vocabulary.py alone."""

import ast
import re
from pathlib import Path

import pytest

from forum.vocabulary import (
    GRANTEE_PATTERN, GROUP, PRINCIPAL, RESOURCE, Verb, grantee, kind_of, parse_grantee,
    subject, target,
)

ROOT = Path(__file__).resolve().parents[2]
APPS = ("forum", "agents", "scenarios", "exercises")
VOCABULARY = ROOT / "forum" / "vocabulary.py"


def docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                found.add(id(first.value))
    return found


def verbs_spelt_in(source: str) -> list[tuple[int, str]]:
    """(line, verb) for every string constant, docstrings aside, that is a whole verb."""
    tree = ast.parse(source)
    skip, verbs = docstrings(tree), {verb.value for verb in Verb}
    return sorted(
        (node.lineno, node.value) for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and node.value in verbs and id(node) not in skip
    )


def app_sources() -> list[Path]:
    """The apps' own Python code: not the tests (a log in a test is data), and not the
    migrations (frozen history that must not depend on the apps' code)."""
    return sorted(
        path for app in APPS for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and path != VOCABULARY
    )


def test_no_app_module_spells_a_verb_outside_the_vocabulary():
    assert len(app_sources()) > 50, "the walk should see the apps' modules"
    found = [f"{path.relative_to(ROOT)}:{line}: {verb!r} (use Verb.{Verb(verb).name})"
             for path in app_sources()
             for line, verb in verbs_spelt_in(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_walk_finds_verbs_in_tuples_keys_and_f_strings():
    source = ('"""Mentions post.published in its docstring."""\n'
              'VERBS = ("post.published", "grant.created")\n'
              'WORDS = {"alert.raised": 1}\n'
              'SHOUT = f"run.ended"\n'
              'NOT_A_VERB = "post.published, then grant.created"\n')
    assert verbs_spelt_in(source) == [(2, "grant.created"), (2, "post.published"),
                                      (3, "alert.raised"), (4, "run.ended")]


def test_the_walk_skips_docstrings_of_functions_and_classes():
    source = ('def f():\n    """Records `grant.revoked`."""\n\n'
              'class C:\n    """Reads `thread.read` events."""\n')
    assert verbs_spelt_in(source) == []


def test_every_verb_is_spelt_once_and_equals_its_word():
    assert len(Verb.__members__) == len(Verb), "two members share a word (an alias)"
    assert Verb.POST_PUBLISHED == "post.published"
    assert {"grant.created": 1}[Verb.GRANT_CREATED] == 1


def test_grantee_writes_a_group_or_a_principal_label():
    assert grantee(group="all-engineers") == "group:all-engineers"
    assert grantee(principal="bob") == "principal:bob"


@pytest.mark.parametrize("names", [{}, {"group": "eng", "principal": "bob"}])
def test_grantee_needs_exactly_one_name(names):
    with pytest.raises(ValueError, match="exactly one group or one principal"):
        grantee(**names)


@pytest.mark.parametrize("label, parsed", [
    ("group:all-engineers", (GROUP, "all-engineers")),
    ("principal:bob", (PRINCIPAL, "bob")),
])
def test_parse_grantee_splits_a_label(label, parsed):
    assert parse_grantee(label) == parsed
    kind, name = parsed
    assert grantee(**{kind: name}) == label


@pytest.mark.parametrize("label", ["", "eng", "group:", "principal:", ":eng", "team:eng",
                                   "Group:eng", None])
def test_parse_grantee_refuses_a_label_the_forum_never_writes(label):
    expected = f"expected group:<slug> or principal:<username>, got {label!r}"
    with pytest.raises(ValueError, match=re.escape(expected)):
        parse_grantee(label)


def test_the_grantee_pattern_accepts_the_labels_grantee_writes():
    assert re.fullmatch(GRANTEE_PATTERN, grantee(group="all-engineers"))
    assert re.fullmatch(GRANTEE_PATTERN, grantee(principal="dana.k"))
    assert not re.fullmatch(GRANTEE_PATTERN, "team:eng")
    assert not re.fullmatch(GRANTEE_PATTERN, "group:")


@pytest.mark.parametrize("label, expected", [
    ("resource:user-metrics", "user-metrics"),
    ("post:t-1a2b.2", "t-1a2b.2"),
    ("acl-change:7", "7"),
    ("run", "run"),
    ("", ""),
    (None, ""),
])
def test_subject_is_the_name_after_the_kind(label, expected):
    assert subject(label) == expected


@pytest.mark.parametrize("label, expected", [
    ("resource:user-metrics", RESOURCE),
    ("group:eng", GROUP),
    ("run", ""),
    ("", ""),
    (None, ""),
])
def test_kind_of_is_the_prefix_of_a_target(label, expected):
    assert kind_of(label) == expected


def test_target_joins_a_kind_and_a_name():
    assert target(RESOURCE, "user-metrics") == "resource:user-metrics"
    assert (kind_of(target(RESOURCE, "x")), subject(target(RESOURCE, "x"))) == (RESOURCE, "x")
