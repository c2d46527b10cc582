"""A company's crawl source must be on its own website's domain or its own ATS account; otherwise it waits for the
operator's approval and is not crawled until then (page, service, admin)."""

from __future__ import annotations

import pytest
from django.test import Client

from audit.models import Action, AuditEntry
from crawlers.models import CrawlSource
from crawlers.pipeline import source_add, source_approve, source_domain_problem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_dns(monkeypatch):  # type: ignore[no-untyped-def]
    # The public-address check resolves names; these tests are about the domain rule (no network).
    monkeypatch.setattr("crawlers.pipeline.system_resolver", lambda host, port: [])


@pytest.mark.parametrize(
    ("website", "url", "ok"),
    [
        ("https://www.firma-a.de", "https://www.firma-a.de/karriere", True),
        ("https://www.firma-a.de", "https://firma-a.de/jobs", True),
        ("https://www.firma-a.de", "https://karriere.firma-a.de/", True),
        ("https://firma-a.de", "https://jobs.firma-a.de/feed.xml", True),
        ("https://www.firma-a.de", "https://www.firma-b.de/karriere", False),
        ("https://www.firma-a.de", "https://firma-a.de.evil.example/jobs", False),
        ("https://www.firma-a.de", "https://notfirma-a.de/jobs", False),
        ("https://www.firma-a.de", "https://firma-a.jobs.personio.de/", True),
        ("https://www.beispiel.de", "https://firmaa.jobs.personio.de/", True),  # the slug, without its hyphen
        ("https://www.beispiel.de", "https://beispiel.career.softgarden.de/", True),  # the website's name
        ("https://www.firma-a.de", "https://boards.greenhouse.io/firmaa", True),
        ("https://www.firma-a.de", "https://jobs.lever.co/firma-b", False),
        ("https://www.firma-a.de", "https://andere.jobs.personio.de/", False),
        ("", "https://www.firma-a.de/karriere", False),
    ],
)
def test_the_domain_rule(company_a, website, url, ok):
    company_a.website = website
    company_a.save()
    assert (source_domain_problem(company=company_a, url=url) is None) is ok


def test_a_foreign_source_waits_for_approval_and_is_not_due_until_approved(company_a, operator):
    company_a.website = "https://www.firma-a.de"
    company_a.save()
    own = source_add(company=company_a, url="https://karriere.firma-a.de/")
    foreign = source_add(company=company_a, url="https://www.firma-b.de/karriere")
    assert own.approved and not foreign.approved
    assert "firma-b.de" in foreign.approval_reason
    assert set(CrawlSource.objects.due()) == {own}

    source_approve(source=foreign, by=operator)
    foreign.refresh_from_db()
    assert foreign.approved
    assert set(CrawlSource.objects.due()) == {own, foreign}
    entry = AuditEntry.objects.for_object(foreign).get(action=Action.SOURCE_APPROVE)
    assert entry.actor == operator
    # Added again by the company: still approved.
    assert source_add(company=company_a, url="https://www.firma-b.de/karriere").approved


def test_the_operators_own_sources_need_no_approval(company_a):
    assert source_add(company=company_a, url="https://www.firma-b.de/karriere", by_operator=True).approved


def test_the_admin_action_approves(company_a, operator):
    company_a.website = "https://www.firma-a.de"
    company_a.save()
    source = source_add(company=company_a, url="https://www.firma-b.de/karriere")
    client = Client()
    client.force_login(operator)
    response = client.post(
        "/admin/crawlers/crawlsource/", {"action": "approve", "_selected_action": [source.pk]}, follow=True
    )
    assert response.status_code == 200
    source.refresh_from_db()
    assert source.approved
    assert AuditEntry.objects.for_object(source).filter(action=Action.SOURCE_APPROVE).exists()


def test_a_long_reason_fits_its_column_and_an_approved_source_keeps_no_reason(company_a, operator):  # type: ignore[no-untyped-def]
    host = ".".join(["karriere" + "x" * 52] * 4) + ".example"  # 250 characters
    source = source_add(company=company_a, url=f"https://{host}/jobs")
    max_length = CrawlSource._meta.get_field("approval_reason").max_length
    assert not source.approved and 0 < len(source.approval_reason) <= max_length
    source_approve(source=source, by=operator)
    again = source_add(company=company_a, url=f"https://{host}/jobs")
    assert again.approved and again.approval_reason == ""


def test_existing_company_sources_are_rechecked_once_by_the_migration(company_a):  # type: ignore[no-untyped-def]
    from importlib import import_module

    from django.apps import apps

    recheck = import_module("crawlers.migrations.0004_recheck_company_sources").recheck
    foreign = CrawlSource.objects.create(company=company_a, url="https://fremd.example/jobs")
    operators = CrawlSource.objects.create(company=company_a, url="https://andere.example/jobs", operator_added=True)
    recheck(apps, None)
    foreign.refresh_from_db()
    operators.refresh_from_db()
    assert not foreign.approved and "fremd.example" in foreign.approval_reason
    assert operators.approved
