"""The maps in a real browser against the served demo site: markers with counts from the GeoJSON endpoint, tiles from
the tile server (intercepted here: the internet is the one thing these tests stand in for), the page intact when
tiles fail, a marker's popup leading to its place's results, no script errors, no CSP violations, axe clean."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image

from tests.browser.conftest import Site, axe_audit, screenshot

pytestmark = pytest.mark.browser

TILE_HOST = re.compile(r"^https://tile\.openstreetmap\.org/")
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


def _tile_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (222, 232, 214)).save(out, format="PNG")
    return out.getvalue()


TILE = _tile_png()


class Watched:
    """A page with its script errors and the tile requests it made."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.tiles: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def csp_violations(self) -> list[str]:
        return list(self.page.evaluate("window.__cspViolations || []"))


@pytest.fixture
def map_page(browser: Any, site: Site) -> Iterator[Any]:
    def open_page(*, tiles: bool, width: int = 1280) -> Watched:
        context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 900})
        context.set_default_timeout(15_000)
        context.add_init_script(RECORD_VIOLATIONS)
        contexts.append(context)
        watched = Watched(context.new_page())

        def serve_tile(route: Any) -> None:
            watched.tiles.append(route.request.url)
            if tiles:
                route.fulfill(status=200, content_type="image/png", body=TILE)
            else:
                route.abort("failed")

        context.route(TILE_HOST, serve_tile)
        return watched

    contexts: list[Any] = []
    yield open_page
    for context in contexts:
        context.close()


def open_map(page: Any) -> None:
    """Unfold the map of the results page and wait for its markers."""
    page.locator("details.map-toggle > summary").click()
    page.wait_for_selector(".map-canvas .map-marker")


def first_marker_count(page: Any) -> int:
    return int(page.locator(".map-canvas .map-marker [aria-hidden=true]").first.inner_text())


def test_results_map_with_tiles(map_page: Any, site: Site) -> None:
    watched = map_page(tiles=True)
    page = watched.page
    page.goto(site.url + "/jobs/?place=Nordhausen&radius_km=25")
    assert not page.locator(".map-canvas").is_visible()  # folded away until asked for
    open_map(page)
    page.wait_for_selector(".leaflet-tile-loaded")
    markers = page.locator(".map-canvas .map-marker")
    listed = page.locator(".map-places li")
    assert markers.count() >= listed.count() >= 1
    assert watched.tiles and all(TILE_HOST.match(url) for url in watched.tiles)
    assert page.locator(".leaflet-tile-loaded").count() > 0
    assert "OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()
    assert watched.errors == []
    assert watched.csp_violations() == []
    assert axe_audit(page, "map-results-1280") == []
    screenshot(page, "map-results-1280")


def test_results_map_without_tiles_keeps_markers_and_list(map_page: Any, site: Site) -> None:
    watched = map_page(tiles=False)
    page = watched.page
    page.goto(site.url + "/jobs/")
    open_map(page)
    assert page.locator(".map-canvas .map-marker").count() > 0
    assert page.locator(".map-places li a").count() > 0
    assert page.locator(".leaflet-tile-loaded").count() == 0
    assert watched.tiles  # asked for, and failed
    page.wait_for_selector(".map-canvas.map-no-tiles")
    assert watched.errors == []
    assert watched.csp_violations() == []
    assert axe_audit(page, "map-results-no-tiles") == []
    screenshot(page, "map-results-no-tiles-1280")


def test_clicking_a_marker_leads_to_that_places_results(map_page: Any, site: Site) -> None:
    page = map_page(tiles=True).page
    page.goto(site.url + "/jobs/")
    open_map(page)
    count = first_marker_count(page)
    page.locator(".map-canvas .map-marker").first.click()
    link = page.locator(".leaflet-popup .map-popup a")
    link.wait_for()
    link.click()
    page.wait_for_url(re.compile(r"radius_km=0"))
    assert int(re.match(r"\s*(\d+)", page.inner_text("#results-h")).group(1)) == count


# Polled in the page by a function (the site's CSP forbids the string evaluation wait_for_function polls with),
# failing after ten seconds.
_UNTIL = """([test, target]) => new Promise((ok, fail) => {
  const done = () => test === "popup" ? !!(document.activeElement && document.activeElement.closest(".map-popup"))
    : test === "no-popup" ? document.querySelectorAll(".leaflet-popup").length === 0
    : document.activeElement === target;
  const started = Date.now();
  const t = setInterval(() => {
    if (done()) { clearInterval(t); ok(true); }
    else if (Date.now() - started > 10000) { clearInterval(t); fail(new Error("timed out: " + test)); }
  }, 50);
})"""


def until(page: Any, test: str, target: Any = None) -> None:
    """Wait until the focus is in a popup ("popup"), no popup is left ("no-popup"), or `target` has the focus."""
    page.evaluate(_UNTIL, [test, target.element_handle() if target is not None else None])


def test_a_marker_opens_with_the_keyboard(map_page: Any, site: Site) -> None:
    page = map_page(tiles=False).page
    page.goto(site.url + "/jobs/")
    open_map(page)
    marker = page.locator(".map-canvas .map-marker").first
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup .map-popup")
    popup.wait_for()
    assert re.search(r"\d+ Stellen?", popup.inner_text())
    # The popup takes the focus (its link is next, not the other markers); Escape closes it and returns to the marker.
    until(page, "popup")
    assert page.evaluate("document.activeElement.tagName") == "A"
    page.keyboard.press("Escape")
    until(page, "no-popup")
    until(page, "focused", marker)
    # Another marker's popup replaces the open one: the focus goes to the new popup, and back to that marker.
    other = page.locator(".map-canvas .map-marker").nth(1)
    page.keyboard.press("Enter")
    until(page, "popup")
    other.focus()
    page.keyboard.press("Enter")
    until(page, "popup")
    page.keyboard.press("Escape")
    until(page, "no-popup")
    until(page, "focused", other)


@pytest.mark.parametrize("width", [1280, 360])
def test_home_page_map(map_page: Any, site: Site, width: int) -> None:
    watched = map_page(tiles=True, width=width)
    page = watched.page
    page.goto(site.url + "/")
    page.wait_for_selector(".map-canvas .map-marker")  # open at once on the home page
    page.wait_for_selector(".leaflet-tile-loaded")
    assert page.locator(".map-places li").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert watched.errors == []
    assert watched.csp_violations() == []
    assert axe_audit(page, f"map-home-{width}") == []
    screenshot(page, f"map-home-{width}")


def test_results_map_at_360(map_page: Any, site: Site) -> None:
    watched = map_page(tiles=True, width=360)
    page = watched.page
    page.goto(site.url + "/jobs/")
    open_map(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert watched.errors == []
    assert axe_audit(page, "map-results-360") == []
    screenshot(page, "map-results-360")
