"""In a real browser: a misspelt place is searched as corrected and said so; a place the search does not know
offers the places it may mean as links, and following one runs the same search there."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import Site

pytestmark = pytest.mark.browser


def test_the_correction_notice_and_a_clickable_place_suggestion(page: Any, site: Site) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site.url + "/jobs/?place=Nordhasuen")
    notice = page.locator(".search-corrections")
    assert notice.is_visible() and "Nordhausen" in notice.inner_text() and "Nordhasuen" in notice.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.goto(site.url + "/jobs/?place=Sondersh&radius_km=10")
    suggestion = page.locator("#id_place_error a.place-suggestion", has_text="Sondershausen")
    assert suggestion.is_visible()
    suggestion.click()
    page.wait_for_url(re.compile(r"place=Sondershausen&radius_km=10"))
    assert page.locator("#results-h").is_visible()
    assert page.locator("#id_place_error").count() == 0
