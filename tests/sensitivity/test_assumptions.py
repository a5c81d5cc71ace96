"""Reports name the assumptions that matter most: on tests/sensitivity/tiny.yaml, whose
answer is known by construction, priya's trust is listed with its `sources:` note and mei's
reaction time, which cannot matter, is not; one resting on an assumption only is flagged."""

import json
from pathlib import Path

from django.core.management import call_command

from scenarios.sensitivity.factors import Factor
from scenarios.sensitivity.summary import assumptions
from tests.scenarios.engine_helpers import engine_db
from tests.sensitivity.test_sensitivity_command import FACTORS, IDLE, TINY, TRUST

REFERENCE = {"source": "A study of trust in AI answers, 2024", "figure": "39% overlooked"}


def tiny_with(tmp_path, trust_note) -> str:
    """tiny.yaml with `sources:` notes for the deciding trust and the idle reaction."""
    path = tmp_path / "tiny_sourced.yaml"
    sources = {TRUST: trust_note, IDLE: "assumption"}
    path.write_text(f"{Path(TINY).read_text()}\nsources: {json.dumps(sources)}\n")
    return str(path)


def analyse(scenario, out) -> dict:
    call_command("sensitivity", scenario, *FACTORS, "--samples", "4", "--seeds", "3",
                 "--workers", "1", "--out", str(out))
    return json.loads((Path(out) / "summary.json").read_text())


@engine_db
def test_the_deciding_parameter_is_listed_with_its_source_and_the_idle_one_is_not(tmp_path,
                                                                               capsys):
    written = analyse(tiny_with(tmp_path, REFERENCE), tmp_path / "out")
    (trust,) = written["assumptions"]
    assert trust == {"param": TRUST, "source": REFERENCE["source"], "is_assumption": False,
                     "outputs": trust["outputs"], "rank": 1}
    assert trust["outputs"][:2] == ["p_exposure", "person_minutes"]
    out = capsys.readouterr().out
    section = out[out.index("Assumptions that matter most"):]
    assert TRUST in section and IDLE not in section and REFERENCE["source"] in section
    assert "[assumption only]" not in section
    html = (tmp_path / "out" / "report.html").read_text()
    assert "Assumptions that matter most" in html and REFERENCE["source"] in html
    assert "(assumption only)" not in html


@engine_db
def test_a_parameter_resting_on_an_assumption_only_is_flagged(tmp_path, capsys):
    written = analyse(tiny_with(tmp_path, "assumption"), tmp_path / "out")
    assert [(a["param"], a["source"], a["is_assumption"]) for a in written["assumptions"]] == [
        (TRUST, "assumption", True)]
    assert f"{TRUST}  [assumption only]" in capsys.readouterr().out
    html = (tmp_path / "out" / "report.html").read_text()
    assert "class=assumption" in html and "(assumption only)" in html


@engine_db
def test_a_parameter_without_a_note_is_an_assumption_with_no_source_given(tmp_path):
    written = analyse(TINY, tmp_path)
    assert [(a["param"], a["source"], a["is_assumption"]) for a in written["assumptions"]] == [
        (TRUST, "no source given", True)]


def indices(**mu_star) -> dict:
    ranking = sorted(mu_star, key=lambda n: -mu_star[n])
    return {"ranking": ranking, "factors": {n: {"mu_star": v} for n, v in mu_star.items()}}


def test_only_the_top_three_of_an_output_count_and_a_negligible_index_does_not():
    factors = [Factor(n, 0, 1, path=(n,)) for n in "abcde"] + [
        Factor("guardrail:acl.policy_check", values=(False, True))]
    outputs = {"p_exposure": indices(**{"a": 0.5, "b": 0.3, "c": 0.04, "d": 0.02, "e": 0.0,
                                        "guardrail:acl.policy_check": 0.9}),
               "person_minutes": indices(a=10.0, b=0.0, c=0.0, d=50.0, e=0.0,
                                         **{"guardrail:acl.policy_check": 0.0})}
    listed = assumptions("mu_star", factors, outputs)
    assert [(a["param"], a["outputs"], a["rank"]) for a in listed] == [
        ("d", ["person_minutes"], 1), ("a", ["p_exposure", "person_minutes"], 2),
        ("b", ["p_exposure"], 3)]  # c: 0.04 < 10% of 0.9; the guardrail is a choice


def test_nothing_is_listed_when_no_output_varies():
    factors = [Factor("a", 0, 1, path=("a",))]
    assert assumptions("mu_star", factors, {"p_exposure": indices(a=0.0)}) == []
