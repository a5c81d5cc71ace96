"""Training end to end: a trainee checks first, decides and reads the debrief; the
trainer follows it in their cohort and can download the CSV."""

import pytest
from playwright.sync_api import expect

from .conftest import browser_db, go_to, screenshot

pytestmark = [pytest.mark.browser, browser_db]


def test_a_trainee_checks_first_and_the_trainer_follows_it(open_page, person):
    tia = person("tia", "Tia Trainee")
    trainer = open_page(person("tess", "Tess Trainer", role="trainer"))
    trainer.goto(trainer.url.split("/accounts")[0] + "/exercises/training/cohorts/")
    trainer.get_by_label("Cohort name").fill("Tuesday cohort")
    trainer.get_by_role("button", name="Create the cohort").click()
    trainer.get_by_label("Trainee's username").fill("tia")
    trainer.get_by_role("button", name="Add to the cohort").click()
    expect(trainer.get_by_role("heading", name="Tia Trainee (tia)")).to_be_visible()

    page = open_page(tia)
    go_to(page, "Exercises")
    page.get_by_role("link", name="Go to training").click()
    page.get_by_role("link", name="A quick fix, labelled AI").click()
    expect(page.locator(".badge-ai")).to_be_visible()
    expect(page.locator("button.option")).to_have_count(3)
    screenshot(page, "training-1-exercise")

    page.get_by_role("button", name="Check it first").click()
    for look in ("who wrote it", "whether anyone approved it",
                 "the dataset and its intended audience", "whom the grant would reach"):
        page.get_by_role("link", name=f"Look: {look}").click()
    expect(page.get_by_text("Forum Helper wrote it: an AI agent")).to_be_visible()
    expect(page.get_by_text("Nobody approved it before it was published.")).to_be_visible()
    expect(page.get_by_text("outside the intended audience and cannot read it today")).to_be_visible()
    screenshot(page, "training-2-check")

    page.get_by_role("button", name="Leave it").click()
    expect(page.get_by_role("heading", name="Score: 100 / 100")).to_be_visible()
    expect(page.get_by_text("You checked 4 of 4 facts, then chose to leave it.")).to_be_visible()
    expect(page.get_by_role("heading", name="Near miss or prevented?")).to_be_visible()
    screenshot(page, "training-3-debrief")

    trainer.reload()
    expect(trainer.locator(".over-time")).to_contain_text("100")
    screenshot(trainer, "training-4-trainer")
    with trainer.expect_download() as download:
        trainer.get_by_role("link", name="Download the attempts (CSV)").click()
    assert "tia,A quick fix, labelled AI" in download.value.path().read_text().replace('"', "")
    trainer.get_by_role("link", name="A quick fix, labelled AI").click()
    expect(trainer.get_by_text("Tia Trainee's attempt")).to_be_visible()
