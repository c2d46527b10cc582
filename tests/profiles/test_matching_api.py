"""Matching over HTTP, both ways: a seeker's matching postings (GET /api/v1/me/matching-jobs/) and a posting's
matching candidates (GET /api/v1/jobs/{id}/matching-candidates/): who may ask, what each answer shows and never
shows, blocking, paging errors and the engine being down."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from companies.models import Company
from jobs.models import JobPosting
from profiles.candidate_selectors import candidate_matching
from profiles.models import SeekerProfile
from search.backends.base import RETRY_AFTER_SECONDS, SearchBackendError, get_search_backend
from search.indexing import index_update
from search.matching import POSTING_FIELDS
from tests.conftest import token_client
from tests.factories import CompanyFactory, MembershipFactory, UserFactory, make_posting, make_profile

from .test_candidates_api import PHONE, PSEUDO_MARKERS, index, indexed  # noqa: F401  (the index fixture)

pytestmark = pytest.mark.django_db

MINE = "/api/v1/me/matching-jobs/"


def _matching(posting: JobPosting) -> str:
    return f"/api/v1/jobs/{posting.pk}/matching-candidates/"


def _posted(company: Company, **overrides: Any) -> JobPosting:
    posting = make_posting(company, **overrides)
    assert index_update([posting.pk])
    return posting


@pytest.fixture
def profile_a(seeker_a: Any) -> SeekerProfile:
    profile = SeekerProfile.objects.get(user=seeker_a)
    profile.phone = PHONE
    profile.save(update_fields=["phone"])
    indexed(profile)
    return profile


@pytest.fixture
def carer(db: Any) -> SeekerProfile:
    """A candidate of another occupation at the same place: matches no metalworking posting."""
    profile = make_profile(
        UserFactory(username="pflege", first_name="Petra", last_name="Pflegerin"),
        headline="Pflegefachkraft mit Herz",
        occupations=[{"title": "Pflegefachkraft", "field": "81", "experience_years": 5}],
        skills=[],
        about="",
    )
    indexed(profile)
    return profile  # type: ignore[no-any-return]


@pytest.fixture
def posting_a(company_a: Company) -> JobPosting:
    return _posted(company_a)


def _member_of(status: str, slug: str) -> tuple[APIClient, Company]:
    company = CompanyFactory(slug=slug, name=f"Firma {slug}", status=status)
    return token_client(MembershipFactory(company=company, user=UserFactory(username=f"m-{slug}")).user), company


# ---- the candidates matching a posting -------------------------------------------------------------------------------


def test_who_may_see_a_postings_matching_candidates(
    api: APIClient,
    client_seeker_a: APIClient,
    client_a: APIClient,
    client_b: APIClient,
    client_operator: APIClient,
    posting_a: JobPosting,
    profile_a: SeekerProfile,
) -> None:
    pending, _ = _member_of(Company.Status.PENDING, "firma-p")
    suspended, _ = _member_of(Company.Status.SUSPENDED, "firma-s")
    expected = {
        "anonymous": (api, 401),
        "seeker": (client_seeker_a, 403),
        "member of the owning company": (client_a, 200),
        "member of another approved company": (client_b, 404),
        "member of a pending company": (pending, 403),
        "member of a suspended company": (suspended, 403),
        "operator": (client_operator, 403),
    }
    for who, (client, status) in expected.items():
        response = client.get(_matching(posting_a))
        assert response.status_code == status, (who, response.content)
        for marker in PSEUDO_MARKERS:
            assert marker not in response.content.decode(), (who, marker)
    assert client_a.get("/api/v1/jobs/999999/matching-candidates/").status_code == 404


def test_a_suspended_company_sees_no_candidates_of_its_own_posting(db: Any, profile_a: SeekerProfile) -> None:
    client, company = _member_of(Company.Status.APPROVED, "firma-z")
    posting = _posted(company)
    assert client.get(_matching(posting)).status_code == 200
    Company.objects.filter(pk=company.pk).update(status=Company.Status.SUSPENDED)
    assert client.get(_matching(posting)).status_code == 403


def test_a_posting_finds_its_fitting_candidate_pseudonymously(
    client_a: APIClient, posting_a: JobPosting, profile_a: SeekerProfile, carer: SeekerProfile
) -> None:
    response = client_a.get(_matching(posting_a))
    body = response.json()
    assert body["count"] == 1 and body["page"] == 1
    (hit,) = body["results"]
    assert hit["id"] == str(profile_a.public_id)
    assert hit["headline"].startswith("Zerspanungsmechaniker")
    assert hit["contact"] is None and hit["visibility"] == "pseudonymous"
    assert str(carer.public_id) not in response.content.decode()
    for marker in PSEUDO_MARKERS:
        assert marker not in response.content.decode(), marker


def test_matching_reads_no_column_the_endpoint_leaves_out(
    company_a: Company, posting_a: JobPosting, profile_a: SeekerProfile, django_assert_num_queries: Any
) -> None:
    """The endpoint loads only POSTING_FIELDS: matching such a posting asks for no other column afterwards."""
    posting = JobPosting.objects.only(*POSTING_FIELDS, "company_id").get(pk=posting_a.pk)
    expected = candidate_matching(posting=posting_a).hits
    with django_assert_num_queries(2):  # the workplaces, then the re-check of the hits
        assert candidate_matching(posting=posting).hits == expected != []


def test_a_candidate_who_blocked_the_company_is_not_matched(
    client_a: APIClient, company_a: Company, posting_a: JobPosting, profile_a: SeekerProfile
) -> None:
    profile_a.blocked_companies.add(company_a)
    indexed(profile_a)
    response = client_a.get(_matching(posting_a))
    assert response.json()["count"] == 0 and response.json()["results"] == []
    assert str(profile_a.public_id) not in response.content.decode()


def test_matching_candidates_page_errors_name_the_parameter(client_a: APIClient, posting_a: JobPosting) -> None:
    response = client_a.get(_matching(posting_a), {"page": "0", "page_size": "500"})
    assert response.status_code == 400
    assert {"page", "page_size"} <= set(response.json())


def test_matching_candidates_answer_503_when_the_engine_is_down(
    client_a: APIClient, posting_a: JobPosting, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*args: Any, **kwargs: Any) -> Any:
        raise SearchBackendError("connection refused")

    monkeypatch.setattr(type(get_search_backend()), "search_profiles", down)
    response = client_a.get(_matching(posting_a))
    assert response.status_code == 503 and response["Retry-After"] == str(RETRY_AFTER_SECONDS)


# ---- the postings matching a seeker ----------------------------------------------------------------------------------


def test_a_seeker_sees_the_postings_that_fit_and_not_the_others(
    client_seeker_a: APIClient, company_a: Company, profile_a: SeekerProfile
) -> None:
    fitting = _posted(company_a)
    other = _posted(company_a, title="Pflegefachkraft (m/w/d)", field="81")
    response = client_seeker_a.get(MINE)
    assert response.status_code == 200
    body = response.json()
    assert [h["id"] for h in body["results"]] == [fitting.pk]
    assert body["count"] == 1 and body["note"] is None
    assert body["results"][0]["url"].startswith(f"/jobs/{fitting.pk}-")
    assert other.pk not in [h["id"] for h in body["results"]]


def test_without_a_findable_profile_the_list_is_empty_with_a_note(
    api: APIClient,
    client_seeker_b: APIClient,
    client_a: APIClient,
    client_operator: APIClient,
    posting_a: JobPosting,
) -> None:
    assert api.get(MINE).status_code == 401
    for client in (client_seeker_b, client_a, client_operator):  # hidden profile; no profile at all
        response = client.get(MINE, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 0 and body["results"] == []
        assert "profile" in body["note"]
    assert "hidden" in client_seeker_b.get(MINE, HTTP_ACCEPT_LANGUAGE="en").json()["note"]


def test_matching_jobs_page_errors_name_the_parameter(client_seeker_a: APIClient, profile_a: SeekerProfile) -> None:
    response = client_seeker_a.get(MINE, {"page_size": "abc"})
    assert response.status_code == 400 and "page_size" in response.json()


def test_the_schema_lists_the_matching_endpoints(api: APIClient) -> None:
    import yaml

    paths = yaml.safe_load(api.get("/api/schema/").content)["paths"]
    assert "get" in paths["/api/v1/me/matching-jobs/"]
    assert "get" in paths["/api/v1/jobs/{id}/matching-candidates/"]
