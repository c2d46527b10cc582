"""The company area's crawl sources: one off the company's domain waits for the operator, and says so."""

from __future__ import annotations

import pytest

from crawlers.models import CrawlSource
from tests.frontend.conftest import soup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_dns(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("crawlers.pipeline.system_resolver", lambda host, port: [])


def test_the_company_area_says_it_awaits_approval_with_the_reason(logged_in_a, company_a):
    company_a.website = "https://www.firma-a.de"
    company_a.save()
    response = logged_in_a.post(
        "/company-area/firma-a/sources/new/", {"url": "https://www.firma-b.de/karriere", "kind": "auto"}, follow=True
    )
    page = soup(response)
    assert "Freigabe" in page.find(class_="messages").get_text(" ", strip=True)
    source = CrawlSource.objects.get()
    assert not source.approved
    text = page.find(id=f"crawl-{company_a.pk}").find_next("table").get_text(" ", strip=True)
    assert "Wartet auf Freigabe" in text and "firma-b.de" in text
    assert page.find("form", action=f"/company-area/sources/{source.pk}/crawl/") is None
    response = logged_in_a.post(f"/company-area/sources/{source.pk}/crawl/", follow=True)
    assert soup(response).find(class_="message-error") is not None
