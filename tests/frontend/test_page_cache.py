"""Cached page fragments (home, posting page, company pages): a change made through the services shows at once."""

from __future__ import annotations

import pytest
from django.test import Client

from companies.services import company_save, company_suspend
from jobs import services
from tests.frontend.conftest import soup
from tests.frontend.test_pages import detail_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Run a service and what it does once its transaction commits (the index update), as in production."""

    def run(service, **kwargs):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def _count(page, href):  # type: ignore[no-untyped-def]
    link = page.find("a", href=href)
    return None if link is None else link.parent.find(class_="count").get_text()


def test_home_shows_a_published_or_closed_posting_at_once(client_de, company_a, indexed, committed):  # type: ignore[no-untyped-def]
    indexed(company_a, title="Zerspanungsmechaniker (m/w/d)", field="24")
    draft = indexed(company_a, title="Pflegefachkraft (m/w/d)", field="81", status="draft")
    page = soup(client_de.get("/"))
    assert page.find("a", href=detail_url(draft)) is None
    assert _count(page, "/jobs/?county=16062") == "(1)" and _count(page, "/jobs/?field=81") is None

    committed(services.job_publish, job=draft)
    page = soup(client_de.get("/"))
    assert page.find("a", href=detail_url(draft)) is not None
    assert _count(page, "/jobs/?county=16062") == "(2)" and _count(page, "/jobs/?field=81") == "(1)"

    committed(services.job_close, job=draft)
    page = soup(client_de.get("/"))
    assert page.find("a", href=detail_url(draft)) is None
    assert _count(page, "/jobs/?county=16062") == "(1)" and _count(page, "/jobs/?field=81") is None


def test_home_is_cached_per_language(company_a, indexed):  # type: ignore[no-untyped-def]
    indexed(company_a)
    german = Client(HTTP_ACCEPT_LANGUAGE="de").get("/").content.decode()
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/").content.decode()
    assert "Jobs by county" in english and "Jobs by county" not in german
    assert 'value="25" selected' in english  # the whole fragment, search form included, is there


def test_posting_page_shows_an_edit_at_once(client_de, company_a, committed):  # type: ignore[no-untyped-def]
    job = committed(services.job_create, company=company_a, data=_data())
    assert "Erste Fassung" in client_de.get(detail_url(job)).content.decode()
    committed(services.job_update, job=job, data={"description": "<p>Zweite Fassung</p>"})
    html = client_de.get(detail_url(job)).content.decode()
    assert "Zweite Fassung" in html and "Erste Fassung" not in html
    committed(services.job_close, job=job)
    assert client_de.get(detail_url(job)).status_code == 410


def test_company_pages_show_a_rename_and_a_suspension_at_once(client_de, company_a, indexed):  # type: ignore[no-untyped-def]
    job = indexed(company_a, title="Zerspanungsmechaniker (m/w/d)")
    assert "Firma A GmbH" in client_de.get("/companies/").content.decode()
    assert detail_url(job) in client_de.get("/companies/firma-a/").content.decode()
    assert "Firma A GmbH" in client_de.get(detail_url(job)).content.decode()

    company_a.name = "Firma A Neu GmbH"
    company_save(company=company_a)
    assert "Firma A Neu GmbH" in client_de.get("/companies/").content.decode()
    assert "Firma A Neu GmbH" in client_de.get("/companies/firma-a/").content.decode()
    assert "Firma A Neu GmbH" in client_de.get(detail_url(job)).content.decode()

    company_suspend(company=company_a, reason="Prüfung")
    assert "Firma A Neu GmbH" not in client_de.get("/companies/").content.decode()
    assert client_de.get("/companies/firma-a/").status_code == 404


def test_a_posting_closed_shows_on_its_company_page_at_once(client_de, company_a, indexed, committed):  # type: ignore[no-untyped-def]
    job = indexed(company_a, title="Zerspanungsmechaniker (m/w/d)")
    assert detail_url(job) in client_de.get("/companies/firma-a/").content.decode()
    committed(services.job_close, job=job)
    assert detail_url(job) not in client_de.get("/companies/firma-a/").content.decode()


def _data():  # type: ignore[no-untyped-def]
    from tests.factories import posting_data

    return posting_data(description="<p>Erste Fassung</p>")


def test_home_counts_follow_the_index_when_it_catches_up_later(client_de, company_a, indexed):  # type: ignore[no-untyped-def]
    from search.indexing import index_update

    indexed(company_a, title="Zerspanungsmechaniker (m/w/d)")
    job = services.job_create(company=company_a, data=_data())  # committed, but the index update has not run yet
    page = soup(client_de.get("/"))
    assert page.find("a", href=detail_url(job)) is not None  # the newest postings come from the database
    assert _count(page, "/jobs/?county=16062") == "(1)"  # the counts from the index, which lags behind
    index_update([job.pk])  # the worker's update arrives
    assert _count(soup(client_de.get("/")), "/jobs/?county=16062") == "(2)"
