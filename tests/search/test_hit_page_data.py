"""What a search hit carries for a results page, on every backend: the posting's page (site-relative URL), its salary
as posted, and a snippet without search words that does not open with the company's shared boilerplate."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from companies.models import Company
from search.indexing import index_reconcile
from search.query import SearchQuery
from search.selectors import search_jobs

pytestmark = pytest.mark.usefixtures("backend")

INTRO = "<p>Die Firma A GmbH ist seit 1990 Ihr Partner für Präzisionsteile in Nordthüringen.</p>"


def hits(**params: Any) -> list[Any]:
    return search_jobs(SearchQuery.from_params({"page_size": "100", **params})).hits


def test_api_hits_carry_the_page_url_and_the_salary(api: APIClient, post: Any, client: Client) -> None:
    monthly = post(title="Zerspanungsmechaniker (m/w/d)", salary_min=3200, salary_max=3800, salary_period="month")
    hourly = post(title="Aushilfe Lager (m/w/d)", salary_min="15.50", salary_max=None, salary_period="hour", field="51")
    unpaid = post(title="Praktikum Büro (m/w/d)", salary_min=None, salary_max=None, salary_period="", field="71")
    body = api.get("/api/v1/search/jobs/").json()
    by_id = {hit["id"]: hit for hit in body["results"]}
    assert by_id[monthly.pk]["salary"] == {"min": 3200.0, "max": 3800.0, "currency": "EUR", "period": "month"}
    assert by_id[hourly.pk]["salary"] == {"min": 15.5, "max": None, "currency": "EUR", "period": "hour"}
    assert by_id[unpaid.pk]["salary"] is None
    assert by_id[monthly.pk]["url"] == f"/jobs/{monthly.pk}-zerspanungsmechaniker/"
    for hit in body["results"]:
        assert hit["url"].startswith("/")
        page = client.get(hit["url"], HTTP_ACCEPT_LANGUAGE="de")
        assert page.status_code == 200, hit["url"]
        assert hit["title"] in page.content.decode()


def test_a_changed_salary_reaches_the_hit(post: Any, committed: Any) -> None:
    from jobs import services
    from jobs.services import posting_data_of

    job = post(salary_min=3000, salary_max=3600)
    with committed():
        services.job_update(job=job, data={**posting_data_of(job), "salary_min": 2500, "salary_max": None}, by=None)
    [hit] = hits()
    assert hit.salary == {"min": 2500.0, "max": None, "currency": "EUR", "period": "month"}


def test_the_snippet_without_words_skips_the_companys_shared_opening(post: Any, company_b: Company) -> None:
    first = post(title="Zerspanungsmechaniker (m/w/d)", description=INTRO + "<p>Sie fräsen Bauteile.</p>")
    second = post(title="Lagerist (m/w/d)", field="51", description=INTRO + "<p>Sie kommissionieren Ware.</p>")
    alone = post(company_b, title="Koch (m/w/d)", field="29", description=INTRO + "<p>Sie kochen.</p>")
    # The first posting was indexed when nothing was shared yet: the second one's update, which made the intro the
    # company's boilerplate, indexed it again at once, so the reconciliation (periodic) finds nothing stale.
    assert index_reconcile()["stale"] == 0
    snippets = {hit.id: hit.snippet for hit in hits()}
    assert snippets[first.pk].startswith("Sie fräsen Bauteile.")
    assert snippets[second.pk].startswith("Sie kommissionieren Ware.")
    # Another company's only posting shares nothing with its own company: it starts at the start.
    assert snippets[alone.pk].startswith("Die Firma A GmbH")
    # With search words the snippet is where they are, intro or not.
    [found] = hits(q="Präzisionsteile", company="firma-a", sort="date")[:1]
    assert "<mark>Präzisionsteile</mark>" in found.snippet


def test_a_description_that_is_all_shared_starts_at_the_start(post: Any) -> None:
    post(description=INTRO)
    post(title="Lagerist (m/w/d)", field="51", description=INTRO)
    index_reconcile()
    assert all(hit.snippet.startswith("Die Firma A GmbH") for hit in hits())
