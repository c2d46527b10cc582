"""What people do on the site, in a real browser: search, read, post, switch language, use the keyboard, a phone."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest

from tests.browser.conftest import Site, axe_audit, login, screenshot

pytestmark = pytest.mark.browser


def facet_counts(page: Any, name: str) -> dict[str, int]:
    return page.evaluate(
        """(name) => Object.fromEntries([...document.querySelectorAll(`input[type=checkbox][name="${name}"]`)]
            .map(b => [b.value, parseInt(document.querySelector(`label[for="${b.id}"] .count`)
            .textContent.replace(/[()]/g, ''), 10)]))""",
        name,
    )


def result_total(page: Any) -> int:
    return int(re.match(r"\s*(\d+)", page.inner_text("#results-h")).group(1))


def test_seeker_flow(page: Any, site: Site) -> None:
    page.goto(site.url + "/")
    screenshot(page, "home")
    page.fill("#id_q", "Pflege")
    # The place field gets suggestions from the gazetteer API while typing (progressive enhancement).
    page.locator("#id_place").press_sequentially("Nordh", delay=30)
    page.wait_for_function("() => document.querySelectorAll('#place-suggestions option').length > 0")
    assert "Nordhausen" in page.eval_on_selector_all("#place-suggestions option", "os => os.map(o => o.value)")
    page.fill("#id_place", "Nordhausen")
    page.select_option("#id_radius_km", "25")
    page.get_by_role("button", name="Jobs finden").click()
    page.wait_for_url(re.compile(r"/jobs/\?q=Pflege&place=Nordhausen&radius_km=25"))

    before_total = result_total(page)
    assert before_total > 0
    fields_before = facet_counts(page, "field")
    employment_before = facet_counts(page, "employment_type")
    assert fields_before, "no field facet for Pflege near Nordhausen"
    # Choose the biggest field that does not hold every hit, so choosing it must change the other counts.
    code, count = max(((c, n) for c, n in fields_before.items() if n < before_total), key=lambda cn: cn[1])
    page.check(f"input[name=field][value='{code}']")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url(re.compile(rf"field={code}"))

    assert result_total(page) == count
    assert page.is_checked(f"input[name=field][value='{code}']")
    # Multi-select: the other fields keep their counts; the other facets now count within the chosen field.
    assert facet_counts(page, "field") == fields_before
    assert facet_counts(page, "employment_type") != employment_before
    assert all("km entfernt" in t for t in page.locator("ol.cards .card-meta").all_inner_texts())
    screenshot(page, "results")

    page.locator("ol.cards h2 a").first.click()
    page.wait_for_url(re.compile(r"/jobs/\d+-[\w-]+/$"))
    blocks = page.eval_on_selector_all('script[type="application/ld+json"]', "ss => ss.map(s => s.textContent)")
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "JobPosting"
    for prop in ("title", "description", "datePosted", "hiringOrganization", "jobLocation"):
        assert data.get(prop), f"JSON-LD lacks {prop}"
    assert data["title"] == page.inner_text("h1")
    screenshot(page, "posting")


def test_company_flow(page: Any, site: Site) -> None:
    word = "Browsertest" + uuid.uuid4().hex[:6]
    title = f"Industriemechaniker {word} (m/w/d)"
    login(page, site)
    page.locator(f"a[href='/company-area/{site.company_slug}/jobs/new/']").click()
    page.fill("#id_title", title)
    page.fill("#id_description", f"Wir suchen Verstärkung ({word}).")
    page.fill("#id_wp1_place", "Nordhausen")
    page.fill("#id_wp1_postal_code", "99734")
    page.select_option("#id_field", "25")
    page.check("input[name=employment_types][value=full_time]")
    page.check("input[name=status][value=published]")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    assert page.url == site.url + "/company-area/", page.locator(".errorlist").all_inner_texts()
    assert title in page.inner_text("main")
    screenshot(page, "company-area")

    page.goto(f"{site.url}/jobs/?q={word}")
    assert page.locator("ol.cards h2 a", has_text=word).count() == 1

    page.goto(site.url + "/company-area/")
    row = page.locator("li.posting-row", has_text=title)
    row.get_by_role("link", name=re.compile("Schließen")).click()
    page.get_by_role("button", name=re.compile("Anzeige schließen")).click()
    page.wait_for_url(site.url + "/company-area/")
    assert "ist geschlossen" in page.inner_text(".messages")

    page.goto(f"{site.url}/jobs/?q={word}")
    assert page.locator("ol.cards h2 a", has_text=word).count() == 0
    assert "Keine Stellen passen" in page.inner_text("main")


def test_language_switch(page: Any, site: Site) -> None:
    page.goto(site.url + "/jobs/?q=Pflege")
    assert page.get_attribute("html", "lang") == "de"
    assert page.locator("button", has_text="Suchen").count() == 1
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    assert page.url.endswith("/jobs/?q=Pflege")  # the same search, in the other language
    assert page.get_by_role("button", name="Apply filters").is_visible()
    page.get_by_role("button", name="Deutsch").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "de"


def _tab_to(page: Any, selector: str, limit: int = 40) -> int:
    for n in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => document.activeElement && document.activeElement.matches(sel)", selector):
            return n
    raise AssertionError(f"{selector} not reachable with Tab within {limit} steps")


def test_keyboard_only_search(page: Any, site: Site) -> None:
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    assert page.locator(".skip-link").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#main'", timeout=5000)  # (the jump may land a moment after the key)

    _tab_to(page, "#id_q")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focused input has no visible focus"
    page.keyboard.type("Pflege")
    _tab_to(page, "#id_place")
    page.keyboard.type("Nordhausen")
    _tab_to(page, "#id_radius_km")
    _tab_to(page, "button[type=submit].btn")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/jobs/\?q=Pflege&place=Nordhausen"))
    assert result_total(page) > 0

    _tab_to(page, "ol.cards h2 a", limit=120)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/jobs/\d+-"))
    assert page.locator("script[type='application/ld+json']").count() == 1


@pytest.mark.parametrize(
    "path", ["/", "/jobs/?q=Pflege&place=Nordhausen&radius_km=25", "posting", "/companies/", "login"]
)
def test_phone_width_has_no_horizontal_scrolling(browser: Any, site: Site, path: str) -> None:
    context = browser.new_context(locale="de-DE", viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        if path == "posting":
            page.goto(site.url + "/jobs/?q=Pflege")
            page.locator("ol.cards h2 a").first.click()
            page.wait_for_url(re.compile(r"/jobs/\d+-"))
        elif path == "login":
            page.goto(site.url + "/accounts/login/")
        else:
            page.goto(site.url + path)
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1] == 360, f"{path}: content {widths[0]} px wide in a 360 px viewport"
        if path == "/":
            screenshot(page, "home-360")
        elif path.startswith("/jobs/"):
            screenshot(page, "results-360")
    finally:
        context.close()


def test_company_form_fits_a_phone(browser: Any, site: Site) -> None:
    context = browser.new_context(locale="de-DE", viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        login(page, site)
        for url in ("/company-area/", f"/company-area/{site.company_slug}/jobs/new/"):
            page.goto(site.url + url)
            widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert widths[0] <= widths[1], f"{url}: content {widths[0]} px wide"
    finally:
        context.close()


AUDITED = {
    "home": "/",
    "results": "/jobs/?q=Pflege&place=Nordhausen&radius_km=25",
    "empty-results": "/jobs/?q=Quantenphysiker",
    "bad-search": "/jobs/?place=Sondersh",
    "companies": "/companies/",
    "login": "/accounts/login/",
    "password-reset": "/accounts/password/reset/",
    "signup": "/accounts/signup/",
}


@pytest.mark.parametrize("name", [*AUDITED, "posting", "company-detail", "dashboard", "job-form", "job-form-errors"])
def test_accessibility_audit(page: Any, site: Site, name: str) -> None:
    if name in AUDITED:
        page.goto(site.url + AUDITED[name])
    elif name == "posting":
        page.goto(site.url + "/jobs/?q=Pflege")
        page.locator("ol.cards h2 a").first.click()
        page.wait_for_url(re.compile(r"/jobs/\d+-"))
    elif name == "company-detail":
        page.goto(f"{site.url}/companies/{site.company_slug}/")
    else:
        login(page, site)
        if name != "dashboard":
            page.goto(f"{site.url}/company-area/{site.company_slug}/jobs/new/")
        if name == "job-form-errors":
            page.get_by_role("button", name="Speichern").click()
            page.wait_for_selector(".errorlist")
    problems = axe_audit(page, name)
    assert problems == [], f"axe-core found serious/critical violations on {name}: {problems}"
