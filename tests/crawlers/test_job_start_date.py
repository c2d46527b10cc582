"""schema.org jobStartDate: read from a career page's JSON-LD and stored as the posting's start date."""

from __future__ import annotations

import datetime

import pytest

from crawlers.extract.jsonld import extract_html
from crawlers.normalize import normalize
from jobs.validation import posting_fit_limits

PAGE = "https://karriere.example/jobs"
NORDHAUSEN = "16062041"


def _page(start: str) -> str:
    return (
        '<html><script type="application/ld+json">{"@context": "https://schema.org", "@type": "JobPosting", '
        f'"title": "Ausbildung Mechatroniker (m/w/d)", "jobStartDate": "{start}"}}</script></html>'
    )


def test_job_start_date_is_extracted() -> None:
    (p,), errors = extract_html(_page("2027-08-01"), PAGE)
    assert errors == []
    assert p.starts_on == "2027-08-01"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2027-08-01", datetime.date(2027, 8, 1)),
        ("2027-09-01T00:00:00+02:00", datetime.date(2027, 9, 1)),
        ("01.08.2027", datetime.date(2027, 8, 1)),
        ("ab sofort", None),  # text, no date
    ],
)
def test_job_start_date_is_normalized(start: str, expected: datetime.date | None) -> None:
    (p,), _ = extract_html(_page(start), PAGE)
    data = normalize(p, fallback_ags=NORDHAUSEN, today=datetime.date(2026, 11, 1))
    assert data["starts_on"] == expected


def test_a_start_long_past_is_dropped_when_fitting() -> None:
    fitted = posting_fit_limits({"starts_on": datetime.date(1999, 8, 1), "workplaces": []})
    assert fitted["starts_on"] is None
