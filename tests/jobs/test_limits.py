"""Postings have sensible limits (settings), answered as 400 naming the field by the API, shown with the same
messages by the company-area form, and applied to crawler imports (clamped where sensible, else reported)."""

from __future__ import annotations

import datetime
import time

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from companies.models import Company
from crawlers.models import CrawlSource
from crawlers.normalize import Gazetteer
from crawlers.types import RawPlace, RawPosting, RawSalary
from crawlers.upsert import upsert_postings
from jobs.models import JobPosting
from regions.models import Municipality
from tests.factories import NORDHAUSEN, posting_data
from tests.frontend.conftest import field_error

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def as_json(data):
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def workplaces(n: int) -> list[dict[str, str]]:
    return [{"municipality": NORDHAUSEN, "postal_code": "99734", "street": f"Weg {i}"} for i in range(n)]


def joined(company: Company, days_ago: int) -> None:
    Company.objects.filter(pk=company.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
    company.refresh_from_db()


ZWSP = "\u200b"
BAD = [
    ("too many workplaces", {"workplaces": workplaces(settings.JOBS_MAX_WORKPLACES + 1)}, "workplaces"),
    ("description too long", {"description": "x" * (settings.JOBS_DESCRIPTION_MAX_CHARS + 1)}, "description"),
    ("date posted tomorrow", {"date_posted": TODAY + DAY}, "date_posted"),
    ("date posted in 2099", {"date_posted": datetime.date(2099, 1, 1)}, "date_posted"),
    ("date posted in year 1", {"date_posted": datetime.date(1, 1, 1)}, "date_posted"),
    (
        "date posted over the carry-over age before the company joined",
        {"date_posted": TODAY - (settings.JOBS_DATE_POSTED_MAX_AGE_DAYS + 1) * DAY},
        "date_posted",
    ),
    (
        "valid-through beyond the maximum",
        {"valid_through": TODAY + (settings.JOBS_VALID_THROUGH_MAX_DAYS + 1) * DAY},
        "valid_through",
    ),
    ("valid-through 9999-12-31", {"valid_through": datetime.date(9999, 12, 31)}, "valid_through"),
    ("currency of umlauts", {"salary_currency": "ÄÖÜ"}, "salary_currency"),
    ("currency not in ISO 4217", {"salary_currency": "XYZ"}, "salary_currency"),
    ("title of zero-width spaces", {"title": ZWSP * 5}, "title"),
    ("title of control characters and spaces", {"title": "\x01 \x02 \u2060"}, "title"),
    ("title with a bidi override", {"title": "Koch \u202egnuthcA"}, "title"),
    ("title with a bidi isolate", {"title": "Koch \u2067x\u2069"}, "title"),
    ("street too long", {"workplaces": [{"municipality": NORDHAUSEN, "street": "S" * 201}]}, "workplaces"),
    ("apply URL too long", {"apply_url": "https://example.org/" + "a" * 500}, "apply_url"),
    ("salary beyond the column", {"salary_min": 10**8, "salary_max": 10**8}, "salary_min"),
]


@pytest.mark.parametrize(("case", "override", "field"), BAD, ids=[c[0] for c in BAD])
def test_limit_is_400_naming_the_field(client_a, company_a, case, override, field):
    client_a.raise_request_exception = False
    r = client_a.post("/api/v1/jobs/", as_json(posting_data(**override)), format="json")
    assert r.status_code == 400, r.content[:500]
    assert field in r.json(), r.json()
    assert JobPosting.objects.count() == 0


def test_20000_workplaces_are_refused_quickly(client_a, company_a):
    payload = as_json(posting_data(workplaces=workplaces(20_000)))
    started = time.perf_counter()
    r = client_a.post("/api/v1/jobs/", payload, format="json")
    elapsed = time.perf_counter() - started
    assert r.status_code == 400
    assert "workplaces" in r.json()
    assert elapsed < 1.5, elapsed


GOOD = [
    ("as many workplaces as allowed", {"workplaces": workplaces(settings.JOBS_MAX_WORKPLACES)}),
    ("description at the limit", {"description": "x" * settings.JOBS_DESCRIPTION_MAX_CHARS}),
    ("date posted today", {"date_posted": TODAY}),
    ("carried-over posting", {"date_posted": TODAY - settings.JOBS_DATE_POSTED_MAX_AGE_DAYS * DAY}),
    ("valid-through at the maximum", {"valid_through": TODAY + settings.JOBS_VALID_THROUGH_MAX_DAYS * DAY}),
    ("lower-case currency", {"salary_currency": "chf"}),
    ("emoji and joiners in a title", {"title": "Koch\u200d (m/w/d) 👩\u200d🍳"}),
]


@pytest.mark.parametrize(("case", "override"), GOOD, ids=[c[0] for c in GOOD])
def test_within_the_limits_is_accepted(client_a, company_a, case, override):
    r = client_a.post("/api/v1/jobs/", as_json(posting_data(**override)), format="json")
    assert r.status_code == 201, r.content[:500]


def test_title_loses_edge_zero_width_spaces(client_a, company_a):
    r = client_a.post("/api/v1/jobs/", as_json(posting_data(title=f"{ZWSP}Koch{ZWSP} (m/w/d)\ufeff")), format="json")
    assert r.status_code == 201, r.content
    assert JobPosting.objects.get().title == f"Koch{ZWSP} (m/w/d)"


def test_date_posted_not_before_the_company_joined(client_a, company_a):
    joined(company_a, days_ago=3 * 365)
    r = client_a.post(
        "/api/v1/jobs/", as_json(posting_data(date_posted=TODAY - 2 * 365 * DAY)), format="json"
    )  # joined before: fine
    assert r.status_code == 201, r.content
    r = client_a.post("/api/v1/jobs/", as_json(posting_data(date_posted=TODAY - 4 * 365 * DAY)), format="json")
    assert r.status_code == 400 and "date_posted" in r.json()


# --- The company-area form shows the API's messages ---------------------------------------------------------------


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Mechatroniker (m/w/d)",
        "description": "Wir suchen Verstärkung.",
        "workplace_count": "1",
        "wp1_place": "Nordhausen",
        "wp1_postal_code": "99734",
        "wp1_street": "Hauptstraße 1",
        "remote": "none",
        "field": "26",
        "offer_type": "job",
        "contract": "permanent",
        "salary_period": "",
        "apply_url": "",
        "apply_email": "",
        "valid_through": "",
        "status": "published",
    }
    data.update(overrides)
    return data


