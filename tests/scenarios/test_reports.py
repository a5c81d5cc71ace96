import json

import pytest

from scenarios.metrics import compute_metrics
from scenarios.reports import render
from scenarios.reports.wording import clock
from tests.scenarios.logs import reference_incident, reference_org


@pytest.fixture
def report():
    return compute_metrics(reference_incident().records)


def test_json_with_every_window_is_the_report_with_sorted_keys(report):
    text = render(report, "json", windows="all")
    assert json.loads(text) == report
    assert text == json.dumps(report, indent=2, sort_keys=True)


def test_json_by_default_keeps_every_window_of_a_small_run_beside_its_groups(report):
    grouped = json.loads(render(report, "json"))
    assert grouped == report  # the groups are in the metrics already
    groups, windows = grouped["exposure"]["window_groups"], grouped["exposure"]["windows"]
    assert windows and sum(group["principals"] for group in groups) == len(windows)


def test_json_by_default_leaves_out_the_windows_of_a_crowd_and_says_how_many():
    report = crowd_report(1200)  # alice and 1,200 others: 1,201 windows, one group
    grouped = json.loads(render(report, "json"))
    assert "windows" not in grouped["exposure"]
    assert grouped["exposure"]["windows_left_out"] == 1201
    [group] = grouped["exposure"]["window_groups"]
    assert group["principals"] == 1201
    every = json.loads(render(report, "json", windows="all"))
    assert len(every["exposure"]["windows"]) == 1201 and "windows_left_out" not in every


def test_a_run_stored_before_windows_were_grouped_is_grouped_when_reported(report):
    exposure = {k: v for k, v in report["exposure"].items() if k != "window_groups"}
    old = json.loads(render({**report, "exposure": exposure}, "json"))
    assert old["exposure"]["window_groups"] == report["exposure"]["window_groups"]
    assert old["exposure"]["windows"] == report["exposure"]["windows"]


def test_text_tells_the_outcome_the_timeline_and_the_windows(report):
    text = render(report, "text")
    assert "EXPOSURE WITH ACCESS" in text
    assert "T+00:06" in text and "agent helper published t-1.2" in text
    assert "user-metrics  alice" in text and "principals" in text
    assert "Time to detect" in text and "1 h 00 min" in text
    assert "Cost of safety" in text


def test_markdown_has_headings_a_windows_table_and_a_numbered_chain(report):
    text = render(report, "markdown")
    assert "## Exposure windows" in text
    assert "| user-metrics | alice | T+00:10 | T+02:10 | 120 |" in text
    assert "1. **T+00:00** `question`" in text
    assert "## Cost of safety" in text


def test_a_window_open_at_the_end_is_shown_as_open():
    log = reference_org()
    log.grant("user-metrics", "principal:olga", t=30, actor="bob")
    log.end(100)
    text = render(compute_metrics(log.records), "text")
    assert "T+01:40 (still open)" in text
    assert "not contained by the end of the run" in text


def test_an_unknown_format_is_refused(report):
    with pytest.raises(ValueError, match="unknown report format"):
        render(report, "html")


def test_an_unknown_windows_listing_is_refused(report):
    with pytest.raises(ValueError, match="unknown windows listing 'some'; choose one of "
                                         "grouped, all"):
        render(report, "text", windows="some")


def test_the_clock_shows_hours_minutes_and_seconds_when_needed():
    assert (clock(0), clock(12), clock(125), clock(12.5)) == (
        "T+00:00", "T+00:12", "T+02:05", "T+00:12:30")


def test_text_lists_principals_sharing_a_window_on_one_row():
    log = reference_org()
    log.resource("billing", records=10, groups=["data-team"])
    log.grant("billing", "group:all-engineers", t=10, actor="bob")
    log.end(60)
    text = render(compute_metrics(log.records), "text")
    assert "billing   alice, bob  T+00:10" in text


def crowd_report(people: int):
    log = reference_org()
    for n in range(1, people + 1):
        log.principal(f"crowd-{n:03d}", "all-engineers")
    log.grant("user-metrics", "group:all-engineers", t=10, actor="bob")
    log.end(60)
    return compute_metrics(log.records)


def test_text_and_markdown_name_a_few_of_a_crowd_and_count_the_others():
    report = crowd_report(1200)
    text = render(report, "text")
    windows = text[text.index("Exposure windows"):text.index("Exposure episodes")]
    assert "user-metrics  alice, crowd-001, crowd-002 and 1,198 more  T+00:10" in windows
    assert "crowd-003" not in windows
    markdown = render(report, "markdown")
    assert "| Resource | Principals | Start | End | Minutes |" in markdown
    assert "| user-metrics | alice, crowd-001, crowd-002 and 1,198 more | T+00:10 |" in markdown


def test_every_window_is_listed_on_request():
    report = crowd_report(20)
    for fmt, row in (("text", "user-metrics  crowd-020  T+00:10"),
                     ("markdown", "| user-metrics | crowd-020 | T+00:10 |")):
        text = render(report, fmt, windows="all")
        assert row in text and text.count("user-metrics") >= 21
