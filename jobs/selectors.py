"""Reads of postings: what the public sees, what a user may edit, and counts for the operator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from config.caching import Generation, cached

from .field_suggest import suggest_fields
from .models import JobPosting, OccupationalArea, OccupationalField, Workplace

FIELD_NAMES_CACHE = "jobs:field-names"
# The cache name of occupational_codes(), for readers that fetch it together with other reference data.
OCCUPATIONAL_CODES_CACHE = "jobs:occupational-codes"


@dataclass(frozen=True)
class OccupationalCodes:
    """The KldB 2010 codes the site knows: two-digit fields and one-digit areas."""

    fields: frozenset[str]
    areas: frozenset[str]


def occupational_codes_build() -> OccupationalCodes:
    return OccupationalCodes(
        fields=frozenset(OccupationalField.objects.values_list("code", flat=True)),
        areas=frozenset(OccupationalArea.objects.values_list("code", flat=True)),
    )


def occupational_codes() -> OccupationalCodes:
    """The known KldB codes, cached until the classification changes (jobs.services.occupational_fields_load)."""
    return cached(OCCUPATIONAL_CODES_CACHE, occupational_codes_build, depends_on=(Generation.REFERENCE,))


def field_names() -> dict[str, str]:
    """Code → name of every occupational field, cached like occupational_codes()."""
    return cached(
        FIELD_NAMES_CACHE,
        lambda: dict(OccupationalField.objects.values_list("code", "name")),
        depends_on=(Generation.REFERENCE,),
    )


@dataclass(frozen=True)
class FieldSuggestion:
    code: str
    name: str
    score: float


def field_suggestions(title: str) -> list[FieldSuggestion]:
    """The likeliest occupational fields for a job title, best first (at most three); none when unsure."""
    names = field_names()
    return [FieldSuggestion(s.code, names[s.code], s.score) for s in suggest_fields(title) if s.code in names]


def _with_relations(qs: QuerySet[JobPosting]) -> QuerySet[JobPosting]:
    return qs.select_related("company", "field__area").prefetch_related(
        Prefetch("workplaces", queryset=Workplace.objects.select_related("municipality__county"))
    )


def job_list_public() -> QuerySet[JobPosting]:
    return _with_relations(JobPosting.objects.visible())


def job_list_editable(*, user: Any) -> QuerySet[JobPosting]:
    return _with_relations(JobPosting.objects.of_user(user))


def job_get_readable(*, pk: int, user: Any) -> JobPosting | None:
    """A visible posting, or any posting of the user's own companies (drafts included)."""
    posting = _with_relations(JobPosting.objects.filter(pk=pk)).first()
    if posting is None:
        return None
    if posting.is_visible or JobPosting.objects.of_user(user).filter(pk=pk).exists():
        return posting
    return None


def counts_by_county() -> list[dict[str, Any]]:
    return list(
        JobPosting.objects.visible()
        .values("workplaces__municipality__county__name")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n")
    )


def counts_by_field() -> list[dict[str, Any]]:
    return list(
        JobPosting.objects.visible().values("field__code", "field__name").annotate(n=Count("id")).order_by("-n")
    )


def fields_with_areas() -> QuerySet[OccupationalField]:
    return OccupationalField.objects.select_related("area").order_by("code")
