"""The contact request endpoints over HTTP: the permission matrix of each, bad input, the daily limit with
Retry-After, and privacy (nothing of a pseudonymous candidate's identity before they accept)."""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import Action, AuditEntry
from companies.models import Company
from profiles.models import ContactRequest, SeekerProfile
from tests.conftest import token_client
from tests.factories import CompanyFactory, MembershipFactory, UserFactory, make_posting, make_profile

pytestmark = pytest.mark.django_db

MESSAGE = "Guten Tag, wir suchen Verstärkung in der CNC-Fertigung."
PHONE = "+49 3631 123456"
# What nobody may read of seeker A (Sabine Schröder) before she accepts.
PRIVATE = ("Sabine", "Schröder", "sabine@example.org", PHONE, "sabine")


@pytest.fixture
def profile_a(seeker_a: Any) -> Any:
    profile = SeekerProfile.objects.get(user=seeker_a)  # fresh: the user's cached one predates the profile's data
    profile.phone = PHONE
    profile.save(update_fields=["phone"])
    return profile


@pytest.fixture
def client_pending(db: Any) -> APIClient:
    company = CompanyFactory(slug="firma-p", name="Firma P", status=Company.Status.PENDING)
    return token_client(MembershipFactory(company=company, user=UserFactory(username="paula")).user)


@pytest.fixture
def viewers(
    api: APIClient,
    client_seeker_a: APIClient,
    client_seeker_b: APIClient,
    client_a: APIClient,
    client_pending: APIClient,
    client_operator: APIClient,
) -> dict[str, APIClient]:
    return {
        "anonymous": api,
        "seeker A": client_seeker_a,
        "seeker B": client_seeker_b,
        "member of an approved company": client_a,
        "member of a pending company": client_pending,
        "operator": client_operator,
    }


def _contact_url(profile: Any) -> str:
    return f"/api/v1/candidates/{profile.public_id}/contact/"


def _no_private_data(response: Any) -> None:
    text = response.content.decode()
    for marker in PRIVATE:
        assert marker not in text, (marker, text)


def _send(client: APIClient, profile: Any, **body: Any) -> Any:
    return client.post(_contact_url(profile), {"message": MESSAGE, **body}, format="json")


def test_who_may_ask(viewers: dict[str, APIClient], profile_a: Any) -> None:
    expected = {
        "anonymous": 401,
        "seeker A": 403,
        "seeker B": 403,
        "member of an approved company": 201,
        "member of a pending company": 403,
        "operator": 403,
    }
    got = {name: _send(client, profile_a).status_code for name, client in viewers.items()}
    assert got == expected
    assert ContactRequest.objects.count() == 1


def test_asking_answers_the_request_without_the_candidates_identity(client_a: APIClient, profile_a: Any) -> None:
    posting = make_posting(Company.objects.get(slug="firma-a"), title="CNC-Fräser (m/w/d)")
    response = _send(client_a, profile_a, posting=posting.pk)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending" and body["message"] == MESSAGE
    assert body["company"] == {"slug": "firma-a", "name": "Firma A GmbH"}
    assert body["posting"] == {"id": posting.pk, "title": "CNC-Fräser (m/w/d)"}
    assert body["candidate"]["id"] == str(profile_a.public_id) and body["contact"] is None
    assert body["revealed_at"] is None
    uuid.UUID(body["id"])  # opaque: no row id
    assert str(ContactRequest.objects.get().pk) != body["id"]
    _no_private_data(response)
    assert "no-store" in response["Cache-Control"]


