"""`manage.py sensitivity` on a scenario whose answer is known by construction
(tests/sensitivity/tiny.yaml): priya's trust in an unlabelled AI answer decides whether
the wrong advice is followed, and mei's reaction time cannot matter (nobody asks her)."""

import csv
import json
from pathlib import Path

from django.core.management import call_command

from scenarios.models import Run
from tests.scenarios.engine_helpers import engine_db

TINY = str(Path(__file__).with_name("tiny.yaml"))
TRUST = "actors.priya.persona.trust.ai_unlabelled"
IDLE = "actors.mei.reaction"
FACTORS = ["--param", f"{TRUST}=0:1", "--param", f"{IDLE}=1:120"]


def sensitivity(out, *extra, samples=4, seeds=3):
    call_command("sensitivity", TINY, *FACTORS, "--samples", str(samples), "--seeds",
                 str(seeds), "--workers", "1", "--out", str(out), *extra)


def results(out) -> list[dict]:
    with (Path(out) / "results.csv").open() as handle:
        return list(csv.DictReader(handle))


def summary(out) -> dict:
    return json.loads((Path(out) / "summary.json").read_text())


@engine_db
def test_morris_ranks_the_deciding_trust_far_above_a_reaction_that_cannot_matter(tmp_path):
    sensitivity(tmp_path)
    exposure = summary(tmp_path)["outputs"]["p_exposure"]
    assert exposure["ranking"] == [TRUST, IDLE]
    assert exposure["factors"][TRUST]["mu_star"] > 0.3
    assert exposure["factors"][IDLE]["mu_star"] == 0
    minutes = summary(tmp_path)["outputs"]["person_minutes"]["factors"]
    assert minutes[TRUST]["mu_star"] > 10 and minutes[IDLE]["mu_star"] == 0


@engine_db
def test_sobol_gives_the_trust_the_variance_and_the_idle_reaction_none(tmp_path):
    sensitivity(tmp_path, "--method", "sobol", seeds=2)
    written = summary(tmp_path)
    exposure = written["outputs"]["p_exposure"]
    assert exposure["ranking"][0] == TRUST
    assert exposure["factors"][TRUST]["ST"] > 0.3
    assert abs(exposure["factors"][IDLE]["ST"]) < 0.05
    assert [(p["a"], p["b"]) for p in exposure["S2"]] == [(TRUST, IDLE)]
    assert written["points"] == 4 * 6 and written["runs"] == 4 * 6 * 2
    assert "Interactions (second-order S2)" in (tmp_path / "report.html").read_text()


@engine_db
def test_it_writes_one_row_per_point_and_seed_with_the_values_and_a_report(tmp_path, capsys):
    sensitivity(tmp_path)
    rows = results(tmp_path)
    assert [(r["point"], r["seed"]) for r in rows[:4]] == [("0", "1"), ("0", "2"), ("0", "3"),
                                                          ("1", "1")]
    assert len(rows) == 4 * 3 * 3  # 4 trajectories of 3 points, 3 seeds
    assert {r["outcome"] for r in rows} <= {"prevented", "near_miss", "exposure",
                                           "exposure_with_access"}
    assert all(0 <= float(r[TRUST]) <= 1 and 1 <= float(r[IDLE]) <= 120 for r in rows)
    # common random numbers: every point runs the same seeds
    assert {r["seed"] for r in rows if r["point"] == "5"} == {"1", "2", "3"}
    html = (tmp_path / "report.html").read_text()
    assert html.count("data:image/png;base64,") == 3 and "<script" not in html
    out = capsys.readouterr().out
    assert out.index(TRUST) < out.index(IDLE)  # the ranking table, most influential first
    assert f"the report: {tmp_path / 'report.html'}" in out


@engine_db
def test_identical_design_points_share_their_runs(tmp_path):
    sensitivity(tmp_path)
    rows = results(tmp_path)
    assert Run.objects.count() == len({(r["digest"], r["seed"]) for r in rows}) < len(rows)


@engine_db
def test_a_guardrail_is_a_discrete_factor_applied_as_the_runs_setting(tmp_path):
    call_command("sensitivity", TINY, "--param", f"{TRUST}=0:1", "--param",
                 "guardrail:acl.policy_check=false,true", "--samples", "3", "--seeds",
                 "2", "--workers", "1", "--out", str(tmp_path))
    rows = results(tmp_path)
    assert {r["guardrail:acl.policy_check"] for r in rows} == {"false", "true"}
    checked = [r for r in rows if r["guardrail:acl.policy_check"] == "true"]
    assert all(r["outcome"] not in ("exposure", "exposure_with_access") for r in checked)
    guarded = Run.objects.get(pk=checked[0]["run_id"])
    assert guarded.settings["acl.policy_check"] is True
    assert summary(tmp_path)["factors"][1] == {
        "name": "guardrail:acl.policy_check", "values": [False, True]}
