"""Playwright against Debian's Chromium (``playwright install`` cannot download browsers here)."""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail(
            "Chromium is needed for the browser tests: install Debian's 'chromium' package "
            "(scripts/test.sh does) or set CHROMIUM_PATH."
        )
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def login(page, base_url: str, email: str, password: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.locator("main").get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def assert_no_sideways_scroll(page) -> None:
    """Nothing scrolls sideways outside the tables' own wrappers.

    Measured against the device's width, not ``window.innerWidth``: on a phone (``is_mobile``)
    the window widens with a page that is too wide, so comparing with it would always pass.
    """
    width = page.viewport_size["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 1, f"the page is wider than {width} px"
