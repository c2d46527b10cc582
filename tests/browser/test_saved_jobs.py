"""Saved jobs in a real browser: star a posting from the search results (in place, by saved.js), find it in the
"Gemerkt" list, and the star shows as saved on the next visit of the results."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import Site, screenshot
from tests.browser.seekers import seeker_login, seeker_make

pytestmark = pytest.mark.browser


def test_star_from_the_results_and_find_it_in_the_saved_list(page: Any, site: Site) -> None:
    seeker_make(site, "merkerin", email="merkerin@example.org")
    seeker_login(page, site, "merkerin")
    page.goto(site.url + "/jobs/")
    card = page.locator("ol.cards > li.card").first
    title = card.locator("h2 a").inner_text()
    star = card.locator("a[data-save-job]")
    # The signed-in variant shows, the "log in" one not; saved.js has read the user's list.
    assert star.is_visible() and not card.locator("a.for-signed-out").is_visible()
    page.wait_for_selector("ol.cards > li.card:first-child a[data-save-job][data-saved=false]")
    star.click()
    page.wait_for_selector("ol.cards > li.card:first-child a[data-save-job][data-saved=true]")
    assert page.url == site.url + "/jobs/"  # toggled in place, no page change
    assert (page.locator("[data-save-status]").text_content() or "").strip()

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name=re.compile(r"^(Gemerkt|Saved jobs)")
    ).click()
    page.wait_for_url(site.url + "/seeker/saved/")
    assert [t.strip() for t in page.locator("ol.saved-jobs h2").all_inner_texts()] == [title]
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "saved-jobs-360")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Back on the results (a cached fragment), the star is marked from the user's own list.
    page.goto(site.url + "/jobs/")
    page.wait_for_selector("ol.cards > li.card:first-child a[data-save-job][data-saved=true]")

    # Removed from the list in place; gone from it on the next visit.
    page.goto(site.url + "/seeker/saved/")
    page.locator("ol.saved-jobs form button").first.click()
    page.wait_for_selector("ol.saved-jobs form button[value=save]")
    page.reload()
    assert page.locator("ol.saved-jobs").count() == 0