FORM_CASES = [
    ("title", "id_title", {"title": "Koch \u202egnuthcA"}),
    ("title", "id_title", {"title": ZWSP * 3}),
    ("title", "id_title", {"title": "T" * 201}),
    ("valid_through", "id_valid_through", {"valid_through": (TODAY + 400 * DAY).isoformat()}),
    ("description", "id_description", {"description": "x" * (settings.JOBS_DESCRIPTION_MAX_CHARS + 1)}),
    ("apply_url", "id_apply_url", {"apply_url": "https://example.org/" + "a" * 500}),
]


@pytest.mark.parametrize(("name", "field_id", "override"), FORM_CASES)
def test_company_area_form_shows_the_api_message(member_a, client_a, company_a, name, field_id, override):
    browser = Client(HTTP_ACCEPT_LANGUAGE="de")
    browser.force_login(member_a)
    response = browser.post("/company-area/firma-a/jobs/new/", form_data(**override))
    assert response.status_code == 200
    shown = field_error(response, field_id)
    api_override = {name: override[name]}
    r = client_a.post("/api/v1/jobs/", as_json(posting_data(**api_override)), format="json", HTTP_ACCEPT_LANGUAGE="de")
    assert r.status_code == 400
    assert r.json()[name][0] in shown
    assert JobPosting.objects.count() == 0


# --- Crawler imports: clamped where sensible, else reported per posting -------------------------------------------


def raw(ident: str, **kw) -> RawPosting:  # type: ignore[no-untyped-def]
    base = {
        "title": "Maurer (m/w/d)",
        "url": f"https://firma-a.example/jobs/{ident}",
        "external_id": ident,
        "description": "<p>Maurer gesucht.</p>",
        "places": [RawPlace(postal_code="99734", locality="Nordhausen")],
    }
    base.update(kw)
    return RawPosting(**base)


def distinct_place_codes(n: int) -> list[str]:
    """Postal codes the gazetteer resolves to n different municipalities (codes that serve one municipality only:
    a shared one is settled by a locality, which these places do not give)."""
    gazetteer = Gazetteer()
    codes: dict[str, str] = {}
    for municipality in Municipality.objects.all():
        for code in municipality.postal_code_list[:1]:
            found = gazetteer.by_postal_code(code)
            if len(found) == 1 and found[0] not in codes:
                codes[found[0]] = code
        if len(codes) == n:
            break
    assert len(codes) == n
    return list(codes.values())


def test_crawled_postings_are_clamped_or_reported_without_stopping_the_run(company_a):
    joined(company_a, days_ago=10)
    source = CrawlSource.objects.create(company=company_a, url="https://firma-a.example/jobs")
    many_places = [RawPlace(postal_code=code) for code in distinct_place_codes(settings.JOBS_MAX_WORKPLACES + 20)]
    postings = [
        raw("far-future", valid_through="9999-12-31", date_posted="2099-01-01"),
        raw("ancient", date_posted="0001-01-01"),
        raw("everywhere", places=many_places),
        raw("odd-money", salary=RawSalary(min=3000, max=3500, currency="XYZ", unit="MONTH")),
        raw("control", title="Maurer\x01 (m/w/d)"),
        raw("huge", description="<p>" + "x" * (settings.JOBS_DESCRIPTION_MAX_CHARS + 10) + "</p>"),
        raw("fine"),
    ]
    result = upsert_postings(source=source, postings=postings, today=TODAY)
    assert result.new == 6, result.errors
    assert [e["url"] for e in result.errors] == ["https://firma-a.example/jobs/huge"]
    assert "description" in result.errors[0]["reason"]
    jobs = {j.external_id: j for j in JobPosting.objects.filter(company=company_a)}
    assert jobs["far-future"].valid_through == TODAY + settings.JOBS_VALID_THROUGH_MAX_DAYS * DAY
    assert jobs["far-future"].date_posted == TODAY
    assert jobs["ancient"].date_posted == TODAY - settings.JOBS_DATE_POSTED_MAX_AGE_DAYS * DAY
    assert jobs["everywhere"].workplaces.count() == settings.JOBS_MAX_WORKPLACES
    assert jobs["odd-money"].salary_min is None and jobs["odd-money"].salary_currency == "EUR"
    assert jobs["control"].title == "Maurer (m/w/d)"
