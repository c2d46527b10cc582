"""Writes around crawled postings whose place a person must pick (PlaceReview): held by the crawl, decided by the
company or the operator, whereupon the posting goes live through jobs.services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs import services as job_services
from jobs.models import JobPosting, Status
from jobs.validation import postal_code_problem
from regions.models import Municipality

from .models import PlaceReview
from .normalize import PlaceQuestion


def place_review_hold(*, job: JobPosting, question: PlaceQuestion) -> PlaceReview:
    """Record (or keep) the question for a held posting. The same address asked again changes nothing, so a rerun
    neither duplicates the review nor undoes a pick; a different address the source now gives is a new question."""
    fields = {
        "address": question.address,
        "address_text": question.text,
        "candidates": question.candidates,
        "postal_code": question.postal_code,
        "street": question.street,
    }
    review, created = PlaceReview.objects.get_or_create(posting=job, defaults=fields)
    if not created and review.address_text != question.text:
        for name, value in fields.items():
            setattr(review, name, value)
        review.municipality, review.decided_by, review.decided_at = None, None, None
        review.save()
    return review


def place_review_drop(*, job: JobPosting) -> None:
    """The source now gives a place the gazetteer settles by itself: no question is left."""
    PlaceReview.objects.filter(posting=job).delete()


def place_review_settle_by_hand(*, review: PlaceReview, job: JobPosting) -> PlaceReview:
    """A held posting its company published after giving it a workplace in the posting form: the first workplace's
    municipality is the pick (so the next crawl does not take the posting down again). Otherwise unchanged."""
    if not review.is_open or job.status != Status.PUBLISHED:
        return review
    first = job.workplaces.select_related("municipality").first()
    if first is None:
        return review
    review.municipality = first.municipality
    review.decided_at = timezone.now()
    review.save(update_fields=["municipality", "decided_at"])
    return review


def place_review_workplace(review: PlaceReview, municipality: Municipality | None = None) -> dict[str, str]:
    """The workplace a pick makes: the municipality, with the given postal code where it belongs to it, and the street.
    The same for the pick and for every rerun that finds the same address (so a rerun changes nothing)."""
    municipality = municipality or review.municipality
    assert municipality is not None
    postal = review.postal_code if not postal_code_problem(municipality, review.postal_code) else ""
    return {"municipality": municipality.ags, "postal_code": postal, "street": review.street}


def place_review_decide(*, review: PlaceReview, municipality_ags: str, by: Any = None) -> PlaceReview:
    """A person picks the municipality: the posting gets it as its workplace and goes live (a draft while its company
    is not approved yet). Refused (naming `municipality`) for an unknown AGS or a review already decided."""
    municipality = Municipality.objects.filter(ags=str(municipality_ags or "").strip()).first()
    if municipality is None:
        raise ValidationError({"municipality": [_("Pick a municipality of the gazetteer.")]})
    if not review.is_open:
        raise ValidationError({"municipality": [_("The place of this posting has already been picked.")]})
    job = review.posting
    status = Status.PUBLISHED if job.company.is_approved else Status.DRAFT
    with transaction.atomic():
        job_services.job_update(
            job=job, data={"workplaces": [place_review_workplace(review, municipality)], "status": status}, by=by
        )
        review.municipality = municipality
        review.decided_by = by if getattr(by, "is_authenticated", False) else None
        review.decided_at = timezone.now()
        review.save(update_fields=["municipality", "decided_by", "decided_at"])
    return review
