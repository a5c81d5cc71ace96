import json
import re
from types import SimpleNamespace

from scenarios.analysis import summarise, write_reports
from scenarios.analysis.plots import all_plots

from .rows import grid_rows

SWEEP = SimpleNamespace(pk=7, scenario="hand-made", scenario_file="/nonexistent/hand-made.yaml",
                        digest="0123456789abcdef", seeds=4,
                        grid={"agent.approval_required": [False, True],
                              "acl.policy_check": [False, True]})


def test_it_writes_summary_json(tmp_path):
    write_reports(tmp_path, SWEEP, grid_rows())
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["runs"] == 12
    assert summary["sweep"]["grid"] == SWEEP.grid and summary["sweep"]["id"] == 7
    assert summary["baseline"] == "agent.approval_required=false, acl.policy_check=false"
    assert len(summary["groups"]) == 3 and len(summary["comparisons"]) == 2


def test_it_writes_a_self_contained_report(tmp_path):
    write_reports(tmp_path, SWEEP, grid_rows())
    html = (tmp_path / "report.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    links = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']*)', html, flags=re.I)
    assert len(links) == 4
    assert all(link.startswith("data:image/png;base64,") for link in links)
    assert "<link" not in html.lower() and "<script" not in html.lower()
    assert "agent.approval_required=true, acl.policy_check=false" in html
    assert "Probability of exposure" in html and "Cost of safety" in html


def test_it_works_without_a_sweep(tmp_path):
    write_reports(tmp_path / "out", None, grid_rows())
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["sweep"] == {}
    assert (tmp_path / "out" / "report.html").stat().st_size > 1000


def test_summary_json_is_stable(tmp_path):
    write_reports(tmp_path / "a", SWEEP, grid_rows())
    write_reports(tmp_path / "b", SWEEP, grid_rows())
    assert (tmp_path / "a" / "summary.json").read_bytes() == \
        (tmp_path / "b" / "summary.json").read_bytes()


def test_figures_are_drawn_again_when_a_figure_they_show_changes():
    rows = grid_rows()
    before = dict(all_plots(summarise(rows), rows))
    rows[1]["metrics"]["exposure"]["person_minutes"] = 5000.0
    after = dict(all_plots(summarise(rows), rows))
    assert after["Person-minutes exposed"] != before["Person-minutes exposed"]
    assert after["Probability of exposure"] == before["Probability of exposure"]
