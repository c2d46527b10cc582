import pytest

from companies.models import Company
from companies.services import company_approve, company_register, company_suspend
from jobs.models import JobPosting
from tests.factories import CompanyFactory, UserFactory, make_posting

pytestmark = pytest.mark.django_db


def test_only_approved_companies_are_listed(api):
    CompanyFactory(slug="offen", status="approved")
    CompanyFactory(slug="wartet", status="pending")
    CompanyFactory(slug="gesperrt", status="suspended")
    slugs = [c["slug"] for c in api.get("/api/v1/companies/").json()["results"]]
    assert slugs == ["offen"]
    assert api.get("/api/v1/companies/wartet/").status_code == 404
    assert api.get("/api/v1/companies/offen/").json()["municipality"]["name"] == "Nordhausen"


def test_member_sees_own_pending_company(db):
    from tests.conftest import token_client

    user = UserFactory(username="neu")
    company_register(user=user, name="Neu GmbH", slug="neu-gmbh", municipality_id="16062041")
    assert Company.objects.get(slug="neu-gmbh").status == "pending"
    assert token_client(user).get("/api/v1/companies/neu-gmbh/").status_code == 200


def test_approval_and_suspension_control_visibility(api):
    company = CompanyFactory(slug="x", status="pending")
    make_posting(company, status="draft")
    job = JobPosting.objects.get()
    company_approve(company=company)
    from jobs.services import job_publish

    job_publish(job=job)
    assert api.get("/api/v1/jobs/").json()["count"] == 1
    company_suspend(company=company)
    assert api.get("/api/v1/jobs/").json()["count"] == 0
    assert api.get(f"/api/v1/jobs/{job.pk}/").status_code == 404


def test_company_and_network_filters(api):
    from companies.models import Network

    optonet = Network.objects.get(slug="optonet")
    a = CompanyFactory(slug="optik")
    a.networks.add(optonet)
    CompanyFactory(slug="andere")
    make_posting(a)
    make_posting(CompanyFactory(slug="andere"))
    assert api.get("/api/v1/companies/?network=optonet").json()["count"] == 1
    assert api.get("/api/v1/jobs/?network=optonet").json()["count"] == 1
    assert api.get("/api/v1/jobs/?company=andere").json()["count"] == 1


def test_networks_and_fields_are_seeded(api):
    networks = api.get("/api/v1/networks/").json()
    assert {"optonet", "polymermat", "automotive-thueringen"} <= {n["slug"] for n in networks}
    fields = api.get("/api/v1/fields/").json()
    assert len(fields) == 37
    pflege = next(f for f in fields if f["code"] == "81")
    assert pflege["area"] == "8"
