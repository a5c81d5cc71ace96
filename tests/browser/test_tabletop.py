"""A whole tabletop session, click by click: a facilitator and one participant in two
browser contexts, from the start form to the after-action report."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import browser_db, go_to, screenshot

pytestmark = [pytest.mark.browser, browser_db]


def _start(page, participant, responder):
    go_to(page, "Exercises")
    page.get_by_role("link", name="Start a tabletop session").click()
    page.get_by_label("Scenario").select_option("meta_internal_forum")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("combobox", name="Priya Shah — follows forum advice").select_option(label=f"{participant.display_name} ({participant.username})")
    page.get_by_role("combobox", name="Dmitri Ivanov — answers alerts").select_option(label=f"{responder.display_name} ({responder.username})")
    page.get_by_label("Session title").fill("Forum incident drill")
    screenshot(page, "tabletop-1-start")
    page.get_by_role("button", name="Start the session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Forum incident drill")


FOLLOW_HEADING = "Your decision: an answer on the forum recommends a change"
REVERT_HEADING = "Your decision: an alert on a dataset: revert the grant or not"


def _decide(page, choice, expected_heading):
    go_to(page, "Exercises")
    page.get_by_role("link", name="Forum incident drill").first.click()
    expect(page.get_by_role("heading", name=expected_heading)).to_be_visible()
    page.get_by_role("button", name=choice, exact=True).click()
    expect(page.get_by_text(f"Your decision “{choice}” is recorded.")).to_be_visible()


def test_a_facilitator_and_a_participant_play_a_session_to_the_report(open_page, person):
    fay = person("fay", "Fay Facilitator", is_staff=True)
    pat = person("pat", "Pat Participant")
    rui = person("rui", "Rui Responder")  # each person plays one simulated person
    console = open_page(fay)
    _start(console, pat, rui)
    expect(console.get_by_text("The clock is held.")).to_be_visible()
    console.get_by_role("button", name="Run to the next decision").click()
    expect(console.locator(".clock")).to_have_text("T+00:30")
    expect(console.get_by_text("Waiting for")).to_be_visible()
    screenshot(console, "tabletop-2-console-waiting")

    seat = open_page(pat)
    go_to(seat, "Exercises")
    seat.get_by_role("link", name="Forum incident drill").click()
    expect(seat.get_by_role("heading", name=FOLLOW_HEADING)).to_be_visible()
    expect(seat.get_by_text("Grant all-engineers read access on user-metrics").first).to_be_visible()
    screenshot(seat, "tabletop-3-your-decision")

    console.get_by_role("button", name="Pause").click()
    seat.reload()
    expect(seat.get_by_role("button", name="Carry out the advice",
                            exact=True)).to_be_disabled()
    console.get_by_role("button", name="Resume").click()

    _decide(seat, "Carry out the advice", FOLLOW_HEADING)
    # The console refreshes itself (htmx): the decision shows, the clock stays held.
    expect(console.get_by_text("by Pat Participant")).to_be_visible(timeout=15_000)
    console.get_by_role("button", name="Run to the next decision").click()
    expect(console.locator(".clock")).to_have_text("T+02:30")
    console.get_by_label("At minute").fill("200")
    console.get_by_label("What the alert says").fill("Unusual reads of user-metrics")
    console.get_by_role("button", name="Add to the timeline").click()
    expect(console.get_by_text("The inject is on the timeline.")).to_be_visible()
    screenshot(console, "tabletop-4-console-after-follow")

    responder_seat = open_page(rui)
    _decide(responder_seat, "Revert the grant", REVERT_HEADING)
    console.get_by_role("button", name="Run to the next decision").click()
    responder_seat.reload()
    expect(responder_seat.get_by_role("heading", name="The session has ended")).to_be_visible()

    console.get_by_role("link", name="After-action report").click()
    expect(console.get_by_role("heading", name=re.compile("Outcome: Exposure"))).to_be_visible()
    table = console.locator("table").first
    expect(table).to_contain_text("Carry out the advice")
    expect(table).to_contain_text("Revert the grant")
    expect(console.locator("table.compare").first).to_contain_text("Strongest guardrails")
    screenshot(console, "tabletop-5-report")
    with console.expect_download() as download:
        console.get_by_role("link", name="Download as Markdown").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert ("| T+00:30 | priya | An answer on the forum recommends a change | Carry out the "
            "advice | Pat Participant |") in text
    assert "Unusual reads of user-metrics" in text
    console.emulate_media(media="print")
    expect(console.get_by_role("link", name="Download as Markdown")).to_be_hidden()
    screenshot(console, "tabletop-6-report-print")
