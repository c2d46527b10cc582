"""Reads of the crawl's review list: crawled postings whose place a person must pick."""

from __future__ import annotations

from typing import Any

from companies.models import Company
from jobs.models import Status
from regions.models import Municipality

from .models import PlaceReview


def place_reviews_open(*, company: Company | None = None, limit: int = 200) -> list[PlaceReview]:
    """The open questions, oldest first: of one company (its area), or all of them (the operator), each with the
    municipalities it may be (`candidate_places`) for the picker."""
    # A held posting its company placed and published by hand no longer waits (the next crawl records the pick).
    reviews = PlaceReview.objects.open().filter(posting__status=Status.DRAFT).select_related("posting__company")
    if company is not None:
        reviews = reviews.filter(posting__company=company)
    return _with_candidates(list(reviews[:limit]))


def _with_candidates(reviews: list[PlaceReview]) -> list[PlaceReview]:
    codes = {ags for r in reviews for ags in r.candidates}
    places = Municipality.objects.select_related("county").in_bulk(codes) if codes else {}
    for review in reviews:
        review.candidate_places = [places[a] for a in review.candidates if a in places]  # type: ignore[attr-defined]
    return reviews


def place_review_for(*, pk: int, companies: Any = None) -> PlaceReview | None:
    """One open review; only among `companies` (a queryset) when given (a company user's own)."""
    # Held drafts only, as the lists show them: a posting closed meanwhile is not published by a pick.
    reviews = PlaceReview.objects.open().filter(posting__status=Status.DRAFT).select_related("posting__company")
    if companies is not None:
        reviews = reviews.filter(posting__company__in=companies)
    return next(iter(_with_candidates(list(reviews.filter(pk=pk)))), None)
