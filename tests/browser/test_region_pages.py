"""The region's pages in a real browser, at 1,280 and 360 px: the home page's region face, a network page, the
Ausbildung entry and the legal pages; axe-core finds no violations, screenshots go to test-artifacts/."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, Site, axe_audit, screenshot

pytestmark = pytest.mark.browser

WIDTHS = (1280, 360)


def _check(page: Any, name: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    # Nothing sideways to scroll, even on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
    screenshot(page, f"{name}-{width}")
    problems = axe_audit(page, f"{name}-{width}")
    assert problems == [], f"axe-core found serious/critical violations on {name} at {width}px: {problems}"
    everything = json.loads((ARTIFACTS / "axe" / f"{name}-{width}.json").read_text(encoding="utf-8"))
    assert everything == [], [(v["id"], v["impact"]) for v in everything]


@pytest.mark.parametrize("width", WIDTHS)
def test_home_region_face_leads_to_a_network_page(page: Any, site: Site, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site.url + "/")
    face = page.locator("section.region-face")
    assert "Nordthüringen" in face.locator("h2").first.inner_text()
    image = face.locator("img.region-image")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")  # the shipped picture loads
    assert face.get_by_role("link", name="Landkreis Nordhausen").count() == 1
    _check(page, "home-region", width)

    network = face.locator("a[href^='/netzwerke/']").first
    name = network.inner_text()
    network.click()
    page.wait_for_url("**/netzwerke/**")
    assert page.locator("h1").inner_text() == name
    assert page.locator("#members-h").count() == 1
    assert page.locator("ul.cards > li.card").count() >= 1
    _check(page, "network", width)


@pytest.mark.parametrize("width", WIDTHS)
def test_apprenticeships_with_start_dates(page: Any, site: Site, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site.url + "/")
    page.locator("section.region-face").get_by_role("link", name="Zu den Ausbildungsplätzen").click()
    page.wait_for_url(site.url + "/ausbildung/")
    assert "Nordthüringen" in page.locator("h1").inner_text()
    starts = page.locator("ul.cards > li.card .card-start time").evaluate_all("ts => ts.map(t => t.dateTime)")
    assert starts and starts == sorted(starts)  # the soonest start first
    _check(page, "ausbildung", width)


LEGAL = [("Impressum", "/impressum/", "Impressum"), ("Datenschutz", "/datenschutz/", "Datenschutzerklärung")]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("link", "path", "heading"), LEGAL)
def test_legal_pages_from_the_footer(page: Any, site: Site, width: int, link: str, path: str, heading: str) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site.url + "/jobs/")
    page.locator("footer").get_by_role("link", name=link, exact=True).click()
    page.wait_for_url(site.url + path)
    assert page.locator("h1").inner_text() == heading
    _check(page, path.strip("/"), width)
