"""Browser tests: Playwright's sync API driving Debian's Chromium against `live_server`.

Playwright's own browser download does not work here, so the system Chromium is launched
with flags that keep it off the network. `make test` installs it; without it these tests
fail with a message saying how to install it, rather than passing by checking nothing.
"""

import os
from pathlib import Path

import pytest

from tests.factories import PrincipalFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PASSWORD = "tabletop-pass-1"
# The live server's thread and the test's ORM calls share the in-memory sandbox.
browser_db = pytest.mark.django_db(transaction=True, databases=["default", "sandbox"])


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing; install it with scripts/install-system-deps.sh "
                    "(make test runs it)", pytrace=False)
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # (creating people) are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser, live_server):
    """open_page(principal) → a page in its own browser context, signed in through the form."""
    contexts = []

    def open_for(principal):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(principal.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, "sign-in failed"
        return page

    yield open_for
    for context in contexts:
        context.close()


@pytest.fixture
def person():
    def make(username, display_name, **kwargs):
        return PrincipalFactory(username=username, display_name=display_name,
                                password=PASSWORD, **kwargs)
    return make


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def go_to(page, link: str) -> None:
    """Follow a link of the site's main navigation."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name=link).click()
