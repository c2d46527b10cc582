"""The public list endpoints answer from the cache: the same answer as without it, and a change shows at once."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from companies.services import company_save, company_set_status, company_suspend
from jobs import services
from tests.factories import CompanyFactory, make_posting

pytestmark = pytest.mark.django_db

NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
LISTS = [
    "/api/v1/jobs/",
    "/api/v1/jobs/?page_size=2&page=2",
    "/api/v1/jobs/?county=16062&employment_type=part_time&ordering=-date_posted",
    "/api/v1/jobs/?company=firma-a",
    "/api/v1/companies/",
    "/api/v1/fields/",
    "/api/v1/networks/",
    "/api/v1/regions/counties/",
    "/api/v1/regions/places/?q=Nord",
]


def _ids(api, url="/api/v1/jobs/"):  # type: ignore[no-untyped-def]
    r = api.get(url)
    assert r.status_code == 200, r.content
    return [job["id"] for job in r.json()["results"]]


@pytest.fixture
def postings(company_a, company_b):  # type: ignore[no-untyped-def]
    return [
        make_posting(company_a),
        make_posting(company_a, title="Pflegefachkraft", field="81", employment_types=["part_time", "shift"]),
        make_posting(company_b, title="Lagerist", field=None, salary_min=None, salary_max=None, salary_period=""),
        make_posting(
            company_b,
            title="Elektriker",
            workplaces=[{"municipality": "16062041"}, {"municipality": "16065067", "postal_code": "99706"}],
        ),
    ]


@pytest.mark.parametrize("url", LISTS)
def test_the_cached_answer_is_the_uncached_one(api, postings, url):  # type: ignore[no-untyped-def]
    with override_settings(CACHES=NO_CACHE):
        uncached = api.get(url)
    first = api.get(url)  # built and stored
    cached = api.get(url)  # read from the cache
    assert uncached.status_code == first.status_code == cached.status_code == 200
    assert cached.content == first.content == uncached.content
    assert cached["Content-Type"] == uncached["Content-Type"]


def test_the_page_links_name_the_host_asked(api, postings):  # type: ignore[no-untyped-def]
    page = "/api/v1/jobs/?page_size=1"
    assert api.get(page, HTTP_HOST="a.example").json()["next"].startswith("http://a.example/")
    assert api.get(page, HTTP_HOST="b.example").json()["next"].startswith("http://b.example/")


def test_publish_close_and_reject_change_the_list_at_once(api, company_a, operator):  # type: ignore[no-untyped-def]
    draft = make_posting(company_a, status="draft")
    assert _ids(api) == []
    services.job_publish(job=draft)
    assert _ids(api) == [draft.pk]
    services.job_close(job=draft)
    assert _ids(api) == []
    services.job_renew(job=draft)
    assert _ids(api) == [draft.pk]
    services.job_reject(job=draft, reason="Kein Stellenangebot", by=operator)
    assert _ids(api) == []


def test_an_edit_shows_at_once(api, client_a, company_a):  # type: ignore[no-untyped-def]
    posting = make_posting(company_a)
    assert api.get("/api/v1/jobs/").json()["results"][0]["title"] == posting.title
    r = client_a.patch(
        f"/api/v1/jobs/{posting.pk}/",
        {"title": "Industriemechaniker (m/w/d)", "workplaces": [{"municipality": "16065067"}]},
        format="json",
    )
    assert r.status_code == 200, r.content
    shown = api.get("/api/v1/jobs/").json()["results"][0]
    assert shown["title"] == "Industriemechaniker (m/w/d)"
    assert [w["municipality"]["ags"] for w in shown["workplaces"]] == ["16065067"]


def test_a_company_renamed_suspended_or_approved_changes_the_lists_at_once(api, company_a):  # type: ignore[no-untyped-def]
    posting = make_posting(company_a)
    assert api.get("/api/v1/jobs/").json()["results"][0]["company"]["name"] == "Firma A GmbH"
    assert [c["name"] for c in api.get("/api/v1/companies/").json()["results"]] == ["Firma A GmbH"]

    company_a.name = "Firma A Neu GmbH"
    company_save(company=company_a)
    assert api.get("/api/v1/jobs/").json()["results"][0]["company"]["name"] == "Firma A Neu GmbH"
    assert [c["name"] for c in api.get("/api/v1/companies/").json()["results"]] == ["Firma A Neu GmbH"]

    company_suspend(company=company_a, reason="Prüfung")
    assert _ids(api) == []
    assert api.get("/api/v1/companies/").json()["results"] == []
    company_set_status(company=company_a, status="approved")
    assert _ids(api) == [posting.pk]


def test_a_new_company_with_postings_shows_when_approved(api):  # type: ignore[no-untyped-def]
    company = CompanyFactory(slug="neu", name="Neu GmbH", status="pending")
    make_posting(company, status="draft")
    assert api.get("/api/v1/companies/").json()["results"] == []
    company_set_status(company=company, status="approved")
    assert [c["slug"] for c in api.get("/api/v1/companies/").json()["results"]] == ["neu"]


def test_a_posting_expires_at_midnight_without_any_write(api, company_a, monkeypatch):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    posting = make_posting(company_a, valid_through=today)
    assert _ids(api) == [posting.pk]
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(days=1))
    assert _ids(api) == []


def test_a_cached_list_still_authenticates_and_validates(api, postings):  # type: ignore[no-untyped-def]
    assert api.get("/api/v1/jobs/").status_code == 200  # cached now
    api.credentials(HTTP_AUTHORIZATION="Token not-a-valid-token")
    assert api.get("/api/v1/jobs/").status_code == 401
    api.credentials()
    r = api.get("/api/v1/jobs/?field=99")
    assert r.status_code == 400 and "field" in r.json()
    assert api.get("/api/v1/jobs/?page=99").status_code == 404


def test_a_cached_detail_answer_is_the_uncached_one(api, postings, company_a):  # type: ignore[no-untyped-def]
    for url in (f"/api/v1/jobs/{postings[3].pk}/", f"/api/v1/jobs/{postings[2].pk}/", "/api/v1/companies/firma-a/"):
        with override_settings(CACHES=NO_CACHE):
            uncached = api.get(url)
        api.get(url)
        cached = api.get(url)
        assert uncached.status_code == cached.status_code == 200
        assert cached.content == uncached.content


def test_a_draft_is_answered_to_its_company_only_and_public_once_published(  # type: ignore[no-untyped-def]
    api, client_a, client_b, company_a
):
    draft = make_posting(company_a, status="draft")
    url = f"/api/v1/jobs/{draft.pk}/"
    assert api.get(url).status_code == 404
    assert client_b.get(url).status_code == 404
    assert client_a.get(url).json()["status"] == "draft"
    assert api.get(url).status_code == 404  # what the member saw was not cached for everybody

    services.job_publish(job=draft)
    assert api.get(url).json()["status"] == "published"
    services.job_close(job=draft)
    assert api.get(url).status_code == 404
    assert client_a.get(url).json()["status"] == "closed"


def test_a_pending_company_is_answered_to_its_members_only(api, member_a, client_a, company_a):  # type: ignore[no-untyped-def]
    company_suspend(company=company_a)
    company_set_status(company=company_a, status="pending")
    assert api.get("/api/v1/companies/firma-a/").status_code == 404
    assert client_a.get("/api/v1/companies/firma-a/").json()["status"] == "pending"
    company_set_status(company=company_a, status="approved")
    assert api.get("/api/v1/companies/firma-a/").json()["status"] == "approved"


def test_pages_read_in_two_steps_keep_the_list_order(api, postings):  # type: ignore[no-untyped-def]
    from jobs.selectors import job_list_public

    for query in ("", "&ordering=title", "&county=16062&ordering=-salary_min"):
        pages = [_ids(api, f"/api/v1/jobs/?page_size=1&page={n}{query}") for n in (1, 2, 3)]
        whole = _ids(api, f"/api/v1/jobs/?page_size=100{query}")
        assert [p[0] for p in pages] == whole[:3]
    assert _ids(api, "/api/v1/jobs/?page_size=100") == list(job_list_public().values_list("pk", flat=True))
