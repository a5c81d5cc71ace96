"""The run and sweep pages on a 390 px phone: nothing wider than the screen (tables scroll
in their own box, charts scale), and the time slider swaps the forum in without a reload."""

import pytest
from playwright.sync_api import expect

from scenarios.analysis.report_html import write_reports
from scenarios.format import load_scenario
from scenarios.sweeps.service import run_sweep
from tests.scenarios.viewer_helpers import stored_run

from .conftest import browser_db, screenshot

pytestmark = [pytest.mark.browser, browser_db]

PHONE = {"width": 390, "height": 844}


def page_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def test_the_run_page_fits_a_phone(open_page, person, live_server):
    stored = stored_run()
    page = open_page(person("pat", "Pat Phone"))
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/runs/{stored.pk}/")
    expect(page.get_by_role("heading", name="Causal chain")).to_be_visible()
    page.locator("details.windows summary").click()
    screenshot(page, "run-page-390px")
    assert page_width(page) <= PHONE["width"]


def test_the_sweep_page_fits_a_phone(open_page, person, live_server):
    sweep = run_sweep(load_scenario("meta_internal_forum"),
                      {"agent.approval_required": [False, True]}, 2, workers=1).sweep
    page = open_page(person("pat", "Pat Phone"))
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/sweeps/{sweep.pk}/")
    expect(page.get_by_role("heading", name="Exposure, by setting")).to_be_visible()
    screenshot(page, "sweep-page-390px")
    assert page_width(page) <= PHONE["width"]


def test_moving_the_slider_changes_the_forum_without_reloading_the_page(open_page, person, live_server):
    stored = stored_run()
    page = open_page(person("pat", "Pat Phone"))
    page.goto(f"{live_server.url}/runs/{stored.pk}/?t=90#at")
    heading = page.locator("#at-heading")
    expect(heading).to_have_text("The forum at T+01:30")
    expect(page.locator("#snapshot-view")).to_contain_text("beyond intended audience")
    page.evaluate("window.stillTheSamePage = true")
    page.locator("#t-range").focus()
    page.locator("#t-range").fill("200")
    expect(heading).to_have_text("The forum at T+03:20")
    expect(page.locator("#moment-label")).to_have_text("T+03:20 shown below")
    expect(page.locator("#snapshot-view")).not_to_contain_text("beyond intended audience")
    assert page.evaluate("window.stillTheSamePage") is True, "the page was reloaded"
    assert "t=200" in page.url


def test_the_sweep_report_fits_a_phone(open_page, person, tmp_path):
    outcome = run_sweep(load_scenario("meta_internal_forum"),
                        {"agent.approval_required": [False, True],
                         "acl.alert_delay_minutes": [None, 15]}, 2, workers=1)
    write_reports(tmp_path, outcome.sweep, outcome.rows)
    page = open_page(person("pat", "Pat Phone"))
    page.set_viewport_size(PHONE)
    page.goto((tmp_path / "report.html").as_uri())
    expect(page.get_by_role("heading", name="Settings compared with the baseline")).to_be_visible()
    screenshot(page, "sweep-report-390px")
    assert page_width(page) <= PHONE["width"]
