"""Bad input answers 400 with a message per field, never 500, and changes nothing."""

import datetime

import pytest
from django.utils import timezone

from jobs.models import JobPosting
from tests.factories import make_posting, posting_data

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def as_json(data):
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


BAD_CREATES = [
    ("missing title", {"title": None}, "title"),
    ("empty title", {"title": "  "}, "title"),
    ("title over 200 characters", {"title": "A" * 201}, "title"),
    ("unknown field code", {"field": "99"}, "field"),
    ("unknown municipality", {"workplaces": [{"municipality": "99999999"}]}, "workplaces"),
    ("no workplace, not remote", {"workplaces": [], "remote": "hybrid"}, "workplaces"),
    ("valid-through in the past", {"valid_through": TODAY - datetime.timedelta(days=1)}, "valid_through"),
    (
        "valid-through before date posted",
        {"date_posted": TODAY + datetime.timedelta(days=10), "valid_through": TODAY + datetime.timedelta(days=5)},
        "valid_through",
    ),
    ("salary min above max", {"salary_min": 4000, "salary_max": 3000}, "salary_min"),
    ("javascript: apply URL", {"apply_url": "javascript:alert(1)"}, "apply_url"),
    ("ftp apply URL", {"apply_url": "ftp://example.org/x"}, "apply_url"),
    ("bad apply e-mail", {"apply_email": "not-an-address"}, "apply_email"),
    ("unknown remote", {"remote": "sometimes"}, "remote"),
    ("unknown employment type", {"employment_types": ["freelance"]}, "employment_types"),
    ("unknown offer type", {"offer_type": "gig"}, "offer_type"),
    ("unknown contract", {"contract": "forever"}, "contract"),
    ("unknown salary period", {"salary_period": "week"}, "salary_period"),
    ("status closed on create", {"status": "closed"}, "status"),
    ("bad postal code", {"workplaces": [{"municipality": "16062041", "postal_code": "9973"}]}, "workplaces"),
    ("negative salary", {"salary_min": -5, "salary_max": None}, "salary_min"),
    ("date not a date", {"valid_through": "31.01.2027"}, "valid_through"),
]


@pytest.mark.parametrize(("case", "override", "field"), BAD_CREATES, ids=[c[0] for c in BAD_CREATES])
def test_bad_create_is_400_naming_the_field(client_a, company_a, case, override, field):
    payload = as_json(posting_data(**override))
    if override.get("title", "") is None:
        payload.pop("title")
    r = client_a.post("/api/v1/jobs/", payload, format="json")
    assert r.status_code == 400, r.content
    assert field in r.json(), r.json()
    assert r.json()[field] and all(isinstance(m, str) for m in r.json()[field])
    assert JobPosting.objects.count() == 0


@pytest.mark.parametrize(("case", "override", "field"), BAD_CREATES[2:12], ids=[c[0] for c in BAD_CREATES[2:12]])
def test_bad_patch_changes_nothing(client_a, company_a, case, override, field):
    job = make_posting(company_a)
    before = JobPosting.objects.filter(pk=job.pk).values().get()
    workplaces_before = list(job.workplaces.values_list("municipality_id", "postal_code"))
    r = client_a.patch(f"/api/v1/jobs/{job.pk}/", as_json(override), format="json")
    assert r.status_code == 400, r.content
    assert field in r.json()
    assert JobPosting.objects.filter(pk=job.pk).values().get() == before
    assert list(job.workplaces.values_list("municipality_id", "postal_code")) == workplaces_before


def test_malformed_json_is_400(client_a, company_a):
    r = client_a.post("/api/v1/jobs/", data='{"title": "x",', content_type="application/json")
    assert r.status_code == 400
    assert "detail" in r.json()
    r = client_a.post("/api/v1/jobs/", data="[1, 2]", content_type="application/json")
    assert r.status_code == 400
    assert JobPosting.objects.count() == 0


def test_script_in_description_is_stripped(client_a, company_a):
    payload = as_json(
        posting_data(
            description='<h1>Wir</h1><p onclick="x()">Hallo<script>alert("x")</script></p>'
            '<a href="javascript:evil()">klick</a><img src=x onerror=alert(1)><ul><li><em>gut</em></li></ul>'
        )
    )
    r = client_a.post("/api/v1/jobs/", payload, format="json")
    assert r.status_code == 201
    stored = JobPosting.objects.get().description
    assert "script" not in stored and "alert" not in stored and "onclick" not in stored
    assert "javascript" not in stored and "<img" not in stored
    assert "<h2>Wir</h2>" in stored and "<li><em>gut</em></li>" in stored and "Hallo" in stored


def test_minimal_posting_gets_sensible_defaults(client_a, company_a):
    r = client_a.post(
        "/api/v1/jobs/", {"title": "Koch (m/w/d)", "workplaces": [{"municipality": "16062041"}]}, format="json"
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["status"], body["remote"], body["offer_type"], body["contract"]) == (
        "draft",
        "none",
        "job",
        "permanent",
    )
    assert body["expires_on"]


def test_fully_remote_needs_no_workplace(client_a, company_a):
    r = client_a.post("/api/v1/jobs/", as_json(posting_data(workplaces=[], remote="full")), format="json")
    assert r.status_code == 201, r.content


@pytest.mark.parametrize(
    "query",
    [
        "field=99",
        "area=X",
        "employment_type=freelance",
        "offer_type=gig",
        "contract=forever",
        "remote=sometimes",
        "county=99999",
        "municipality=123",
        "company=no-such-company",
        "network=no-such-network",
        "posted_since=yesterday",
        "ordering=password",
        "page=abc",
        "page_size=abc",
        "page_size=0",
        "page_size=-1",
        "page_size=101",
        "page_size=1000000",
    ],
)
def test_unknown_query_values_are_400(api, company_a, query):
    make_posting(company_a)
    r = api.get(f"/api/v1/jobs/?{query}")
    assert r.status_code in (400, 404), r.content
    name = query.split("=")[0]
    if r.status_code == 400:
        assert name in r.json()


@pytest.mark.parametrize("size", ["1", "100", ""])
def test_a_page_size_from_1_to_100_or_none_is_taken(api, company_a, size):
    make_posting(company_a)
    r = api.get(f"/api/v1/jobs/?page_size={size}")
    assert r.status_code == 200 and len(r.json()["results"]) == 1


def test_a_bad_page_size_is_named_with_its_range(api, company_a):
    r = api.get("/api/v1/jobs/?page_size=1000000", HTTP_ACCEPT_LANGUAGE="en")
    assert r.json() == {"page_size": ["The page size must be between 1 and 100."]}


def test_page_out_of_range_is_404_not_500(api, company_a):
    make_posting(company_a)
    assert api.get("/api/v1/jobs/?page=99").status_code == 404
