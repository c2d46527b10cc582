"""The result card (frontend/jobs/_card.html) as one small view-model, whether the posting comes from the search
index (a Hit on /jobs/) or from the database (home, similar postings, company page): every page's card shows the
same things in the same markup."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from jobs.models import EmploymentType, JobPosting
from search.results import Hit

from .templatetags.frontend import job_url

# Lazy labels: each card is rendered in the request's language.
_EMPLOYMENT_TYPE_LABELS: dict[str, Any] = dict(EmploymentType.choices)


def _tags(field_name: str | None, employment_types: Iterable[str]) -> tuple[Any, ...]:
    """The occupational field, then the working times (an unknown code as it is)."""
    working_times = tuple(_EMPLOYMENT_TYPE_LABELS.get(code, code) for code in employment_types)
    return (field_name, *working_times) if field_name else working_times


@dataclass(frozen=True)
class PostingCard:
    url: str
    title: str
    company: str
    places: str
    date_posted: datetime.date
    tags: tuple[Any, ...] = ()
    distance_km: int | None = None
    # Search words marked in a part of the text; empty outside a text search.
    snippet: SafeString | str = ""

    @classmethod
    def from_hit(cls, hit: Hit) -> PostingCard:
        return cls(
            url=job_url(hit.id, hit.title),
            title=hit.title,
            company=str(hit.company.get("name", "")),
            places=", ".join(str(p.get("name", "")) for p in hit.places),
            date_posted=hit.date_posted,
            tags=_tags(hit.field["name"] if hit.field else None, hit.employment_types),
            distance_km=None if hit.distance_km is None else round(hit.distance_km),
            # The search returns the snippet escaped, with <mark> around the matches.
            snippet=mark_safe(hit.snippet) if hit.snippet else "",  # noqa: S308
        )

    @classmethod
    def from_posting(cls, job: JobPosting) -> PostingCard:
        """From a posting with its company, field and workplaces loaded (jobs.selectors does)."""
        return cls(
            url=job_url(job.pk, job.title),
            title=job.title,
            company=job.company.name,
            places=", ".join(w.municipality.name for w in job.workplaces.all()),
            date_posted=job.date_posted,
            tags=_tags(job.field.name if job.field else None, job.employment_types),
        )


def cards_from_postings(postings: Iterable[JobPosting]) -> list[PostingCard]:
    return [PostingCard.from_posting(job) for job in postings]
