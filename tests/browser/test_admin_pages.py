"""The operator's admin in a real browser: the index and the crawl health lists fit 1,280 px (no horizontal scrolling
of the list), at 360 px the page does not scroll sideways; axe-core finds no violation."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, Site, axe_audit, screenshot

pytestmark = pytest.mark.browser

# What a crawl of a company's career site leaves behind: a long URL, a healthy run, a failed one with its errors.
_SOURCES = """
from datetime import timedelta
from django.utils import timezone
from companies.models import Company
from crawlers.models import CrawlRun, CrawlSource
now = timezone.now()
for i, company in enumerate(Company.objects.approved().order_by('slug')[:3]):
    source, _ = CrawlSource.objects.get_or_create(
        company=company,
        url=f'https://karriere.{company.slug}.example/de/unternehmen/stellenangebote/aktuelle-stellenangebote/?lang=de',
        defaults={'kind': 'jsonld', 'consecutive_failures': i},
    )
    CrawlRun.objects.create(source=source, started_at=now - timedelta(hours=2), finished_at=now, outcome='ok',
        complete=True, http_statuses={'200': 7, '304': 1}, pages_fetched=8, found=12, new=3, updated=2,
        unchanged=7, closed=1, duration=16.98)
    CrawlRun.objects.create(source=source, started_at=now - timedelta(days=1), finished_at=now, outcome='failed',
        http_statuses={'503': 2}, pages_fetched=2, duration=3.2,
        errors=[{'url': source.url, 'reason': 'HTTP 503'}])
"""


@pytest.fixture(scope="module")
def crawl_health(site: Site) -> None:
    site.manage("shell", "--no-imports", "-c", _SOURCES)


def _operator_login(page: Any, site: Site) -> None:
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", "operator")
    page.fill("#id_password", site.password)
    page.locator("input[type=submit]").click()
    page.wait_for_url(site.url + "/admin/")


def _overflow(page: Any) -> dict[str, list[int]]:
    """Scroll width against visible width, of the document and of the changelist's table box (which scrolls on its
    own in the stock admin)."""
    return dict(
        page.evaluate(
            """() => {
                const out = {document: [document.documentElement.scrollWidth, document.documentElement.clientWidth]};
                const results = document.querySelector('#changelist .results');
                if (results) out.results = [results.scrollWidth, results.clientWidth];
                return out;
            }"""
        )
    )


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("admin-index", "/admin/"),
        ("admin-crawl-sources", "/admin/crawlers/crawlsource/"),
        ("admin-crawl-runs", "/admin/crawlers/crawlrun/"),
        ("admin-seeker-profiles", "/admin/profiles/seekerprofile/"),
    ],
)
def test_admin_pages_fit_1280_and_pass_axe(page: Any, site: Site, crawl_health: None, name: str, path: str) -> None:
    _operator_login(page, site)
    page.goto(site.url + path)
    assert page.locator("#site-name").inner_text() == "regiojobs – Verwaltung"
    for box, (scroll, visible) in _overflow(page).items():
        assert scroll <= visible, f"{path}: the {box} is {scroll} px wide in {visible} px"
    if "crawl" in path:
        assert page.locator("#result_list tbody tr").count() >= 3
    screenshot(page, f"{name}-1280")
    problems = axe_audit(page, name)
    assert problems == [], f"axe-core found serious/critical violations: {problems}"
    # And none of any impact (the stock admin's breadcrumbs needed admin.css to underline their links).
    everything = json.loads((ARTIFACTS / "axe" / f"{name}.json").read_text(encoding="utf-8"))
    assert everything == [], [(v["id"], v["impact"]) for v in everything]

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site.url + path)
    screenshot(page, f"{name}-360")
    assert page.locator("#site-name").is_visible()
    scroll, visible = _overflow(page)["document"]  # the list itself may scroll inside its box on a phone
    assert scroll <= visible, f"{path}: {scroll} px wide in a {visible} px viewport"


def test_crawl_run_shows_status_counts_and_local_times(page: Any, site: Site, crawl_health: None) -> None:
    _operator_login(page, site)
    page.goto(site.url + "/admin/crawlers/crawlrun/?outcome__exact=ok")
    page.locator("#result_list tbody tr th a").first.click()
    page.wait_for_url("**/change/**")
    page.get_by_text("HTTP 200: 7×").wait_for()  # (the page is read once it has loaded)
    content = page.locator("#content").inner_text()
    assert "HTTP 200: 7×" in content and "HTTP 304: 1×" in content
    assert '{"200"' not in content
    screenshot(page, "admin-crawl-run-1280")
