"""The public company page: open postings and where they come from (crawl health), inside the right landmarks."""

import pytest

from crawlers.pipeline import source_add
from tests.frontend.conftest import soup

pytestmark = pytest.mark.django_db


def test_company_page_shows_crawl_health_in_the_body_and_a_plain_title(client, company_a):
    source_add(company=company_a, url="https://karriere.firma-a.example/jobs")
    page = soup(client.get(f"/companies/{company_a.slug}/"))
    assert page.title.get_text(strip=True) == f"{company_a.name} · regiojobs"
    health = page.find(id="crawl-h")
    assert health is not None and health.find_parent("main") is not None
    assert "karriere.firma-a.example" in health.find_parent("section").get_text()
