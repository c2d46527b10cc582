"""The result card's date and working times, and the facet counts, are formatted once per language and reused: each
language still sees its own formats, on /jobs/ and on the home page, whichever language asked first."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import formats, translation

from jobs.models import EmploymentType
from tests.frontend.conftest import soup

pytestmark = pytest.mark.django_db


def expected(job: Any, language: str) -> tuple[str, list[str]]:
    with translation.override(language):
        return (
            formats.date_format(job.date_posted, "SHORT_DATE_FORMAT"),
            [str(EmploymentType(code).label) for code in job.employment_types],
        )


def shown(response: Any) -> tuple[str, list[str]]:
    card = soup(response).select_one("li.card")
    return card.find("time").get_text(), [tag.get_text() for tag in card.select("li.tag")][1:]


@pytest.mark.parametrize("url", ["/jobs/", "/"])
def test_each_language_sees_its_own_date_and_working_times(indexed: Any, company_a: Any, url: str) -> None:
    job = indexed(company_a, title="Pflegefachkraft (m/w/d)", field="81", employment_types=["full_time", "part_time"])
    assert expected(job, "de") != expected(job, "en")  # else this test could not tell the languages apart
    for language in ("de", "en", "de"):
        response = Client(HTTP_ACCEPT_LANGUAGE=language).get(url)
        assert response.status_code == 200
        assert shown(response) == expected(job, language), language


def test_facet_counts_are_shown_as_numbers(indexed: Any, company_a: Any) -> None:
    for _ in range(3):
        indexed(company_a, title="Pflegefachkraft (m/w/d)", field="81")
    for language in ("de", "en"):
        page = soup(Client(HTTP_ACCEPT_LANGUAGE=language).get("/jobs/"))
        label = page.find("label", attrs={"for": "f-field-81"})
        assert label.find(class_="count").get_text() == "(3)"
