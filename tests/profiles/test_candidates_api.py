"""The candidate search and candidate detail endpoints over HTTP: who may ask, what a hit and a profile show (and
never show), blocking, reveal after an accepted request, bad parameters and the engine being down.

Profiles are written through the services and put into the embedded index as a commit would put them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from rest_framework.test import APIClient

from companies.models import Company
from profiles import contact
from profiles.models import SeekerProfile
from search.backends.base import RETRY_AFTER_SECONDS, SearchBackendError, get_search_backend, reset_backends
from search.indexing import profile_index_update
from tests.conftest import token_client
from tests.factories import CompanyFactory, MembershipFactory, UserFactory, make_profile

pytestmark = pytest.mark.django_db

LIST = "/api/v1/candidates/"
PHONE = "+49 3631 918273"
# Seeker A (pseudonymous) as the conftest makes her, and what nobody but her may read before she accepts.
PSEUDO_MARKERS = ("Sabine", "Schröder", "sabine@example.org", PHONE, "sabine", "Lebenslauf")
NAMED = {"first_name": "Xaverius", "last_name": "Quenstedt", "email": "xq-named@example.org"}
NAMED_PHONE = "+49 361 5550101"


@pytest.fixture(autouse=True)
def index(settings: Any) -> Iterator[Any]:
    """The embedded search backend, empty for each test."""
    settings.SEARCH_BACKENDS = {
        **settings.SEARCH_BACKENDS,
        "default": {**settings.SEARCH_BACKENDS["default"], "BACKEND": "search.backends.sqlite_fts.SqliteFtsBackend"},
    }
    backend = get_search_backend()
    backend.reset_index()
    yield backend
    reset_backends()


def indexed(*profiles: SeekerProfile) -> None:
    """Put the profiles into the index as the on-commit task would (tests run inside one transaction)."""
    assert profile_index_update([p.pk for p in profiles])


@pytest.fixture
def profile_a(seeker_a: Any) -> SeekerProfile:
    profile = SeekerProfile.objects.get(user=seeker_a)
    profile.phone = PHONE
    profile.save(update_fields=["phone"])
    indexed(profile)
    return profile


@pytest.fixture
def named(db: Any) -> SeekerProfile:
    user = UserFactory(username="xaver", **NAMED)
    profile = make_profile(
        user,
        visibility="named",
        phone=NAMED_PHONE,
        headline="Industriemechaniker Instandhaltung",
        occupations=[{"title": "Industriemechaniker", "field": "25", "experience_years": 4}],
    )
    indexed(profile)
    return SeekerProfile.objects.get(pk=profile.pk)


def _member_of(status: str, slug: str) -> APIClient:
    company = CompanyFactory(slug=slug, name=f"Firma {slug}", status=status)
    return token_client(MembershipFactory(company=company, user=UserFactory(username=f"m-{slug}")).user)


@pytest.fixture
def viewers(
    api: APIClient,
    client_seeker_a: APIClient,
    client_a: APIClient,
    client_b: APIClient,
    client_operator: APIClient,
) -> dict[str, APIClient]:
    return {
        "anonymous": api,
        "seeker": client_seeker_a,
        "member of approved company A": client_a,
        "member of approved company B": client_b,
        "member of a pending company": _member_of(Company.Status.PENDING, "firma-p"),
        "member of a suspended company": _member_of(Company.Status.SUSPENDED, "firma-s"),
        "operator": client_operator,
    }


def _text(response: Any) -> str:
    return str(response.content.decode())


def _no_private_data(response: Any, markers: tuple[str, ...] = PSEUDO_MARKERS) -> None:
    text = _text(response)
    for marker in markers:
        assert marker not in text, (marker, text)


# ---- who may ask -----------------------------------------------------------------------------------------------------

EXPECTED = {
    "anonymous": 401,
    "seeker": 403,
    "member of approved company A": 200,
    "member of approved company B": 200,
    "member of a pending company": 403,
    "member of a suspended company": 403,
    "operator": 403,
}


def test_who_may_search(viewers: dict[str, APIClient], profile_a: SeekerProfile) -> None:
    for who, client in viewers.items():
        response = client.get(LIST, {"q": "Zerspanungsmechaniker"})
        assert response.status_code == EXPECTED[who], (who, response.content)
        _no_private_data(response)
        if response.status_code == 200:
            assert response.json()["count"] == 1, who
    refused = viewers["seeker"].get(LIST, HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert refused == "Only members of an approved company can search and see candidates."


def test_who_may_read_a_candidate(viewers: dict[str, APIClient], profile_a: SeekerProfile) -> None:
    for who, client in viewers.items():
        response = client.get(f"{LIST}{profile_a.public_id}/")
        assert response.status_code == EXPECTED[who], (who, response.content)
        _no_private_data(response)


def test_a_member_of_several_approved_companies_names_one(
    member_a: Any, company_b: Company, profile_a: SeekerProfile
) -> None:
    MembershipFactory(company=company_b, user=member_a)
    client = token_client(member_a)
    for url in (LIST, f"{LIST}{profile_a.public_id}/"):
        response = client.get(url)
        assert response.status_code == 400
        assert "company" in response.json() and "firma-b" in str(response.json()["company"])
        assert client.get(url, {"company": "firma-b"}).status_code == 200
        response = client.get(url, {"company": "firma-x"})
        assert response.status_code == 400 and "company" in response.json()


def test_a_session_works_like_a_token(member_a: Any, profile_a: SeekerProfile) -> None:
    client = APIClient()
    client.force_login(member_a)
    assert client.get(LIST).json()["count"] == 1


# ---- what a hit shows ------------------------------------------------------------------------------------------------


def test_a_pseudonymous_hit_shows_the_summary_and_nothing_of_the_person(
    client_a: APIClient, profile_a: SeekerProfile
) -> None:
    response = client_a.get(LIST, {"q": "Zerspanungsmechaniker", "place": "Nordhausen", "radius_km": "10"})
    assert response.status_code == 200, response.content
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["count"] == 1 and body["page"] == 1 and body["page_size"] == 20
    (hit,) = body["results"]
    assert hit["id"] == str(profile_a.public_id)
    assert hit["headline"] == "Zerspanungsmechaniker mit 8 Jahren CNC-Erfahrung"
    assert hit["occupations"][0]["title"] == "Zerspanungsmechaniker"
    assert hit["occupations"][0]["experience_years"] == 8
    assert hit["qualifications"] == {"school": "realschule", "vocational": "apprenticeship"}
    assert {lang["code"] for lang in hit["languages"]} == {"de", "en"}
    assert set(hit["licences"]) == {"B", "forklift"}
    assert hit["place"]["name"].startswith("Nordhausen")
    assert hit["distance_km"] == pytest.approx(0.0, abs=0.5)
    assert hit["fields"][0]["code"] == "24"
    assert hit["available_from"] and hit["updated_at"]
    assert hit["visibility"] == "pseudonymous" and hit["contact"] is None
    # Neither the primary key nor the user id, under any name.
    assert str(profile_a.pk) not in {str(v) for v in hit.values()}
    assert "user" not in hit and "pk" not in hit
    _no_private_data(response)
    assert set(body["facets"]) >= {"county", "field", "employment_type", "offer_type"}
    field = {f["value"]: f for f in body["facets"]["field"]}
    assert field["24"]["count"] == 1 and field["24"]["label"]


def test_a_named_hit_shows_name_and_contact(client_a: APIClient, profile_a: SeekerProfile, named: Any) -> None:
    body = client_a.get(LIST, {"q": "Industriemechaniker"}).json()
    (hit,) = body["results"]
    assert hit["visibility"] == "named"
    assert hit["contact"] == {"name": "Xaverius Quenstedt", "email": "xq-named@example.org", "phone": NAMED_PHONE}
    both = client_a.get(LIST)
    assert both.json()["count"] == 2
    _no_private_data(both)  # Sabine's data stay hers beside a named hit


def test_a_profile_hidden_since_indexing_is_not_shown(client_a: APIClient, profile_a: SeekerProfile) -> None:
    # The database says no even when the index has not caught up yet.
    SeekerProfile.objects.filter(pk=profile_a.pk).update(visibility="hidden")
    response = client_a.get(LIST)
    assert response.json()["results"] == []
    assert client_a.get(f"{LIST}{profile_a.public_id}/").status_code == 404
    _no_private_data(response)


def test_the_filters_of_the_issue_and_their_labelled_facets(
    client_a: APIClient, profile_a: SeekerProfile, named: Any
) -> None:
    def ids(**params: Any) -> set[str]:
        response = client_a.get(LIST, params, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, response.content
        return {h["id"] for h in response.json()["results"]}

    a, n = str(profile_a.public_id), str(named.public_id)
    assert ids() == {a, n}
    assert ids(experience_min_years="5") == {a}
    assert ids(qualification="apprenticeship") == {a, n}
    assert ids(qualification="master") == set()
    assert ids(language="en:B1", licence="forklift") == {a, n}
    assert ids(field="25") == {n}
    assert ids(q="Zerspanungsmechaniker", county="16062", offer_type="job", employment_type="shift") == {a}
    facets = client_a.get(LIST, HTTP_ACCEPT_LANGUAGE="en").json()["facets"]
    assert set(facets) >= {"county", "field", "offer_type", "employment_type", "language", "licence", "qualification"}
    labels = {dim: {v["value"]: v["label"] for v in values} for dim, values in facets.items()}
    assert labels["language"]["en"] == "English"
    assert labels["licence"]["forklift"] != "forklift"
    assert labels["qualification"]["apprenticeship"].startswith("Vocational training")


def test_a_cv_stays_with_its_pseudonymous_owner(
    client_seeker_a: APIClient, client_a: APIClient, profile_a: SeekerProfile, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.profiles.test_api import pdf_upload

    with django_capture_on_commit_callbacks(execute=True):
        uploaded = client_seeker_a.post("/api/v1/me/profile/cv/", {"cv": pdf_upload()}, format="multipart")
    assert uploaded.status_code == 200, uploaded.content
    stored = SeekerProfile.objects.get(pk=profile_a.pk).cv.name
    for response in (client_a.get(LIST), client_a.get(f"{LIST}{profile_a.public_id}/")):
        assert response.status_code == 200
        text = _text(response)
        assert stored not in text and "/cv/" not in text and '"cv"' not in text and "has_cv" not in text
        _no_private_data(response)
    hit = client_a.get(LIST).json()["results"][0]
    assert str(profile_a.user_id) not in {str(v) for v in hit.values()}


# ---- blocking --------------------------------------------------------------------------------------------------------


def test_a_blocked_company_sees_nothing_of_the_profile(
    client_a: APIClient, client_b: APIClient, company_b: Company, profile_a: SeekerProfile
) -> None:
    profile_a.blocked_companies.add(company_b)
    indexed(profile_a)
    response = client_b.get(LIST, {"q": "Zerspanungsmechaniker"})
    body = response.json()
    assert body["count"] == 0 and body["results"] == []
    for values in body["facets"].values():
        assert all(v["count"] == 0 for v in values), values
    assert str(profile_a.public_id) not in _text(response)
    detail = client_b.get(f"{LIST}{profile_a.public_id}/")
    assert detail.status_code == 404
    unknown = client_b.get(f"{LIST}{uuid.uuid4()}/")
    assert detail.json() == unknown.json()  # a blocked profile answers exactly like an unknown one
    # Company A, not blocked, still finds her.
    assert client_a.get(LIST, {"q": "Zerspanungsmechaniker"}).json()["count"] == 1
    assert client_a.get(f"{LIST}{profile_a.public_id}/").status_code == 200


def test_hidden_and_unknown_candidates_are_404(client_a: APIClient, seeker_b: Any) -> None:
    hidden = SeekerProfile.objects.get(user=seeker_b)
    for public_id in (hidden.public_id, uuid.uuid4()):
        response = client_a.get(f"{LIST}{public_id}/")
        assert response.status_code == 404
        _no_private_data(response, ("Stefan", "Sommer", "stefan@example.org"))
    assert client_a.get(f"{LIST}{hidden.pk}/").status_code == 404  # not a uuid: no such address


# ---- the candidate detail --------------------------------------------------------------------------------------------


def test_the_detail_of_a_pseudonymous_candidate(client_a: APIClient, profile_a: SeekerProfile) -> None:
    response = client_a.get(f"{LIST}{profile_a.public_id}/")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(profile_a.public_id)
    assert body["about"] and body["skills"] == ["CNC", "Heidenhain"]
    assert body["name"] is None and body["email"] is None and body["phone"] is None
    assert body["contact_request"] is None
    assert "blocked_companies" not in body and "has_cv" not in body
    _no_private_data(response)


def test_an_accepted_request_reveals_name_email_and_phone(
    client_a: APIClient, client_b: APIClient, company_a: Company, member_a: Any, seeker_a: Any, profile_a: Any
) -> None:
    url = f"{LIST}{profile_a.public_id}/"
    sent = contact.contact_request_send(
        company=company_a, profile=profile_a, message="Hallo", posting=None, by=member_a
    )
    body = client_a.get(url).json()
    assert body["contact_request"]["status"] == "pending"
    assert body["contact_request"]["id"] == str(sent.public_id)
    assert body["name"] is None
    contact.contact_request_accept(request=sent, by=seeker_a)
    response = client_a.get(url)
    body = response.json()
    assert body["contact_request"]["status"] == "accepted" and body["contact_request"]["answered_at"]
    assert body["name"] == "Sabine Schröder"
    assert body["email"] == "sabine@example.org"
    assert body["phone"] == PHONE
    # Only to the company she accepted; the search list stays pseudonymous.
    other = client_b.get(url)
    assert other.json()["name"] is None and other.json()["contact_request"] is None
    _no_private_data(other)
    _no_private_data(client_a.get(LIST))


def test_a_declined_request_reveals_nothing(
    client_a: APIClient, company_a: Company, member_a: Any, seeker_a: Any, profile_a: Any
) -> None:
    sent = contact.contact_request_send(
        company=company_a, profile=profile_a, message="Hallo", posting=None, by=member_a
    )
    contact.contact_request_decline(request=sent, by=seeker_a, block_company=False)
    response = client_a.get(f"{LIST}{profile_a.public_id}/")
    assert response.json()["contact_request"]["status"] == "declined"
    _no_private_data(response)


def test_the_detail_of_a_named_candidate(client_a: APIClient, named: Any) -> None:
    body = client_a.get(f"{LIST}{named.public_id}/").json()
    assert body["name"] == "Xaverius Quenstedt" and body["email"] == NAMED["email"] and body["phone"] == NAMED_PHONE


# ---- bad parameters and the engine down ------------------------------------------------------------------------------


def test_bad_parameters_are_400_naming_each(client_a: APIClient, profile_a: SeekerProfile) -> None:
    response = client_a.get(
        LIST,
        {
            "page_size": "500",
            "radius_km": "abc",
            "place": "Nordhausen",
            "available_by": "morgen",
            "language": "deutsch",
            "licence": "Z9",
            "employment_type": "forever",
            "sort": "price",
            "field": "99",
            "qualification": "guru",
            "experience_min_years": "-3",
        },
    )
    assert response.status_code == 400
    body = response.json()
    for name in (
        "page_size", "radius_km", "available_by", "language", "licence", "employment_type", "sort", "field",
        "qualification", "experience_min_years",
    ):  # fmt: skip
        assert name in body, (name, body)
    _no_private_data(response)


def test_an_unknown_place_is_400_naming_place(client_a: APIClient) -> None:
    response = client_a.get(LIST, {"place": "Atlantis"})
    assert response.status_code == 400 and "place" in response.json()


def test_engine_down_is_503_with_retry_after(
    client_a: APIClient, profile_a: SeekerProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*args: Any, **kwargs: Any) -> Any:
        raise SearchBackendError("connection refused")

    monkeypatch.setattr(type(get_search_backend()), "search_profiles", down)
    response = client_a.get(LIST, {"q": "Zerspanungsmechaniker"})
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "detail" in response.json()
    # The detail reads the database only.
    assert client_a.get(f"{LIST}{profile_a.public_id}/").status_code == 200


def test_a_misspelt_place_is_searched_as_corrected_and_said_so(client_a: APIClient, profile_a: SeekerProfile) -> None:
    body = client_a.get(LIST, {"place": "Nordhausen", "radius_km": "10"}).json()
    assert body["count"] == 1 and body["place_corrected"] is None
    body = client_a.get(LIST, {"place": "Nordhasuen", "radius_km": "10"}).json()
    assert body["count"] == 1 and body["place_corrected"] == "Nordhausen"
    # A complete word never silently becomes a longer name.
    assert client_a.get(LIST, {"place": "Berlin"}).status_code == 400
    schema = client_a.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "place_corrected" in schema["components"]["schemas"]["CandidateResults"]["properties"]
