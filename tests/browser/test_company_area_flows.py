"""The company area in a real browser: a rejected posting edited and resubmitted, close and delete confirmed first,
the one-workplace form (suggestions, add another, remove), the postal code rule, the preview, and the dashboard on a
360 px phone with no word split and no sideways scrolling. axe-core finds nothing at 1,280 and 360 px."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.browser.conftest import Site, axe_audit, login, screenshot

pytestmark = pytest.mark.browser

# Every word (4+ letters) of the page's main part laid out on one line: a word broken in the middle has two boxes.
SPLIT_WORDS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement || node.parentElement.closest('.visually-hidden, template, datalist, script')) continue;
    const re = /[\\p{L}]{4,}/gu;
    let m;
    while ((m = re.exec(node.data))) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = [...range.getClientRects()].filter(r => r.width > 0);
      if (rects.length > 1 && Math.abs(rects[0].top - rects[rects.length - 1].top) > 2) out.push(m[0]);
    }
  }
  return out;
}"""


def _check(page: Any, name: str) -> None:
    """axe 0 and screenshots at 1,280 and 360 px."""
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_audit(page, f"{name}-{width}") == [], name
        screenshot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def _first_posting(site: Site, status: str, action: str = "") -> tuple[int, str]:
    out = site.manage(
        "shell",
        "--no-imports",
        "-c",
        "from jobs.models import JobPosting; from jobs import services; "
        f"j = JobPosting.objects.filter(company__slug='{site.company_slug}', status='{status}')"
        ".order_by('-id').first(); " + (f"{action}; " if action else "") + "print(j.pk); print(j.title)",
    )
    pk, title = out.strip().split("\n", 1)
    return int(pk), title.strip()


def test_a_rejected_posting_is_edited_and_resubmitted(page: Any, site: Site) -> None:
    pk, _title = _first_posting(
        site, "published", "j = services.job_reject(job=j, reason='Bitte nennen Sie das Gehalt.')"
    )
    login(page, site)
    row = page.locator("li.posting-row", has=page.locator(f"a[href='/company-area/jobs/{pk}/edit/']"))
    assert "Bitte nennen Sie das Gehalt." in row.inner_text()
    _check(page, "company-area-rejected")

    row.get_by_role("link", name=re.compile("Bearbeiten")).click()
    page.wait_for_url(f"{site.url}/company-area/jobs/{pk}/edit/")
    assert "Bitte nennen Sie das Gehalt." in page.inner_text("main")
    new_title = f"Korrigiert {uuid.uuid4().hex[:6]} (m/w/d)"
    page.fill("#id_title", new_title)
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(site.url + "/company-area/")

    row = page.locator("li.posting-row", has=page.locator(f"a[href='/company-area/jobs/{pk}/edit/']"))
    assert new_title in row.inner_text()
    row.get_by_role("button", name=re.compile("Zur Prüfung erneut einreichen")).click()
    page.wait_for_url(site.url + "/company-area/")
    row = page.locator("li.posting-row", has=page.locator(f"a[href='/company-area/jobs/{pk}/edit/']"))
    assert "Wartet auf Prüfung" in row.inner_text()
    assert row.get_by_role("button", name=re.compile("erneut einreichen")).count() == 0
    _check(page, "company-area-in-review")


def test_close_and_delete_ask_first(page: Any, site: Site) -> None:
    pk, title = _first_posting(site, "published")
    login(page, site)
    page.locator(f"a[href='/company-area/jobs/{pk}/close/']").click()
    page.wait_for_url(f"{site.url}/company-area/jobs/{pk}/close/")
    assert title in page.inner_text("main")
    _check(page, "company-area-close-confirm")
    page.get_by_role("link", name="Abbrechen").click()
    page.wait_for_url(site.url + "/company-area/")
    assert page.locator(f"a[href='/company-area/jobs/{pk}/close/']").count() == 1  # still open

    page.locator(f"a[href='/company-area/jobs/{pk}/close/']").click()
    page.get_by_role("button", name="Anzeige schließen").click()
    page.wait_for_url(site.url + "/company-area/")
    assert "ist geschlossen" in page.inner_text(".messages")
    assert page.locator(f"a[href='/company-area/jobs/{pk}/close/']").count() == 0

    draft_pk, draft_title = _first_posting(site, "published", "services.job_update(job=j, data={'status': 'draft'})")
    page.goto(site.url + "/company-area/")
    page.locator(f"a[href='/company-area/jobs/{draft_pk}/delete/']").click()
    assert draft_title in page.inner_text("main")
    _check(page, "company-area-delete-confirm")
    page.get_by_role("button", name="Entwurf löschen").click()
    page.wait_for_url(site.url + "/company-area/")
    assert page.locator(f"a[href='/company-area/jobs/{draft_pk}/edit/']").count() == 0


