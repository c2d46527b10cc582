"""In a real browser against the served site: the radius select and the search API agree on the default radius and
on a radius with a decimal comma, and sending the form again keeps the radius asked for."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from typing import Any

import pytest

from tests.browser.conftest import Site

pytestmark = pytest.mark.browser


def api_count(site: Site, **params: str) -> int:
    url = f"{site.url}/api/v1/search/jobs/?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=10) as response:
        return int(json.load(response)["count"])


def result_total(page: Any) -> int:
    return int(re.match(r"\s*(\d+)", page.inner_text("#results-h")).group(1))


def selected_radius(page: Any) -> tuple[str, str]:
    """The radius select's chosen value and the text it shows."""
    return (
        page.eval_on_selector("#id_radius_km", "s => s.value"),
        page.eval_on_selector("#id_radius_km", "s => s.options[s.selectedIndex].text.trim()"),
    )


def test_a_link_without_a_radius_shows_and_searches_the_apis_default(page: Any, site: Site) -> None:
    page.goto(site.url + "/jobs/?place=Nordhausen")
    assert selected_radius(page) == ("25", "25 km")
    assert (
        result_total(page) == api_count(site, place="Nordhausen") == api_count(site, place="Nordhausen", radius_km="25")
    )


def test_a_decimal_comma_radius_is_kept_by_the_form(page: Any, site: Site) -> None:
    page.goto(site.url + "/jobs/?place=Nordhausen&radius_km=2,5")
    assert selected_radius(page) == ("2.5", "2,5 km")
    total = result_total(page)
    assert (
        total
        == api_count(site, place="Nordhausen", radius_km="2,5")
        == api_count(site, place="Nordhausen", radius_km="2.5")
    )
    page.locator("form#job-search button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"radius_km=2\.5"))
    assert selected_radius(page) == ("2.5", "2,5 km")
    assert result_total(page) == total
