"""A training exercise end to end: pick, read the thread, decide, read the debrief."""

import pytest
from playwright.sync_api import expect

from .conftest import browser_db, go_to, screenshot

pytestmark = [pytest.mark.browser, browser_db]


def test_a_trainee_plays_an_exercise_and_sees_the_debrief(open_page, person):
    page = open_page(person("tia", "Tia Trainee"))
    go_to(page, "Exercises")
    page.get_by_role("link", name="Go to training").click()
    page.get_by_role("link", name="A quick fix, labelled AI").click()
    expect(page.locator(".badge-ai")).to_be_visible()
    expect(page.get_by_text("Grant all-engineers read access on user-metrics").first).to_be_visible()
    screenshot(page, "training-1-exercise")

    page.get_by_role("button", name="Check it first").click()
    expect(page.get_by_role("heading", name="Your score: 100 / 100")).to_be_visible()
    expect(page.get_by_text("Forum Helper is an AI agent")).to_be_visible()
    expect(page.locator("tr.mine")).to_contain_text("Check it first")
    screenshot(page, "training-2-debrief")

    page.get_by_role("link", name="Back to the exercises").click()
    expect(page.locator("table.progress")).to_contain_text("answer-labelled")
    expect(page.get_by_text("Best score 100 · 1 attempt")).to_be_visible()
    screenshot(page, "training-3-progress")