def test_the_posting_form(page: Any, site: Site) -> None:
    word = "Formtest" + uuid.uuid4().hex[:6]
    login(page, site)
    page.locator(f"a[href='/company-area/{site.company_slug}/jobs/new/']").click()
    blocks = page.locator("[data-workplace-list] [data-workplace]")
    assert blocks.count() == 1
    assert page.input_value("#id_wp1_place")  # the company's own place
    _check(page, "posting-form")

    page.fill("#id_title", f"Elektroniker {word} (m/w/d)")
    page.fill("#id_description", "Wir suchen Verstärkung.")
    page.fill("#id_wp1_place", "")
    page.locator("#id_wp1_place").press_sequentially("Sondersh", delay=30)
    page.wait_for_function("() => document.querySelectorAll('#wp1-place-suggestions option').length > 0")
    options = page.eval_on_selector_all("#wp1-place-suggestions option", "os => os.map(o => o.value)")
    assert "Sondershausen" in options
    page.fill("#id_wp1_place", "Sondershausen")
    page.fill("#id_wp1_postal_code", "12345")
    page.fill("#id_wp1_street", "")

    # Add another (the script clones the block, no page load), with suggestions too; then remove it again.
    page.get_by_role("button", name="Weiteren Arbeitsort hinzufügen").click()
    assert blocks.count() == 2
    assert page.input_value("input[name=workplace_count]") == "2"
    page.locator("#id_wp2_place").press_sequentially("Nordh", delay=30)
    page.wait_for_function("() => document.querySelectorAll('#wp2-place-suggestions option').length > 0")
    blocks.nth(1).get_by_role("button", name=re.compile("Diesen Arbeitsort entfernen")).click()
    assert blocks.count() == 1

    page.check("input[name=status][value=published]")
    page.get_by_role("button", name="Speichern").click()
    error = page.locator("#id_wp1_postal_code_error")
    assert "12345" in error.inner_text() and "99706" in error.inner_text()
    _check(page, "posting-form-postal-code-error")

    page.fill("#id_wp1_postal_code", "99706")
    page.get_by_role("button", name="Vorschau").click()
    page.wait_for_selector(".preview-banner")
    assert page.inner_text("#job-title") == f"Elektroniker {word} (m/w/d)"
    assert "Sondershausen" in page.inner_text("main")
    _check(page, "posting-preview")

    page.get_by_role("button", name="Zurück zur Bearbeitung").click()
    assert page.input_value("#id_title") == f"Elektroniker {word} (m/w/d)"
    page.get_by_role("button", name="Vorschau").click()
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(site.url + "/company-area/")
    assert word in page.inner_text("main")


def test_the_dashboard_on_a_phone(page: Any, site: Site) -> None:
    login(page, site)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site.url + "/company-area/")
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], width
    assert page.evaluate(SPLIT_WORDS) == []
    cells = page.evaluate(
        "() => [...document.querySelectorAll('.company-area .badge, .posting-row-title a')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).display !== 'inline')"
        ".map(e => e.textContent)"
    )
    assert cells == []
    screenshot(page, "company-area-dashboard-360")
    assert axe_audit(page, "company-area-dashboard-360") == []


def test_a_long_crawl_source_does_not_widen_the_dashboard_on_a_phone(browser: Any, site: Site) -> None:
    """The crawl table scrolls in its own box: nothing in it (a long host, a hidden button label in its last column)
    widens the page. Before, a visually hidden label positioned from the far column made the page 656 px wide."""
    site.manage(
        "shell", "--no-imports", "-c",
        "from companies.models import Company; from crawlers.models import CrawlSource; "
        f"c = Company.objects.get(slug='{site.company_slug}'); "
        "CrawlSource.objects.get_or_create(company=c, url=f'https://karriere.{c.slug}.example/de/unternehmen/"
        "stellenangebote/aktuelle-stellenangebote/?lang=de', defaults={'kind': 'jsonld'})",
    )  # fmt: skip
    context = browser.new_context(locale="de-DE", viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        login(page, site)
        assert page.locator(".company-area .table-scroll .status-table").count() >= 1
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"the company area is {widths[0]} px wide in {widths[1]} px"
    finally:
        context.close()
