import pytest

from companies.models import Company
from jobs.models import JobPosting
from tests.factories import CompanyFactory, make_posting

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, operator):
    client.force_login(operator)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/jobs/jobposting/",
        "/admin/jobs/jobposting/?q=Zerspanung&status__exact=published",
        "/admin/companies/company/?status__exact=pending",
        "/admin/regions/municipality/?q=nordhausen",
        "/admin/regions/region/",
        "/admin/companies/network/",
    ],
)
def test_operator_pages_open(admin_client, url):
    make_posting()
    assert admin_client.get(url).status_code == 200


def test_changelist_shows_counts_per_county_and_field(admin_client):
    make_posting()
    html = admin_client.get("/admin/jobs/jobposting/").content.decode()
    assert "Landkreis Nordhausen" in html and "Metallerzeugung" in html


def test_operator_approves_and_suspends_companies(admin_client):
    company = CompanyFactory(status="pending")
    r = admin_client.post(
        "/admin/companies/company/", {"action": "approve", "_selected_action": [company.pk]}, follow=True
    )
    assert r.status_code == 200
    company.refresh_from_db()
    assert company.status == Company.Status.APPROVED
    admin_client.post("/admin/companies/company/", {"action": "suspend", "_selected_action": [company.pk]})
    company.refresh_from_db()
    assert company.status == Company.Status.SUSPENDED


def test_operator_rejects_postings_with_a_reason(admin_client):
    job = make_posting()
    url = "/admin/jobs/jobposting/"
    r = admin_client.post(url, {"action": "reject", "_selected_action": [job.pk]})
    assert r.status_code == 200 and "reason" in r.content.decode().lower()
    job.refresh_from_db()
    assert job.status == "published"
    admin_client.post(url, {"action": "reject", "_selected_action": [job.pk], "apply": "1", "reason": "Doppelt"})
    job.refresh_from_db()
    assert job.status == "rejected" and job.rejection_reason == "Doppelt"
    assert not JobPosting.objects.visible().exists()


def test_company_user_cannot_enter_admin(client, member_a):
    client.force_login(member_a)
    assert client.get("/admin/").status_code == 302


def test_status_changed_in_the_company_form_goes_through_the_service(admin_client):
    company = CompanyFactory(status="approved")
    make_posting(company)
    data = {
        "name": company.name,
        "slug": company.slug,
        "municipality": company.municipality_id,
        "status": "suspended",
        "website": company.website,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    r = admin_client.post(f"/admin/companies/company/{company.pk}/change/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    company.refresh_from_db()
    assert company.status == "suspended"
    assert not JobPosting.objects.visible().exists()
