"""What a sweep's summary.json and report.html make of failed runs and of model usage
(hand-made rows: tests/analysis/rows.py)."""

from scenarios.analysis import summarise, write_reports
from tests.analysis.rows import grid_rows, make_row


def failed_row(seed, reason="cannot reach http://127.0.0.1:9/v1: is the server running?",
               **settings):
    row = make_row(seed, **settings)
    row.update(outcome="failed", failure=reason, metrics={},
               model_usage={"model_calls": 1, "tokens_in": 50, "tokens_out": 5,
                            "model_latency_ms": 700})
    return row


def with_usage(row, calls):
    row["metrics"]["agent"].update(model_calls=calls, tokens_in=100 * calls,
                                   tokens_out=10 * calls, model_latency_ms=500 * calls)
    return row


def test_failed_runs_are_left_out_of_the_statistics_and_counted():
    rows = grid_rows()
    summary = summarise([*rows, failed_row(5), failed_row(6, approval=True, reason="401")])
    without = summarise(rows)
    assert summary["runs"] == without["runs"] == 12
    assert [g["exposure"] for g in summary["groups"]] == [g["exposure"] for g in
                                                          without["groups"]]
    assert summary["comparisons"] == without["comparisons"]
    assert [g["failed"] for g in summary["groups"]] == [1, 1, 0]
    assert summary["failed"]["runs"] == 2
    first = summary["failed"]["reasons"][0]
    assert first["runs"] == 1 and "cannot reach" in first["reason"]
    assert first["first"]["seed"] == 5


def test_a_setting_whose_runs_all_failed_has_no_group_but_its_failures_are_counted():
    rows = [make_row(1), make_row(2), failed_row(1, check=True), failed_row(2, check=True)]
    summary = summarise(rows)
    assert [g["label"] for g in summary["groups"]] == ["acl.policy_check=false"]
    assert summary["failed"]["runs"] == 2
    assert summary["failed"]["reasons"][0]["first"]["setting"] == "acl.policy_check=true"


def test_model_usage_is_summed_per_setting_and_overall_failed_calls_included():
    rows = [with_usage(make_row(1), 3), with_usage(make_row(2), 4),
            with_usage(make_row(1, approval=True), 2), failed_row(2, approval=True)]
    summary = summarise(rows)
    assert summary["model_usage"] == {"model_calls": 10, "tokens_in": 950, "tokens_out": 95,
                                      "model_latency_ms": 5200}
    assert [g["model_usage"]["model_calls"] for g in summary["groups"]] == [7, 3]


def test_the_report_says_how_many_failed_and_why(tmp_path):
    write_reports(tmp_path, None, [*grid_rows(), failed_row(5), failed_row(6)])
    html = (tmp_path / "report.html").read_text()
    assert "12 in the statistics; 2 failed and left out" in html
    assert "<h2>Failed runs</h2>" in html and "is the server running?" in html
    assert "--resume" in html
    assert "<td>all runs</td><td>2</td>" in html  # the calls the failed runs made


def test_a_sweep_without_failures_or_models_reports_neither(tmp_path):
    write_reports(tmp_path, None, grid_rows())
    html = (tmp_path / "report.html").read_text()
    assert "Failed runs" not in html and "Model usage" not in html