def test_unknown_hidden_and_blocking_candidates_answer_the_same_404(
    client_a: APIClient, seeker_b: Any, profile_a: Any
) -> None:
    blocking = make_profile(UserFactory(), blocked_companies=["firma-a"])
    answers = []
    for url in (
        f"/api/v1/candidates/{uuid.uuid4()}/contact/",
        _contact_url(seeker_b.seeker_profile),
        _contact_url(blocking),
        f"/api/v1/candidates/{profile_a.pk}/contact/",  # a row id is no candidate id
        "/api/v1/candidates/not-a-uuid/contact/",
    ):
        response = client_a.post(url, {"message": MESSAGE}, format="json")
        answers.append((response.status_code, response.json()))
    assert {status for status, _ in answers} == {404}
    assert len({str(body) for _, body in answers}) == 1
    assert not ContactRequest.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "message"),
        ({"message": ""}, "message"),
        ({"message": "x" * 2001}, "message"),
        ({"message": ["a"]}, "message"),
        ({"message": MESSAGE, "posting": "eins"}, "posting"),
        ({"message": MESSAGE, "posting": 999999}, "posting"),
        ({"message": MESSAGE, "company": "firma-b"}, "company"),
    ],
)
def test_bad_input_names_the_field(
    client_a: APIClient, company_b: Company, profile_a: Any, body: dict[str, Any], field: str
) -> None:
    response = client_a.post(_contact_url(profile_a), body, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not ContactRequest.objects.exists()


def test_another_companys_posting_is_refused(client_a: APIClient, company_b: Company, profile_a: Any) -> None:
    response = _send(client_a, profile_a, posting=make_posting(company_b).pk)
    assert response.status_code == 400 and "posting" in response.json()


def test_one_open_request_per_pair(client_a: APIClient, profile_a: Any) -> None:
    assert _send(client_a, profile_a).status_code == 201
    response = _send(client_a, profile_a)
    assert response.status_code == 400 and "non_field_errors" in response.json()
    assert ContactRequest.objects.count() == 1


def test_a_member_of_several_companies_names_one(member_a: Any, company_b: Company, profile_a: Any) -> None:
    MembershipFactory(company=company_b, user=member_a)
    client = token_client(member_a)
    response = _send(client, profile_a)
    assert response.status_code == 400 and "firma-a, firma-b" in response.json()["company"][0]
    assert _send(client, profile_a, company="firma-b").status_code == 201
    assert _send(client, profile_a, company="firma-a").status_code == 201
    both = client.get("/api/v1/contact-requests/").json()
    assert sorted(r["company"]["slug"] for r in both["results"]) == ["firma-a", "firma-b"]
    only_b = client.get("/api/v1/contact-requests/?company=firma-b").json()
    assert [r["company"]["slug"] for r in only_b["results"]] == ["firma-b"]
    response = client.get("/api/v1/contact-requests/?company=firma-x")
    assert response.status_code == 400 and "company" in response.json()


def test_twenty_a_day_then_429_with_retry_after(client_a: APIClient, client_b: APIClient) -> None:
    profiles = [make_profile(UserFactory()) for _ in range(21)]
    for profile in profiles[:20]:
        assert _send(client_a, profile).status_code == 201
    ContactRequest.objects.filter(pk=ContactRequest.objects.order_by("created_at").first().pk).update(  # type: ignore[union-attr]
        created_at=timezone.now() - datetime.timedelta(hours=22)
    )
    response = _send(client_a, profiles[20])
    assert response.status_code == 429
    assert 7190 <= int(response["Retry-After"]) <= 7200
    assert "20" in response.json()["detail"]
    assert ContactRequest.objects.count() == 20
    assert _send(client_b, profiles[20]).status_code == 201  # per company


def _request_of(client_a: APIClient, profile: Any) -> str:
    response = _send(client_a, profile)
    assert response.status_code == 201
    return str(response.json()["id"])


def test_the_seekers_list(viewers: dict[str, APIClient], client_a: APIClient, profile_a: Any) -> None:
    posting = make_posting(Company.objects.get(slug="firma-a"), title="CNC-Fräser (m/w/d)")
    request_id = str(_send(client_a, profile_a, posting=posting.pk).json()["id"])
    counts = {}
    for name, client in viewers.items():
        response = client.get("/api/v1/me/contact-requests/")
        counts[name] = response.status_code if response.status_code != 200 else len(response.json()["results"])
    assert counts == {
        "anonymous": 401,
        "seeker A": 1,
        "seeker B": 0,
        "member of an approved company": 0,
        "member of a pending company": 0,
        "operator": 0,
    }
    (item,) = viewers["seeker A"].get("/api/v1/me/contact-requests/").json()["results"]
    assert item["id"] == request_id and item["status"] == "pending" and item["message"] == MESSAGE
    assert item["company"] == {"slug": "firma-a", "name": "Firma A GmbH"}
    assert item["posting"] == {"id": posting.pk, "title": "CNC-Fräser (m/w/d)"}
    assert item["created_at"] and item["expires_at"] and item["answered_at"] is None
    assert item["revealed_at"] is None and item["company_blocked"] is False
    assert "anna" not in str(item)  # who in the company sent it


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_who_may_answer(viewers: dict[str, APIClient], client_a: APIClient, profile_a: Any, answer: str) -> None:
    request_id = _request_of(client_a, profile_a)
    url = f"/api/v1/me/contact-requests/{request_id}/{answer}/"
    got = {name: client.post(url, {}, format="json").status_code for name, client in viewers.items()}
    assert got == {
        "anonymous": 401,
        "seeker A": 200,
        "seeker B": 404,
        "member of an approved company": 404,
        "member of a pending company": 404,
        "operator": 404,
    }
    assert viewers["seeker A"].post(url, {}, format="json").status_code == 400  # answered already
    assert viewers["seeker A"].post(f"/api/v1/me/contact-requests/{uuid.uuid4()}/{answer}/").status_code == 404


def test_the_companys_list(
    viewers: dict[str, APIClient], client_a: APIClient, client_b: APIClient, profile_a: Any
) -> None:
    _request_of(client_a, profile_a)
    answers = {}
    for name, client in viewers.items():
        response = client.get("/api/v1/contact-requests/")
        answers[name] = response.status_code if response.status_code != 200 else len(response.json()["results"])
        _no_private_data(response)
    assert answers == {
        "anonymous": 401,
        "seeker A": 403,
        "seeker B": 403,
        "member of an approved company": 1,
        "member of a pending company": 403,
        "operator": 403,
    }
    assert client_b.get("/api/v1/contact-requests/").json()["results"] == []  # another company's requests


def test_accepting_reveals_the_name_and_email_to_that_company_only(
    django_capture_on_commit_callbacks: Any,
    client_a: APIClient,
    client_b: APIClient,
    client_seeker_a: APIClient,
    profile_a: Any,
) -> None:
    request_id = _request_of(client_a, profile_a)
    _request_of(client_b, profile_a)
    before = client_a.get("/api/v1/contact-requests/")
    _no_private_data(before)
    (item,) = before.json()["results"]
    assert item["contact"] is None
    assert item["candidate"]["id"] == str(profile_a.public_id)
    assert item["candidate"]["headline"] == profile_a.headline
    with django_capture_on_commit_callbacks(execute=True):
        response = client_seeker_a.post(f"/api/v1/me/contact-requests/{request_id}/accept/")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert response.json()["revealed_at"] == response.json()["answered_at"] is not None
    (item,) = client_a.get("/api/v1/contact-requests/").json()["results"]
    assert item["status"] == "accepted" and item["revealed_at"]
    assert item["contact"] == {"name": "Sabine Schröder", "email": "sabine@example.org", "phone": PHONE}
    # Company B asked too but was not answered: it still sees nothing.
    _no_private_data(client_b.get("/api/v1/contact-requests/"))
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    reveal = AuditEntry.objects.get(action=Action.IDENTITY_REVEAL)
    assert reveal.changes["company"] == [None, "firma-a"]


def test_decline_and_block_hides_the_candidate_from_the_company(
    client_a: APIClient, client_seeker_a: APIClient, profile_a: Any
) -> None:
    request_id = _request_of(client_a, profile_a)
    response = client_seeker_a.post(
        f"/api/v1/me/contact-requests/{request_id}/decline/", {"block_company": True}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "declined" and response.json()["company_blocked"] is True
    assert _send(client_a, profile_a).status_code == 404
    (item,) = client_a.get("/api/v1/contact-requests/").json()["results"]
    assert item["status"] == "declined" and item["candidate"] == {"id": str(profile_a.public_id)}
    assert item["contact"] is None


def test_a_declined_request_without_block_may_be_asked_again(
    client_a: APIClient, client_seeker_a: APIClient, profile_a: Any
) -> None:
    request_id = _request_of(client_a, profile_a)
    response = client_seeker_a.post(f"/api/v1/me/contact-requests/{request_id}/decline/", {}, format="json")
    assert response.status_code == 200 and response.json()["company_blocked"] is False
    bad = client_seeker_a.post(
        f"/api/v1/me/contact-requests/{request_id}/decline/", {"block_company": "vielleicht"}, format="json"
    )
    assert bad.status_code == 400 and "block_company" in bad.json()
    assert _send(client_a, profile_a).status_code == 201


def test_a_hidden_profile_shows_only_its_id_in_the_companys_list(
    client_a: APIClient, seeker_a: Any, profile_a: Any
) -> None:
    from profiles.services import profile_update

    _request_of(client_a, profile_a)
    profile_update(profile=profile_a, data={"visibility": "hidden"}, given=["visibility"], by=seeker_a)
    (item,) = client_a.get("/api/v1/contact-requests/").json()["results"]
    assert item["candidate"] == {"id": str(profile_a.public_id)}


def test_session_login_works_too(member_a: Any, profile_a: Any) -> None:
    client = Client(enforce_csrf_checks=False)
    client.force_login(member_a)
    response = client.post(_contact_url(profile_a), {"message": MESSAGE}, content_type="application/json")
    assert response.status_code == 201
    assert client.get("/api/v1/contact-requests/").status_code == 200


def test_the_schema_documents_the_endpoints(api: APIClient) -> None:
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert "post" in paths["/api/v1/candidates/{public_id}/contact/"]
    assert "429" in paths["/api/v1/candidates/{public_id}/contact/"]["post"]["responses"]
    assert "get" in paths["/api/v1/me/contact-requests/"]
    assert "post" in paths["/api/v1/me/contact-requests/{public_id}/accept/"]
    assert "post" in paths["/api/v1/me/contact-requests/{public_id}/decline/"]
    assert "get" in paths["/api/v1/contact-requests/"]


def test_the_companys_list_shows_the_one_projection_of_what_a_company_sees(client_a: APIClient, profile_a: Any) -> None:
    """Before an answer the company sees exactly profiles.selectors.profile_company_view: no name, e-mail or phone."""
    from profiles.selectors import profile_company_view

    _request_of(client_a, profile_a)
    (item,) = client_a.get("/api/v1/contact-requests/").json()["results"]
    assert item["candidate"] == json.loads(json.dumps(profile_company_view(profile_a)))
    assert item["candidate"]["id"] == str(profile_a.public_id)
    assert item["contact"] is None
    text = json.dumps(item)
    user = profile_a.user
    for private in (user.last_name, user.email, user.get_username()):
        assert private not in text
