import pytest

from tests.factories import make_posting, posting_data

pytestmark = pytest.mark.django_db


def _json(data):
    out = dict(data)
    out["valid_through"] = out["valid_through"].isoformat()
    return out


def test_member_creates_and_public_lists(client_a, api, company_a):
    r = client_a.post("/api/v1/jobs/", _json(posting_data()), format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["company"]["slug"] == "firma-a"
    assert body["workplaces"][0]["municipality"]["name"] == "Nordhausen"
    listing = api.get("/api/v1/jobs/").json()
    assert listing["count"] == 1
    assert listing["results"][0]["id"] == body["id"]


def test_list_filters(api, company_a):
    make_posting(company_a)
    make_posting(company_a, title="Pflegefachkraft", field="81", employment_types=["part_time", "shift"])
    assert api.get("/api/v1/jobs/?field=81").json()["count"] == 1
    assert api.get("/api/v1/jobs/?employment_type=shift").json()["count"] == 1
    assert api.get("/api/v1/jobs/?county=16062").json()["count"] == 2
    assert api.get("/api/v1/jobs/?county=16065").json()["count"] == 0
    r = api.get("/api/v1/jobs/?field=99")
    assert r.status_code == 400 and "field" in r.json()
