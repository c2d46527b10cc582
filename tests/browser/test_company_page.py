"""A big employer's company page in a real browser: its postings 20 to a page, a pager to walk them, no axe-core
violations."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, Site, axe_audit, screenshot

pytestmark = pytest.mark.browser

SLUG = "grossbetrieb-browsertest"


@pytest.fixture(scope="module")
def big_employer(site: Site) -> str:
    """An approved company with 45 open postings (the demo companies have about ten): three pages. A company of its
    own, so that no page the site has already cached shows it without them."""
    site.manage(
        "shell",
        "--no-imports",
        "-c",
        "from tests.factories import CompanyFactory, make_posting; "
        f"c = CompanyFactory(slug='{SLUG}', name='Großbetrieb Browsertest GmbH'); "
        "[make_posting(c, title=f'Fachkraft Nr. {i}') for i in range(45)]",
    )
    return SLUG


def test_the_pager_walks_the_pages_and_passes_axe(page: Any, site: Site, big_employer: str) -> None:
    page.goto(f"{site.url}/companies/{big_employer}/")
    assert page.locator("#open-h").inner_text() == "45 offene Stellen"
    assert page.locator("ul.cards > li.card").count() == 20
    pager = page.get_by_role("navigation", name="Seiten")
    # Screen readers hear "Seite 1"; the current page is marked for them.
    assert pager.get_by_role("link", name="Seite 1", exact=True).get_attribute("aria-current") == "page"

    pager.get_by_role("link", name="Seite 3").click()
    page.wait_for_url(f"{site.url}/companies/{big_employer}/?page=3")
    assert page.locator("ul.cards > li.card").count() == 5
    current = page.get_by_role("navigation", name="Seiten").locator("[aria-current=page]")
    assert current.text_content() == "Seite 3"

    page.get_by_role("navigation", name="Seiten").get_by_role("link", name="Seite 2").click()
    page.wait_for_url(f"{site.url}/companies/{big_employer}/?page=2")
    screenshot(page, "company-detail-paged")
    problems = axe_audit(page, "company-detail-paged")
    assert problems == [], f"axe-core found serious/critical violations: {problems}"
    # And none of any impact on this page.
    everything = json.loads((ARTIFACTS / "axe" / "company-detail-paged.json").read_text(encoding="utf-8"))
    assert everything == [], [(v["id"], v["impact"]) for v in everything]

    page.get_by_role("link", name="Alle Stellen dieses Unternehmens in der Suche").click()
    page.wait_for_url(f"{site.url}/jobs/?company={big_employer}")
    assert page.locator("#results-h").inner_text().startswith("45 ")
