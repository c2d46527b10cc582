"""The result card (frontend/jobs/_card.html) as one small view-model, whether the posting comes from the search
index (a Hit on /jobs/) or from the database (home, similar postings, company page): every page's card shows the
same things in the same markup."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from jobs.models import JobPosting
from search.results import Hit

from .templatetags.frontend import job_slug, posting_href


@dataclass(frozen=True)
class PostingCard:
    id: int
    slug: str
    title: str
    company: str
    places: str
    date_posted: datetime.date
    field: str | None = None  # the occupational field's name
    employment_types: tuple[str, ...] = ()  # codes; the template shows their names in the page's language
    distance_km: int | None = None
    # The start of the text, with the search words marked in a text search.
    snippet: SafeString | str = ""
    starts_on: datetime.date | None = None  # when the work begins (apprenticeships above all)
    # The salary as posted, shown by the `salary` template filter (frontend.templatetags.frontend.salary_text).
    salary_min: float | None = None
    salary_max: float | None = None
    salary_currency: str = "EUR"
    salary_period: str = ""

    # Reversed only when the card is rendered (never for a card inside a cached fragment), and here rather than by
    # {% url %} in the card template, whose argument resolution made up a large part of a freshly rendered card.
    @functools.cached_property
    def href(self) -> str:
        return posting_href(self.id, self.slug)

    @functools.cached_property
    def save_href(self) -> str:
        return reverse("frontend:saved_job_toggle", args=[self.id])

    @functools.cached_property
    def login_to_save_href(self) -> str:
        # After logging in, straight on to the save form of this posting.
        return f"{settings.LOGIN_URL}?{urlencode({'next': self.save_href})}"

    @classmethod
    def from_hit(cls, hit: Hit) -> PostingCard:
        return cls(
            id=hit.id,
            slug=job_slug(hit.title),
            title=hit.title,
            company=str(hit.company.get("name", "")),
            places=", ".join(str(p.get("name", "")) for p in hit.places),
            date_posted=hit.date_posted,
            field=hit.field["name"] if hit.field else None,
            employment_types=tuple(hit.employment_types),
            distance_km=None if hit.distance_km is None else round(hit.distance_km),
            # The search returns the snippet escaped, with <mark> around the matches.
            snippet=mark_safe(hit.snippet) if hit.snippet else "",  # noqa: S308
            starts_on=hit.starts_on,
            **_salary_of_hit(hit.salary),
        )

    @classmethod
    def from_posting(cls, job: JobPosting) -> PostingCard:
        """From a posting with its company, field and workplaces loaded (jobs.selectors does)."""
        return cls(
            id=job.pk,
            slug=job_slug(job.title),
            title=job.title,
            company=job.company.name,
            places=", ".join(w.municipality.name for w in job.workplaces.all()),
            date_posted=job.date_posted,
            field=job.field.name if job.field else None,
            employment_types=tuple(job.employment_types),
            starts_on=job.starts_on,
            salary_min=None if job.salary_min is None else float(job.salary_min),
            salary_max=None if job.salary_max is None else float(job.salary_max),
            salary_currency=job.salary_currency or "EUR",
            salary_period=job.salary_period or "",
        )


def _salary_of_hit(salary: dict[str, Any] | None) -> dict[str, Any]:
    if not salary:
        return {}
    return {
        "salary_min": salary.get("min"),
        "salary_max": salary.get("max"),
        "salary_currency": salary.get("currency") or "EUR",
        "salary_period": salary.get("period") or "",
    }


def cards_from_postings(postings: Iterable[JobPosting]) -> list[PostingCard]:
    return [PostingCard.from_posting(job) for job in postings]
