"""The posting's JSON-LD against Google's JobPosting documentation: directApply, baseSalary (MonetaryAmount with a
QuantitativeValue, unitText HOUR/MONTH/YEAR) and employmentType from Google's vocabulary."""

from __future__ import annotations

import pytest

from frontend.jsonld import job_posting_ld
from tests.factories import make_posting

pytestmark = pytest.mark.django_db

# Google's employmentType values.
GOOGLE_EMPLOYMENT_TYPES = {
    "FULL_TIME",
    "PART_TIME",
    "CONTRACTOR",
    "TEMPORARY",
    "INTERN",
    "VOLUNTEER",
    "PER_DIEM",
    "OTHER",
}


def ld(company, **overrides):  # type: ignore[no-untyped-def]
    job = make_posting(company, **overrides)
    return job_posting_ld(job, url="https://x.example/jobs/1/", company_url="https://x.example/companies/a/")


@pytest.mark.parametrize(
    "apply_url,apply_email,direct",
    [
        ("https://example.org/apply", "", True),
        ("", "jobs@example.org", False),  # a mail address is no online application
        ("https://example.org/apply", "jobs@example.org", True),
        ("", "", False),
    ],
)
def test_direct_apply_when_the_page_leads_straight_to_the_application(company_a, apply_url, apply_email, direct):  # type: ignore[no-untyped-def]
    assert ld(company_a, apply_url=apply_url, apply_email=apply_email)["directApply"] is direct


@pytest.mark.parametrize(
    "salary,expected",
    [
        (
            {"salary_min": 14, "salary_max": 16, "salary_period": "hour"},
            {"@type": "QuantitativeValue", "unitText": "HOUR", "minValue": 14.0, "maxValue": 16.0},
        ),
        (
            {"salary_min": 42000, "salary_max": None, "salary_period": "year"},
            {"@type": "QuantitativeValue", "unitText": "YEAR", "value": 42000.0},
        ),
        (
            {"salary_min": None, "salary_max": 3200, "salary_period": "month"},
            {"@type": "QuantitativeValue", "unitText": "MONTH", "value": 3200.0},
        ),
        (
            {"salary_min": 3000, "salary_max": 3000, "salary_period": "month"},
            {"@type": "QuantitativeValue", "unitText": "MONTH", "value": 3000.0},
        ),
    ],
)
def test_base_salary(company_a, salary, expected):  # type: ignore[no-untyped-def]
    data = ld(company_a, **salary)
    assert data["baseSalary"] == {"@type": "MonetaryAmount", "currency": "EUR", "value": expected}


def test_no_base_salary_without_a_figure(company_a):  # type: ignore[no-untyped-def]
    assert "baseSalary" not in ld(company_a, salary_min=None, salary_max=None, salary_period="")


@pytest.mark.parametrize(
    "overrides,expected",
    [
        ({"employment_types": ["full_time"]}, "FULL_TIME"),
        ({"employment_types": ["full_time", "part_time"]}, ["FULL_TIME", "PART_TIME"]),
        ({"employment_types": ["mini_job"]}, "PART_TIME"),
        # Shift work says when, not how one is employed: no OTHER beside the real type.
        ({"employment_types": ["full_time", "shift"]}, "FULL_TIME"),
        ({"employment_types": ["part_time"], "contract": "fixed_term"}, ["PART_TIME", "TEMPORARY"]),
        ({"employment_types": ["full_time"], "offer_type": "internship"}, ["FULL_TIME", "INTERN"]),
        ({"employment_types": [], "offer_type": "self_employment"}, "CONTRACTOR"),
    ],
)
def test_employment_type(company_a, overrides, expected):  # type: ignore[no-untyped-def]
    data = ld(company_a, **overrides)
    assert data["employmentType"] == expected
    values = expected if isinstance(expected, list) else [expected]
    assert set(values) <= GOOGLE_EMPLOYMENT_TYPES


def test_no_employment_type_when_nothing_fits(company_a):  # type: ignore[no-untyped-def]
    assert "employmentType" not in ld(company_a, employment_types=["shift"])
