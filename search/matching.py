"""Matching, both ways: which candidates fit a posting, which postings fit a seeker — one rule table.

Each rule pairs what a posting says with what a profile says about the same thing; both directions build their
search question from the same table, so a posting finds a candidate exactly when that candidate's profile would
find the posting (within what each kind of search can express, see below). The search layer answers them on either
backend: no loop over profiles or postings here.

The rules (posting ↔ profile):
- occupation: the posting's occupational field ↔ a wanted occupation's field (a filter); title words rank, both
  ways (the posting's title words in the profiles' headline and occupations; the occupations' words in the
  postings' titles); without a field the title is the text searched;
- offer type ↔ the offer types wanted (a filter, when the profile names any);
- employment types ↔ those wanted (a filter: any in common);
- place: a workplace lies within the candidate's reach (commuting distance from home, or a county named) and
  the home within MATCHING_RADIUS_KM of it (any of the posting's workplaces);
- availability: the candidate is available by the posting's start (or at once); a posting without a start asks
  none, and a candidate available only from a later day fits the postings starting then or later.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from jobs.models import JobPosting
from profiles.models import SeekerProfile

from .query import MAX_RADIUS_KM, GeoPoint, ProfileQuery, SearchQuery

# How far from a workplace candidates are looked for at most, whatever their own commuting distance (the setting
# MATCHING_RADIUS_KM overrides it).
MATCHING_RADIUS_KM = 50
# A posting's workplaces that matching looks around at most (each costs the engine a distance pass).
MATCHING_MAX_PLACES = 10


def matching_radius_km() -> float:
    return float(getattr(settings, "MATCHING_RADIUS_KM", None) or MATCHING_RADIUS_KM)


@dataclass(frozen=True)
class Rule:
    """One dimension of a match: how it narrows the profiles for a posting, and the postings for a profile."""

    name: str
    for_posting: Callable[[JobPosting, dict[str, Any]], dict[str, Any]]  # ProfileQuery fields
    for_profile: Callable[[SeekerProfile, dict[str, Any]], dict[str, Any]]  # SearchQuery fields


def _profile_fields(profile: SeekerProfile) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(str(o.get("field")) for o in profile.occupations or () if isinstance(o, dict) and o.get("field"))
    )


def _occupation_for_posting(posting: JobPosting, ctx: dict[str, Any]) -> dict[str, Any]:
    if posting.field_id:
        return {"field": (str(posting.field_id),), "boost": posting.title}
    return {"q": posting.title}


def _occupation_for_profile(profile: SeekerProfile, ctx: dict[str, Any]) -> dict[str, Any]:
    fields = _profile_fields(profile)
    titles = [t for t in profile.occupation_titles() if t.strip()]
    if fields:
        return {"field": fields, "boost": " ".join(titles)}
    return {"q": titles[0]} if titles else {}


def _offer_for_posting(posting: JobPosting, ctx: dict[str, Any]) -> dict[str, Any]:
    return {"offer_type": (posting.offer_type,)} if posting.offer_type else {}


def _offer_for_profile(profile: SeekerProfile, ctx: dict[str, Any]) -> dict[str, Any]:
    return {"offer_type": tuple(profile.offer_types)} if profile.offer_types else {}


def _employment_for_posting(posting: JobPosting, ctx: dict[str, Any]) -> dict[str, Any]:
    return {"employment_type": tuple(posting.employment_types)} if posting.employment_types else {}


def _employment_for_profile(profile: SeekerProfile, ctx: dict[str, Any]) -> dict[str, Any]:
    return {"employment_type": tuple(profile.employment_types)} if profile.employment_types else {}


def _place_for_posting(posting: JobPosting, ctx: dict[str, Any]) -> dict[str, Any]:
    # Every workplace counts (up to MATCHING_MAX_PLACES, in the posting's order): a candidate within reach of any.
    places = []
    for workplace in posting.workplaces.select_related("municipality").order_by("pk"):
        m = workplace.municipality
        place = GeoPoint(m.lat, m.lon, m.name, m.county_id)
        if place not in places:
            places.append(place)
        if len(places) == MATCHING_MAX_PLACES:
            break
    if not places:
        return {}
    return {"point": places[0], "more_points": tuple(places[1:]), "radius_km": matching_radius_km()}


def _place_for_profile(profile: SeekerProfile, ctx: dict[str, Any]) -> dict[str, Any]:
    # The job search has one place and radius: the home with the commuting distance (within the matching radius).
    # A profile without a home place but with named counties looks in those counties.
    home = profile.home_municipality
    if home is not None:
        radius = min(float(profile.commute_km), matching_radius_km(), MAX_RADIUS_KM)
        return {"point": GeoPoint(home.lat, home.lon, home.name, home.county_id), "radius_km": radius}
    counties = tuple(profile.counties.values_list("ags", flat=True))
    return {"county": counties} if counties else {}


def _availability_for_posting(posting: JobPosting, ctx: dict[str, Any]) -> dict[str, Any]:
    today = ctx["today"]
    return {"available_by": max(posting.starts_on, today)} if posting.starts_on else {}


def _availability_for_profile(profile: SeekerProfile, ctx: dict[str, Any]) -> dict[str, Any]:
    # The mirror of the posting's rule: someone available from a later day fits the postings that start then or
    # later (or name no start, as a posting without one asks no availability of its candidates).
    available = profile.available_from
    return {"starts_from": available} if available and available > ctx["today"] else {}


# The posting's own columns the rules read (its workplaces come by a query of their own): what a caller that loads a
# posting only to match it needs (the matching-candidates endpoint loads just these).
POSTING_FIELDS = ("title", "field", "offer_type", "employment_types", "starts_on")

RULES: tuple[Rule, ...] = (
    Rule("occupation", _occupation_for_posting, _occupation_for_profile),
    Rule("offer_type", _offer_for_posting, _offer_for_profile),
    Rule("employment_type", _employment_for_posting, _employment_for_profile),
    Rule("place", _place_for_posting, _place_for_profile),
    Rule("availability", _availability_for_posting, _availability_for_profile),
)


def candidate_query_for_posting(
    posting: JobPosting, *, company_id: int | None, page: int = 1, page_size: int = 20
) -> ProfileQuery:
    """The profiles that fit a posting, best first; never one that blocked `company_id`."""
    ctx = {"today": timezone.localdate()}
    fields: dict[str, Any] = {}
    for rule in RULES:
        fields.update(rule.for_posting(posting, ctx))
    return ProfileQuery(**fields, company_id=company_id, page=page, page_size=page_size, facets=False)


def job_query_for_profile(profile: SeekerProfile, *, page: int = 1, page_size: int = 20) -> SearchQuery | None:
    """The postings that fit a profile, best first (its occupation titles rank); None when the profile says nothing
    to match by (no occupation)."""
    ctx = {"today": timezone.localdate()}
    fields: dict[str, Any] = {}
    for rule in RULES:
        fields.update(rule.for_profile(profile, ctx))
    if not fields.get("field") and not fields.get("q"):
        return None
    return dataclasses.replace(SearchQuery(**fields), page=page, page_size=page_size, facets=False)
