"""Exposed time and exposure episodes, computed by hand on small logs."""

import re

from scenarios.metrics import compute_metrics
from tests.scenarios.logs import reference_org


def regranted():
    """all-engineers gets read on user-metrics at 14, security notices at 59, bob reverts at
    72; someone grants it again at 193 (and olga directly from 200 to 300), security
    notices at 253, bob reverts at 462. alice is exposed 14-72 and 193-462."""
    log = reference_org()
    first = log.grant("user-metrics", "group:all-engineers", t=14, actor="bob", contradicts=True)
    log.alert("user-metrics", t=59, cause=first)
    log.revoke("user-metrics", "group:all-engineers", t=72, actor="bob")
    again = log.grant("user-metrics", "group:all-engineers", t=193, actor="dana",
                      contradicts=True)
    log.grant("user-metrics", "principal:olga", t=200, actor="dana", contradicts=True)
    log.alert("user-metrics", t=253, cause=again)
    log.revoke("user-metrics", "principal:olga", t=300, actor="bob")
    closed = log.revoke("user-metrics", "group:all-engineers", t=462, actor="bob")
    log.end(480)
    return log, first, again, closed


def test_a_regrant_after_a_revert_counts_the_gap_in_the_span_but_not_in_exposed_time():
    log, *_ = regranted()
    exposure = compute_metrics(log.records)["exposure"]
    assert exposure["incident_window_minutes"] == 448.0          # 14 → 462
    assert exposure["exposed_minutes"] == 327.0                  # 58 + 269
    assert exposure["incident_windows"][0]["exposed_minutes"] == 327.0
    assert exposure["person_minutes"] == 427.0                   # alice 327 + olga 100


def test_each_episode_has_its_own_detection_and_containment():
    log, first, again, closed = regranted()
    detection = compute_metrics(log.records)["detection"]
    rows = [(e["start"], e["end"], e["opened_by"], e["closed_by"], e["time_to_detect_minutes"],
             e["time_to_contain_minutes"], e["exposed_principals"])
            for e in detection["episodes"]]
    assert rows == [
        (14.0, 72.0, first, first + 2, 45.0, 58.0, 1),
        (193.0, 462.0, again, closed, 60.0, 269.0, 2),
    ]
    assert detection["undetected_episodes"] == 0


def test_the_run_wide_figures_keep_measuring_from_the_first_exposure():
    log, *_ = regranted()
    detection = compute_metrics(log.records)["detection"]
    assert (detection["time_to_detect_minutes"], detection["time_to_contain_minutes"]) == (
        45.0, 448.0)


def test_an_alert_between_episodes_detects_neither():
    log = reference_org()
    log.grant("user-metrics", "principal:olga", t=10, actor="bob", contradicts=True)
    log.revoke("user-metrics", "principal:olga", t=20, actor="bob")
    log.alert("user-metrics", t=30)
    log.grant("user-metrics", "principal:olga", t=40, actor="bob", contradicts=True)
    log.end(100)
    detection = compute_metrics(log.records)["detection"]
    assert [(e["time_to_detect_minutes"], e["time_to_contain_minutes"], e["open_at_end"])
            for e in detection["episodes"]] == [(None, 10.0, False), (None, None, True)]
    assert detection["undetected_episodes"] == 2
    assert detection["time_to_detect_minutes"] == 20.0     # the run-wide figure spans the gap


def test_an_alert_about_another_resource_does_not_detect_the_episode():
    log = reference_org()
    log.resource("payroll", records=10, groups=["data-team"])
    log.grant("user-metrics", "principal:olga", t=10, actor="bob", contradicts=True)
    log.alert("payroll", t=15)
    log.revoke("user-metrics", "principal:olga", t=20, actor="bob")
    log.end(100)
    episode = compute_metrics(log.records)["detection"]["episodes"][0]
    assert (episode["first_alert_seq"], episode["time_to_detect_minutes"]) == (None, None)


def test_windows_that_touch_or_overlap_across_resources_make_one_episode():
    log = reference_org()
    log.resource("payroll", records=10, groups=["data-team"])
    log.grant("user-metrics", "principal:olga", t=10, actor="bob", contradicts=True)
    log.grant("payroll", "principal:alice", t=15, actor="dana", contradicts=True)
    log.revoke("user-metrics", "principal:olga", t=30, actor="bob")
    log.revoke("payroll", "principal:alice", t=40, actor="dana")
    log.grant("payroll", "principal:olga", t=40, actor="dana", contradicts=True)
    log.revoke("payroll", "principal:olga", t=55, actor="dana")
    log.end(100)
    report = compute_metrics(log.records)
    episodes = report["detection"]["episodes"]
    assert [(e["start"], e["end"], e["resources"]) for e in episodes] == [
        (10.0, 55.0, ["payroll", "user-metrics"])]
    assert report["exposure"]["exposed_minutes"] == 45.0


def test_a_run_without_exposure_has_no_episodes():
    log = reference_org()
    log.end(60)
    report = compute_metrics(log.records)
    assert report["exposure"]["exposed_minutes"] == 0
    assert (report["detection"]["episodes"], report["detection"]["undetected_episodes"]) == (
        [], 0)


def test_the_reports_put_exposed_time_beside_the_span_and_list_the_episodes():
    from scenarios.reports import render

    log, *_ = regranted()
    report = compute_metrics(log.records)
    text = render(report, "text")
    assert re.search(r"Incident window \(longest\) +7 h 28 min\n +Exposed time +5 h 27 min", text)
    assert "  2  T+03:13  T+07:42  269      #16        1 h 00 min      4 h 29 min" in text
    markdown = render(report, "markdown")
    assert "| 1 | T+00:14 | T+01:12 | 58 | #13 | 45 min | 58 min |" in markdown
    assert '"exposed_minutes": 327.0' in render(report, "json")
