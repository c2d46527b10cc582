"""Who may write what, over HTTP: anonymous / member of A / member of B / operator × each write endpoint."""

import pytest

from jobs.models import JobPosting
from tests.factories import make_posting, posting_data

pytestmark = pytest.mark.django_db


def as_json(data):
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


@pytest.fixture
def clients(api, client_a, client_b, client_operator):
    return {"anonymous": api, "member_a": client_a, "member_b": client_b, "operator": client_operator}


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("anonymous", 401), ("member_a", 201), ("member_b", 403), ("operator", 201)],
)
def test_create_for_company_a(clients, company_a, actor, expected):
    r = clients[actor].post("/api/v1/jobs/", as_json(posting_data(company="firma-a")), format="json")
    assert r.status_code == expected, r.content
    assert JobPosting.objects.filter(company=company_a).count() == (1 if expected == 201 else 0)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("anonymous", 401), ("member_a", 200), ("member_b", 404), ("operator", 200)],
)
def test_patch_posting_of_a(clients, company_a, actor, expected):
    job = make_posting(company_a)
    r = clients[actor].patch(f"/api/v1/jobs/{job.pk}/", {"title": "Neuer Titel (m/w/d)"}, format="json")
    assert r.status_code == expected, r.content
    job.refresh_from_db()
    assert (job.title == "Neuer Titel (m/w/d)") == (expected == 200)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("anonymous", 401), ("member_a", 200), ("member_b", 404), ("operator", 200)],
)
def test_close_posting_of_a(clients, company_a, actor, expected):
    job = make_posting(company_a)
    r = clients[actor].post(f"/api/v1/jobs/{job.pk}/close/")
    assert r.status_code == expected, r.content
    job.refresh_from_db()
    assert (job.status == "closed") == (expected == 200)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("anonymous", 401), ("member_a", 204), ("member_b", 404), ("operator", 204)],
)
def test_delete_draft_of_a(clients, company_a, actor, expected):
    job = make_posting(company_a, status="draft")
    r = clients[actor].delete(f"/api/v1/jobs/{job.pk}/")
    assert r.status_code == expected, r.content
    assert JobPosting.objects.filter(pk=job.pk).exists() == (expected != 204)


def test_member_b_cannot_read_a_draft_of_a(client_b, client_a, company_a):
    job = make_posting(company_a, status="draft")
    assert client_b.get(f"/api/v1/jobs/{job.pk}/").status_code == 404
    assert client_a.get(f"/api/v1/jobs/{job.pk}/").status_code == 200


def test_published_posting_cannot_be_deleted_only_closed(client_a, company_a):
    job = make_posting(company_a)
    r = client_a.delete(f"/api/v1/jobs/{job.pk}/")
    assert r.status_code == 400
    assert "status" in r.json()
    assert JobPosting.objects.filter(pk=job.pk).exists()


def test_user_without_company_cannot_post(api):
    from tests.conftest import token_client
    from tests.factories import UserFactory

    client = token_client(UserFactory(username="lonely"))
    r = client.post("/api/v1/jobs/", as_json(posting_data()), format="json")
    assert r.status_code == 403


def test_token_endpoint(api, member_a):
    r = api.post("/api/v1/auth/token/", {"username": "anna", "password": "pw-123456"}, format="json")
    assert r.status_code == 200 and r.json()["token"]
    r = api.post("/api/v1/auth/token/", {"username": "anna", "password": "wrong"}, format="json")
    assert r.status_code == 400


def test_pending_company_may_draft_but_not_publish(db, api):
    from tests.conftest import token_client
    from tests.factories import CompanyFactory, MembershipFactory

    pending = CompanyFactory(slug="neu", status="pending")
    client = token_client(MembershipFactory(company=pending).user)
    r = client.post("/api/v1/jobs/", as_json(posting_data(status="published")), format="json")
    assert r.status_code == 400 and "status" in r.json()
    r = client.post("/api/v1/jobs/", as_json(posting_data(status="draft")), format="json")
    assert r.status_code == 201
    job_id = r.json()["id"]
    r = client.patch(f"/api/v1/jobs/{job_id}/", {"status": "published"}, format="json")
    assert r.status_code == 400
    assert api.get("/api/v1/jobs/").json()["count"] == 0
    assert api.get(f"/api/v1/jobs/{job_id}/").status_code == 404
