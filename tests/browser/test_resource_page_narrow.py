"""The resource page on a 390 px phone, as its administrator sees it (records, grants, the
access form): nothing wider than the screen; tables scroll in their own box, ids wrap."""

import pytest
from playwright.sync_api import expect

from forum import services
from forum.models import Resource
from tests.factories import GroupFactory

from .conftest import browser_db, screenshot

pytestmark = [pytest.mark.browser, browser_db]

PHONE = {"width": 390, "height": 844}
LONG_ID = "customer-lifetime-value-by-region-and-acquisition-channel-2026"


def test_the_resource_page_fits_a_phone(open_page, person, live_server):
    owner = person("olu", "Olu Owner")
    team = GroupFactory(slug="data-platform-analytics-and-experimentation-team")
    resource = services.create_resource(
        LONG_ID, "Customer lifetime value", classification=Resource.Classification.RESTRICTED,
        record_count=250_000, intended_groups=[team],
        records=[{"user_id": 1_000_000 + i, "email": f"person{i}@example.test",
                  "segment": "high-value-returning-customer", "country": "NL"}
                 for i in range(5)])
    services.seed_grant(resource, principal=owner, permission="admin")
    services.seed_grant(resource, group=team)
    page = open_page(owner)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/resources/{LONG_ID}/")
    expect(page.get_by_role("heading", name="Sample records")).to_be_visible()
    screenshot(page, "resource-page-390px")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
