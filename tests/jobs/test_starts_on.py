"""A posting's start date (starts_on): written and read through the API, checked, and shown where postings are."""

from __future__ import annotations

import datetime

import pytest

from frontend.cards import PostingCard
from frontend.jsonld import job_posting_ld
from jobs import services
from search.documents import documents_for
from search.results import Hit
from tests.factories import make_posting, posting_data

pytestmark = pytest.mark.django_db


def _json(data):  # type: ignore[no-untyped-def]
    out = dict(data)
    out["valid_through"] = out["valid_through"].isoformat()
    return out


def test_api_creates_and_reads_a_start_date(client_a, api, company_a):  # type: ignore[no-untyped-def]
    data = _json(posting_data(offer_type="apprenticeship", starts_on="2027-08-01"))
    r = client_a.post("/api/v1/jobs/", data, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["starts_on"] == "2027-08-01"
    pk = r.json()["id"]
    assert api.get(f"/api/v1/jobs/{pk}/").json()["starts_on"] == "2027-08-01"
    assert api.get("/api/v1/jobs/").json()["results"][0]["starts_on"] == "2027-08-01"
    # A partial update keeps it unless it names it; null removes it.
    r = client_a.patch(f"/api/v1/jobs/{pk}/", {"title": "Ausbildung Mechatroniker (m/w/d)"}, format="json")
    assert r.status_code == 200 and r.json()["starts_on"] == "2027-08-01"
    r = client_a.patch(f"/api/v1/jobs/{pk}/", {"starts_on": "2027-09-01"}, format="json")
    assert r.status_code == 200 and r.json()["starts_on"] == "2027-09-01"
    r = client_a.patch(f"/api/v1/jobs/{pk}/", {"starts_on": None}, format="json")
    assert r.status_code == 200 and r.json()["starts_on"] is None


def test_without_a_start_date_it_is_null(client_a, company_a):  # type: ignore[no-untyped-def]
    r = client_a.post("/api/v1/jobs/", _json(posting_data()), format="json")
    assert r.status_code == 201 and r.json()["starts_on"] is None


@pytest.mark.parametrize("value", ["1999-12-31", "morgen", "2027-13-01", 20270801])
def test_bad_start_dates_are_refused_naming_the_field(client_a, company_a, value):  # type: ignore[no-untyped-def]
    r = client_a.post("/api/v1/jobs/", _json(posting_data(starts_on=value)), format="json")
    assert r.status_code == 400, r.content
    assert "starts_on" in r.json()


def test_service_refuses_a_start_before_2000(company_a):  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.job_create(company=company_a, data=posting_data(starts_on=datetime.date(1999, 8, 1)))
    assert "starts_on" in exc.value.message_dict


def test_start_date_in_json_ld_index_and_card(company_a):  # type: ignore[no-untyped-def]
    job = make_posting(company_a, offer_type="apprenticeship", starts_on=datetime.date(2027, 8, 1))
    ld = job_posting_ld(job, url="https://x.example/jobs/1/", company_url="https://x.example/companies/a/")
    assert ld["jobStartDate"] == "2027-08-01"
    (doc,), _ = documents_for([job.pk])
    assert doc.starts_on == datetime.date(2027, 8, 1)
    display = doc.display()
    assert display["starts_on"] == "2027-08-01"
    hit = Hit.from_display(job.pk, display, point=None, snippet="", score=None)
    assert PostingCard.from_hit(hit).starts_on == datetime.date(2027, 8, 1)
    assert PostingCard.from_posting(job).starts_on == datetime.date(2027, 8, 1)


def test_without_a_start_date_nothing_changes(company_a):  # type: ignore[no-untyped-def]
    job = make_posting(company_a)
    assert "jobStartDate" not in job_posting_ld(job, url="https://x.example/", company_url="https://x.example/")
    (doc,), _ = documents_for([job.pk])
    assert "starts_on" not in doc.display()
    hit = Hit.from_display(job.pk, doc.display(), point=None, snippet="", score=None)
    assert hit.starts_on is None


def test_detail_page_shows_the_start(client, company_a):  # type: ignore[no-untyped-def]
    job = make_posting(
        company_a,
        title="Ausbildung Mechatroniker (m/w/d)",
        offer_type="apprenticeship",
        starts_on=datetime.date(2027, 8, 1),
    )
    text = client.get(f"/jobs/{job.pk}/", follow=True, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Beginn" in text and "1. August 2027" in text and 'datetime="2027-08-01"' in text
