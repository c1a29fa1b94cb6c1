"""WCAG 2.1 A and AA: every page every demo persona can reach from the start page, checked by
axe-core (shipped inside axe-playwright-python's wheel), plus keyboard checks of the main flows.

The crawl follows links from the start page, visiting each kind of page once per persona (one
URL per view name and set of query parameters: 60 goal pages are one page template).
"""

from __future__ import annotations

from io import StringIO
from urllib.parse import urljoin, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PERSONAS = [
    "politiker.fagersta@demo.skolnatverk.se",
    "forvaltning.fagersta@demo.skolnatverk.se",
    "rektor.fagersta@demo.skolnatverk.se",
    "larare.fagersta@demo.skolnatverk.se",
    "samordnare.fagersta@demo.skolnatverk.se",
    "processledare@demo.skolnatverk.se",
]
PASSWORD = "demo-skolnatverk"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
# Not pages: signing out, the language switch, downloads, the admin (staff only, Django's own).
SKIP_PREFIXES = ("/accounts/logout/", "/i18n/", "/admin/", "/static/")
DOWNLOAD_SUFFIXES = (".ics", ".csv", ".xlsx", ".zip", ".pdf", ".svg")
MAX_PAGES_PER_PERSONA = 120


@pytest.fixture
def demo(live_server):
    call_command("seed_demo", stdout=StringIO())
    return live_server


@pytest.fixture
def people(live_server):
    """The demo's municipalities and people only: enough for the keyboard checks, and quick."""
    call_command("seed_demo", only="municipalities", stdout=StringIO())
    return live_server


def _page_key(path: str, query: str) -> tuple:
    try:
        match = resolve(path)
    except Resolver404:
        return ("unresolved", path)
    keys = tuple(sorted({part.split("=")[0] for part in query.split("&") if part}))
    return (match.view_name, keys)


def _crawl(page, base: str) -> tuple[list[str], list[str]]:
    axe = Axe()
    queue = ["/"]
    seen: set[tuple] = set()
    visited: list[str] = []
    problems: list[str] = []
    while queue and len(visited) < MAX_PAGES_PER_PERSONA:
        href = queue.pop(0)
        parsed = urlparse(href)
        key = _page_key(parsed.path, parsed.query)
        if key in seen:
            continue
        seen.add(key)
        try:
            response = page.goto(base + href)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                continue  # a file download (a report, an export): not a page
            raise
        if response is None or response.status != 200:
            problems.append(f"{href}: status {response.status if response else 'none'}")
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue  # a document the browser shows as it is (the API's JSON): not a page
        visited.append(href)
        lang = page.locator("html").get_attribute("lang")
        if lang not in {"sv", "en"}:
            problems.append(f"{href}: <html lang={lang!r}>")
        results = axe.run(page, options=WCAG)
        for violation in results.response["violations"]:
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:3]
            problems.append(f"{href}: {violation['id']} ({violation['impact']}) {violation['help']} – {targets}")
        for link in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            absolute = urlparse(urljoin(base + href, link))
            if absolute.netloc != urlparse(base).netloc or absolute.scheme not in {"http", "https"}:
                continue
            path = absolute.path
            if path.startswith(SKIP_PREFIXES) or path.endswith(DOWNLOAD_SUFFIXES):
                continue
            queue.append(path + (f"?{absolute.query}" if absolute.query else ""))
    return visited, problems


def test_every_reachable_page_meets_wcag_21_aa(browser, demo):
    # One demo for all personas: building it is the slow part.
    report = []
    for email in DEMO_PERSONAS:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
        page = context.new_page()
        page.set_default_timeout(15_000)
        login(page, demo.url, email, PASSWORD)
        visited, problems = _crawl(page, demo.url)
        context.close()
        assert len(visited) >= 5, (email, visited)  # the crawl really went somewhere
        report.extend(f"{email} {p}" for p in problems)
    assert not report, "\n".join(report)


def test_skip_link_is_first_and_moves_focus_to_main(page, people):
    login(page, people.url, "samordnare.fagersta@demo.skolnatverk.se", PASSWORD)
    page.goto(people.url + "/k/fagersta/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hoppa till innehållet"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_focus_is_visible_on_links_and_buttons(page, people):
    login(page, people.url, "samordnare.fagersta@demo.skolnatverk.se", PASSWORD)
    page.goto(people.url + "/k/fagersta/medlemmar/")
    for _ in range(4):
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("none", ""), page.evaluate("document.activeElement.outerHTML")


def test_invitation_form_works_with_the_keyboard_only(page, people):
    login(page, people.url, "samordnare.fagersta@demo.skolnatverk.se", PASSWORD)
    page.goto(people.url + "/k/fagersta/medlemmar/bjud-in/")
    page.get_by_label("E-postadress").focus()
    page.keyboard.type("ny.larare@example.se")
    page.keyboard.press("Tab")
    page.keyboard.type("Nils Ny")
    page.keyboard.press("Tab")
    page.keyboard.press("End")  # last level in the list: Lärare
    for _ in range(3):  # school, coordinator checkbox, then the submit button
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skicka inbjudan"
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "/k/fagersta/medlemmar/" in page.url
    expect(page.locator("[role=status]")).to_contain_text("En inbjudan har skickats till ny.larare@example.se", use_inner_text=True)
