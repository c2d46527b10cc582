"""The results and posting pages as a job seeker uses them, in Debian's Chromium against the served demo site: results
first on a phone with the filters in a drawer, previous/next pages, "jobs near me", printing a posting, the favicon,
and axe-core finding nothing at 1,280 and 360 px."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import Site, axe_audit, screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
NORDHAUSEN = {"latitude": 51.505, "longitude": 10.79}


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """Pages of their own context (viewport, language, JavaScript, location), closed after the test."""
    contexts: list[Any] = []

    def make(*, viewport: dict[str, int] = DESKTOP, locale: str = "de-DE", **options: Any) -> Any:
        context = browser.new_context(viewport=viewport, locale=locale, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def a_posting_url(page: Any, site: Site) -> str:
    page.goto(site.url + "/jobs/")
    return str(page.locator("ol.cards li.card h2 a").first.get_attribute("href"))


@pytest.mark.parametrize("locale", ["de-DE", "en-GB"])
def test_on_a_phone_the_first_result_is_on_the_first_screen_and_nothing_scrolls_sideways(
    new_page: Any, site: Site, locale: str
) -> None:
    page = new_page(viewport=PHONE, locale=locale)
    for path in ("/jobs/", "/jobs/?place=Nordhausen&sort=distance"):
        page.goto(site.url + path)
        top = page.locator("ol.cards li.card").first.bounding_box()["y"]
        assert top < PHONE["height"], f"{path}: the first card starts at {top} px"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path}: the page is {width} px wide"
        # The filters are one button away, not in the way.
        assert page.locator("#filters").is_hidden()
        assert page.locator("a.filter-toggle").is_visible()
    screenshot(page, f"results-360-{locale[:2]}")


def test_the_filter_drawer_opens_and_closes_with_the_keyboard(new_page: Any, site: Site) -> None:
    page = new_page(viewport=PHONE)
    page.goto(site.url + "/jobs/?offer_type=job&contract=permanent")
    toggle = page.locator("a.filter-toggle")
    assert re.search(r"Filter\s*2", toggle.inner_text())  # two filters in force
    toggle.focus()
    page.keyboard.press("Enter")
    drawer = page.locator("#filters")
    assert drawer.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "filters"
    # The focus stays in the drawer: Shift+Tab from its start goes to its last control, not to the page behind.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.getElementById('filters').contains(document.activeElement)")
    for _ in range(3):
        page.keyboard.press("Tab")
        assert page.evaluate("document.getElementById('filters').contains(document.activeElement)")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_audit(page, "results-drawer-360") == []
    screenshot(page, "results-drawer-360")
    page.keyboard.press("Escape")
    assert drawer.is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('filter-toggle')")
    # The close link closes it too.
    toggle.click()
    page.locator("#filters .drawer-close").click()
    assert drawer.is_hidden()


def test_the_filter_drawer_works_without_javascript(new_page: Any, site: Site) -> None:
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(site.url + "/jobs/")
    page.locator("a.filter-toggle").click()
    drawer = page.locator("#filters")
    assert drawer.is_visible()
    drawer.locator("input[name=offer_type][value=apprenticeship]").check()
    drawer.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url(re.compile(r"offer_type=apprenticeship"))
    assert page.locator("ul.active-filters").inner_text().strip()


def test_at_desktop_width_the_filters_stay_a_sidebar(new_page: Any, site: Site) -> None:
    page = new_page()
    page.goto(site.url + "/jobs/")
    assert page.locator("#filters").is_visible()
    assert page.locator("a.filter-toggle").is_hidden()


def test_previous_and_next_page(new_page: Any, site: Site) -> None:
    page = new_page()
    page.goto(site.url + "/jobs/?offer_type=job")
    first = page.locator("ol.cards li.card h2 a").first.inner_text()
    assert page.locator("a[rel=prev]").count() == 0
    page.locator("a[rel=next]").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert page.locator("nav.pagination [aria-current=page]").inner_text().strip().endswith("2")
    assert page.locator("ol.cards li.card h2 a").first.inner_text() != first
    page.locator("a[rel=prev]").click()
    page.wait_for_url(re.compile(r"/jobs/\?offer_type=job$"))
    assert page.locator("ol.cards li.card h2 a").first.inner_text() == first


def test_jobs_near_me_searches_around_the_browsers_location(new_page: Any, site: Site) -> None:
    page = new_page(geolocation=NORDHAUSEN, permissions=["geolocation"])
    page.goto(site.url + "/jobs/")
    button = page.locator("[data-geo-button]")
    assert button.is_visible()
    button.click()
    page.wait_for_url(re.compile(r"lat="))
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert params["lat"] == ["51.51"] and params["lon"] == ["10.79"]  # rounded: about a kilometre
    assert params["sort"] == ["distance"]
    assert "in Ihrer Nähe" in page.locator("#results-h").inner_text()
    distances = [
        float(m.group(1).replace(",", "."))
        for text in page.locator("ol.cards li.card .card-meta").all_inner_texts()
        if (m := re.search(r"([\d,.]+) km entfernt", text))
    ]
    assert len(distances) == page.locator("ol.cards li.card").count() > 0
    assert distances == sorted(distances)
    assert max(distances) <= 25  # the default radius
    assert page.locator("#id_radius_km").is_visible()
    # A smaller radius keeps the location.
    page.select_option("#id_radius_km", "10")
    page.locator("form#job-search button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"radius_km=10"))
    assert "lat=51.51" in page.url
    screenshot(page, "results-near-me-1280")


def test_jobs_near_me_is_not_offered_without_geolocation(new_page: Any, site: Site) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(site.url + "/jobs/")
    assert page.locator("[data-geo]").is_hidden()


def test_a_posting_prints_on_at_most_two_pages_without_the_sites_chrome(new_page: Any, site: Site) -> None:
    page = new_page()
    page.goto(site.url + a_posting_url(page, site))
    page.emulate_media(media="print")
    assert page.locator("header.site-header").is_hidden()
    assert page.locator("footer.site-footer").is_hidden()
    assert page.locator(".share").is_hidden()
    assert page.locator("#job-title").is_visible()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert 1 <= pages <= 2


def test_the_share_links_carry_the_canonical_address(new_page: Any, site: Site) -> None:
    page = new_page()
    page.goto(site.url + a_posting_url(page, site))
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    share = page.locator(".share")
    assert share.locator("a[data-share-url]").get_attribute("href") == canonical
    mailto = share.locator("a[href^='mailto:']").get_attribute("href")
    assert urllib.parse.parse_qs(mailto.split("?", 1)[1])["body"] == [canonical]
    # Without the Web Share API (headless Chromium on Linux), the link can be copied.
    if not page.evaluate("'share' in navigator"):
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        share.locator("[data-share-copy]").click()
        assert page.evaluate("navigator.clipboard.readText()") == canonical


def test_the_favicon_is_there(new_page: Any, site: Site) -> None:
    page = new_page()
    page.goto(site.url + "/jobs/")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(site.url + icon).status == 200
    response = page.request.get(site.url + "/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/svg+xml")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "360"])
def test_results_and_posting_pages_have_no_accessibility_violations(
    new_page: Any, site: Site, viewport: dict[str, int]
) -> None:
    page = new_page(viewport=viewport)
    width = viewport["width"]
    page.goto(site.url + "/jobs/?salary_min=3000&offer_type=job")
    assert page.locator("ol.cards li.card .card-salary").count() > 0
    assert axe_audit(page, f"results-{width}") == []
    screenshot(page, f"results-{width}")
    page.goto(site.url + a_posting_url(page, site))
    assert axe_audit(page, f"posting-{width}") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"posting-{width}")
