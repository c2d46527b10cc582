from __future__ import annotations

import pytest

from crawlers.models import CrawlRun, Outcome
from crawlers.pipeline import source_add

pytestmark = pytest.mark.django_db
URL = "/api/v1/companies/firma-a/crawl-status/"


@pytest.fixture
def run(company_a):  # type: ignore[no-untyped-def]
    source = source_add(company=company_a, url="https://firma-a.example/karriere")
    return CrawlRun.objects.create(
        source=source, outcome=Outcome.PARTIAL, found=4, new=3, errors=[{"url": "https://x", "reason": "HTTP 500"}]
    )


def test_members_see_their_crawl_status(client_a, run) -> None:  # type: ignore[no-untyped-def]
    response = client_a.get(URL)
    assert response.status_code == 200
    (source,) = response.json()["sources"]
    assert source["url"] == "https://firma-a.example/karriere"
    assert source["last_run"]["outcome"] == "partial" and source["last_run"]["found"] == 4
    assert source["last_run"]["errors"] == [{"url": "https://x", "reason": "HTTP 500"}]


def test_other_companies_and_anonymous_are_refused(client_b, api, run) -> None:  # type: ignore[no-untyped-def]
    assert client_b.get(URL).status_code == 403
    assert api.get(URL).status_code == 401
    assert client_b.get("/api/v1/companies/nope/crawl-status/").status_code == 404


def test_operator_sees_every_company(client_operator, run) -> None:  # type: ignore[no-untyped-def]
    assert client_operator.get(URL).status_code == 200


def test_admin_lists_sources_and_runs(client, operator, run) -> None:  # type: ignore[no-untyped-def]
    client.force_login(operator)
    sources = client.get("/admin/crawlers/crawlsource/")
    assert sources.status_code == 200 and b"firma-a.example/karriere" in sources.content
    assert client.get(f"/admin/crawlers/crawlsource/{run.source_id}/change/").status_code == 200
    runs = client.get("/admin/crawlers/crawlrun/")
    assert runs.status_code == 200 and b"Firma A GmbH" in runs.content
