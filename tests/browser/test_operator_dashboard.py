"""The regional manager in a real browser: the dashboard's to-do lists and their one-click actions, the report form
that feeds it, accessibility (axe) and screenshots at 1,280 and 360 px."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.conftest import Site, axe_audit, screenshot

pytestmark = pytest.mark.browser

PREPARE = """
import json
from companies.models import Company
from companies.services import company_save
from jobs import services
from jobs.models import JobPosting, Status

company = Company.objects.filter(slug="testbetrieb-operator").first() or company_save(
    company=Company(name="Testbetrieb Operator GmbH", slug="testbetrieb-operator", municipality_id="16062041",
                    status="pending")
)
job = JobPosting.objects.filter(status="draft", company__status="approved").order_by("pk").first()
services.job_reject(job=job, reason="Bitte den Arbeitsort nennen.")
# What the company's resubmission does: the edited posting waits for review.
JobPosting.objects.filter(pk=job.pk).update(status=Status.IN_REVIEW, title="Operator-Test Lagerist (m/w/d)")
print(json.dumps({"company": company.name, "job": job.pk, "title": "Operator-Test Lagerist (m/w/d)"}))
"""


def login_operator(page: Any, site: Site) -> None:
    """Log in as seed_demo's regional manager (staff in the operator group) and open the dashboard."""
    page.goto(site.url + "/accounts/login/")
    page.fill("#id_login", "operator")
    page.fill("#id_password", site.password)
    page.get_by_role("button", name="Anmelden").click()
    # The regional manager lands on the dashboard, which the header links too.
    page.wait_for_url(site.url + "/operator/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Regionalmanagement").click()
    page.wait_for_url(site.url + "/operator/")


def _audit_both_widths(page: Any, name: str) -> None:
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_audit(page, f"{name}-{width}") == []
        screenshot(page, f"{name}-{width}")
        if width == 360:
            scroll = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert scroll <= 0, f"{name} scrolls sideways at 360 px by {scroll} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_visitor_reports_a_posting(page: Any, site: Site) -> None:
    page.goto(site.url + "/jobs/")
    page.locator(".cards a").first.click()
    title = page.inner_text("h1")
    page.get_by_role("link", name="Diese Anzeige melden").click()
    page.get_by_role("button", name="Meldung senden").click()  # no reason chosen: the form says which field
    assert "Bitte korrigieren Sie die markierten Felder." in page.inner_text("#form-errors")
    _audit_both_widths(page, "operator-report-form")
    page.get_by_label("Die Angaben sind falsch").check()
    page.fill("#id_text", "Die Adresse stimmt nicht.")
    page.get_by_role("button", name="Meldung senden").click()
    assert page.inner_text("h1") == title
    assert "Vielen Dank" in page.inner_text(".messages")


def test_the_operator_works_through_the_dashboard(page: Any, site: Site) -> None:
    prepared = json.loads(site.manage("shell", "--no-imports", "-c", PREPARE).strip().splitlines()[-1])
    login_operator(page, site)
    assert page.inner_text("h1") == "Regionalmanagement"
    todo = page.inner_text(".op-todo")
    assert prepared["company"] in todo and prepared["title"] in todo
    assert "Bitte nennen Sie den Arbeitsort genauer." in todo  # the demo's own posting in review
    figures = page.inner_text(".op-figures")
    assert "Zahlen für Nordthüringen" in figures and "hufschmied" in figures
    _audit_both_widths(page, "operator-dashboard")

    page.locator("tr", has_text=prepared["company"]).get_by_role("button", name="Freigeben").click()
    page.wait_for_url(site.url + "/operator/")
    assert f"„{prepared['company']}“ ist freigegeben." in page.inner_text(".messages")
    assert prepared["company"] not in page.inner_text(".op-todo")

    page.locator("tr", has_text=prepared["title"]).get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_url(site.url + "/operator/")
    assert f"Die Anzeige „{prepared['title']}“ ist veröffentlicht." in page.inner_text(".messages")
    assert prepared["title"] not in page.inner_text(".op-todo")
    # Public now: its page answers to anyone.
    page.goto(f"{site.url}/jobs/{prepared['job']}/")
    assert page.inner_text("h1") == prepared["title"]
