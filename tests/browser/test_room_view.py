"""The room view in Chromium: an observer's projector follows the table by itself, and the
start form's search box narrows a long list of people as the facilitator types."""

import pytest
from playwright.sync_api import expect

from exercises import sessions
from exercises.models import TabletopSession
from tests.factories import PrincipalFactory

from .conftest import browser_db, go_to, screenshot

pytestmark = [pytest.mark.browser, browser_db]


def test_the_search_box_narrows_the_people_and_the_plain_select_still_chooses(
        open_page, person, live_server):
    fay = person("fay", "Fay Facilitator", is_staff=True)
    for n in range(300):
        PrincipalFactory(username=f"crowd-{n:03d}", display_name=f"Crowd Member {n:03d}")
    person("nadia", "Nádia Kovács")
    page = open_page(fay)
    page.goto(f"{live_server.url}/exercises/sessions/new/?scenario=meta_internal_forum")
    picker = page.get_by_role("combobox", name="Priya Shah — follows forum advice")
    expect(picker.locator("option")).to_have_count(303)  # the persona, 300, fay, nadia
    page.get_by_role("searchbox", name="Filter the people for Priya Shah").fill("nadia kov")
    expect(picker.locator("option")).to_have_count(2)  # the scripted persona stays
    picker.select_option(label="Nádia Kovács (nadia)")
    screenshot(page, "tabletop-role-picker")
    page.get_by_role("button", name="Start the session").click()
    expect(page.get_by_text("The session has started", exact=False)).to_be_visible()
    assert TabletopSession.objects.get().assignments.get().person.username == "nadia"


def test_an_observers_room_follows_the_table_by_itself(open_page, person, live_server):
    fay = person("fay", "Fay Facilitator", is_staff=True)
    pat, rui = person("pat", "Pat Participant"), person("rui", "Rui Responder")
    olly = person("olly", "Olly Observer")
    session = sessions.start(fay, "meta_internal_forum", settings={}, seed=1,
                             assignments={"priya": pat, "dmitri-oncall": rui}, title="Drill")
    sessions.invite_observer(session, olly)
    room = open_page(olly)
    go_to(room, "Exercises")
    room.get_by_role("link", name="Drill").click()
    expect(room.locator(".room-clock")).to_have_text("T+00:30")
    expect(room.locator(".room-deciding")).to_contain_text("Pat Participant")
    screenshot(room, "tabletop-room-view")

    seat = open_page(pat)
    seat.goto(f"{live_server.url}/exercises/sessions/{session.pk}/play/")
    seat.get_by_role("button", name="Carry out the advice", exact=True).click()
    expect(room.locator(".room-clock")).to_have_text("T+02:30", timeout=15_000)
    expect(room.locator(".room-deciding")).to_contain_text("Rui Responder")
    expect(room.get_by_role("button", name="Carry out the advice")).to_have_count(0)
