"""The scenario library: every file validates, runs, meets its own expectations, and tells
the story it claims; docs/scenarios.md documents every key the format accepts."""

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from forum.guardrails import all_guardrails
from scenarios.engine import run
from scenarios.expectations import check_expectations
from scenarios.format import load_scenario, schema
from scenarios.format.loader import LIBRARY

from .engine_helpers import engine_db, verbs

LIBRARY_FILES = sorted(LIBRARY.glob("*.yaml"))
DOCS = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"


def test_the_library_holds_the_reference_and_neighbouring_cases():
    assert {p.stem for p in LIBRARY_FILES} >= {
        "meta_internal_forum", "meta_internal_forum_stochastic", "coding_agent_acl_change",
        "agent_amplification"}


@pytest.mark.parametrize("path", LIBRARY_FILES, ids=lambda p: p.stem)
def test_every_library_scenario_validates_under_its_file_name(path):
    assert load_scenario(str(path)).scenario.name == path.stem


@engine_db
@pytest.mark.parametrize("path", LIBRARY_FILES, ids=lambda p: p.stem)
def test_every_library_scenario_runs_and_meets_its_expected_block(path):
    loaded = load_scenario(str(path))
    result = run(loaded, seed=1)
    assert result.records[-1]["verb"] == "run.ended"
    checks = check_expectations(loaded.scenario.expected, result.metrics)
    assert all(c.passed for c in checks), [str(c) for c in checks]


@engine_db
def test_the_stochastic_incident_ends_differently_across_seeds():
    loaded = load_scenario("meta_internal_forum_stochastic")
    outcomes = {run(loaded, seed=seed).metrics["outcome"] for seed in range(1, 21)}
    assert len(outcomes) >= 3, outcomes
    assert "prevented" in outcomes and outcomes & {"exposure", "exposure_with_access"}


@engine_db
def test_the_coding_agent_changes_the_acl_itself_without_posting():
    result = run(load_scenario("coding_agent_acl_change"), seed=1)
    assert "grant.created" in verbs(result, "forge-deployer")
    assert "post.published" not in verbs(result, "forge-deployer")
    assert result.metrics["outcome"] in ("exposure", "exposure_with_access")
    assert result.metrics["advice"]["followed"] == 0


@engine_db
def test_approval_sends_the_coding_agents_change_to_a_reviewer_who_rejects_it():
    loaded = load_scenario("coding_agent_acl_change")
    result = run(loaded, seed=1, overrides={"agent.approval_required": True})
    assert verbs(result, "forge-deployer") == ["acl.review_requested"]
    assert "acl.review_rejected" in verbs(result, "kara")
    assert result.metrics["exposure"]["windows"] == []


@engine_db
def test_the_digest_agent_carries_ignored_advice_to_people_who_follow_it():
    result = run(load_scenario("agent_amplification"), seed=1)
    digest_posts = {r["target"].removeprefix("post:") for r in result.records
                    if r["actor"] == "digest-bot" and r["verb"] == "post.published"}
    followed = [r for r in result.records if r["verb"] == "grant.created" and r["actor"]]
    assert digest_posts and followed
    assert {r["payload"]["advice"] for r in followed} <= digest_posts
    assert {r["actor"] for r in followed} == {"marta", "kofi"}
    assert "grant.created" not in verbs(result, "priya")


def _documented(word: str) -> bool:
    return re.search(rf"`[^`]*\b{re.escape(word)}\b[^`]*`", DOCS.read_text()) is not None


def _schema_words() -> set[str]:
    models = [m for m in vars(schema).values() if isinstance(m, type) and issubclass(m, BaseModel)]
    words = {name for model in models for name in model.model_fields}
    for model in models:
        for tag in ("behaviour", "do", "dist", "acts", "kind", "classification"):
            field = model.model_fields.get(tag)
            if field is not None:
                words |= set(getattr(field.annotation, "__args__", ()))
    return words


@pytest.mark.parametrize("word", sorted(_schema_words()))
def test_the_docs_name_every_key_and_choice_of_the_format(word):
    assert _documented(word), f"docs/scenarios.md does not mention `{word}`"


@pytest.mark.parametrize("key", [g.key for g in all_guardrails()])
def test_the_docs_name_every_guardrail(key):
    assert _documented(key)
