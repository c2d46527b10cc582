"""Reads of the candidate search as an approved company sees it: a search's hits, and one candidate.

The index answers which profiles match; the database says, at read time, which of them the company may still see
(findable, not blocking it, the account active) and, for a named profile only, who the person is. A hit never
carries the profile's primary key or user id: the opaque public id names a candidate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from companies.models import Company
from jobs.models import JobPosting
from search.query import ProfileQuery
from search.results import ProfileHit, SearchResults
from search.selectors import matching_candidates, search_profiles

from .contact_selectors import blocking_annotation, contact_request_company_view, is_reachable, profile_reachable_get
from .models import ContactRequest, ContactStatus, SeekerProfile, Visibility
from .selectors import profile_company_view


def _identity(profile: SeekerProfile) -> dict[str, Any]:
    user = profile.user
    return {"name": user.get_full_name().strip() or user.get_username(), "email": user.email, "phone": profile.phone}


def _fields(occupations: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    seen: dict[str, str] = {}
    for o in occupations:
        code = str(o.get("field") or "")
        if code and code not in seen:
            seen[code] = str(o.get("field_name") or "")
    return [{"code": code, "name": name} for code, name in seen.items()]


def candidate_hits(*, company_id: int, hits: Sequence[ProfileHit]) -> list[dict[str, Any]]:
    """The hits of a search as the company sees them, in their order: the pseudonymous summary of each, and the name
    and contact of a named profile only. A hit whose profile the company may no longer see (hidden, blocking it, or
    its account closed since it was indexed) is left out."""
    if not hits:
        return []
    # One narrow query of plain values by primary key: this runs on every search and matching request. The rule is
    # checked on the rows (is_reachable): filtering on visibility in SQL lets SQLite's planner scan every findable
    # profile by the visibility index instead of looking up these few by primary key.
    rows = {
        row[0]: row
        for row in SeekerProfile.objects.filter(pk__in=[h.id for h in hits])
        .annotate(blocking=blocking_annotation(company_id))
        .values_list(
            "pk",
            "public_id",
            "visibility",
            "phone",
            "school_qualification",
            "vocational_qualification",
            "user__first_name",
            "user__last_name",
            "user__username",
            "user__email",
            "user__is_active",
            "blocking",
        )
        if is_reachable(visibility=row[2], account_active=row[10], blocking=row[11])
    }
    out = []
    for hit in hits:
        row = rows.get(hit.id)
        if row is None:
            continue
        _pk, public_id, visibility, phone, school, vocational, first, last, username, email, _active, _b = row
        identity = None
        if visibility == Visibility.NAMED:
            identity = {"name": f"{first} {last}".strip() or username, "email": email, "phone": phone}
        occupations = [
            {
                "title": o.get("title", ""),
                "field": o.get("field", ""),
                "field_name": o.get("field_name", ""),
                "experience_years": o.get("experience_years", 0),
            }
            for o in hit.occupations
        ]
        out.append(
            {
                "id": str(public_id),
                "headline": hit.headline,
                "occupations": occupations,
                "experience_years": hit.experience_years,
                "qualifications": {
                    "school": school,
                    "vocational": vocational,
                },
                "skills": list(hit.skills),
                "languages": list(hit.languages),
                "licences": list(hit.licences),
                "place": hit.place,
                "distance_km": hit.distance_km,
                "fields": _fields(hit.occupations),
                "offer_types": list(hit.offer_types),
                "employment_types": list(hit.employment_types),
                "available_from": hit.available_from.isoformat() if hit.available_from else None,
                "updated_at": hit.updated_at.isoformat(),
                "visibility": visibility,
                "contact": identity,
            }
        )
    return out


@dataclass(frozen=True)
class CandidatePage:
    """One page of a candidate search or matching as a company sees it: the engine's answer (total, facets) and
    the hits that survived the read-time re-check, as candidate_hits shapes them."""

    results: SearchResults[ProfileHit]
    hits: list[dict[str, Any]]


def candidate_search(*, company: Company, query: ProfileQuery, backend: Any = None) -> CandidatePage:
    """The candidate search of `company` (query.company_id names it, so the engine leaves out who blocks it),
    re-checked against the database at read time: what the API answers and the bench times as one call."""
    results = search_profiles(query, backend=backend)
    return CandidatePage(results=results, hits=candidate_hits(company_id=company.pk, hits=results.hits))


def candidate_matching(
    *, posting: JobPosting, page: int = 1, page_size: int = 20, backend: Any = None
) -> CandidatePage:
    """The candidates matching one posting, as its company sees them (re-checked like candidate_search)."""
    results = matching_candidates(posting=posting, page=page, page_size=page_size, backend=backend)
    return CandidatePage(results=results, hits=candidate_hits(company_id=posting.company_id, hits=results.hits))


def contact_request_latest(*, company: Company, profile: SeekerProfile) -> ContactRequest | None:
    """The company's newest contact request to this candidate (open, accepted, declined or expired), if any."""
    return (
        ContactRequest.objects.filter(company=company, profile=profile)
        .select_related("company", "posting", "profile__user")
        .prefetch_related("profile__blocked_companies")
        .order_by("-created_at", "-id")
        .first()
    )


def candidate_detail(*, company: Company, public_id: Any) -> dict[str, Any] | None:
    """The whole profile `company` may see (profiles.selectors.profile_company_view), with `name`, `email` and
    `phone` filled in only when the profile is named or the candidate accepted this company's request (null
    otherwise), and the state of the company's newest request. None alike for an unknown, hidden or blocking
    profile."""
    profile = profile_reachable_get(company=company, public_id=public_id)
    if profile is None or not profile.user.is_active:
        return None
    view = profile_company_view(profile)
    if view is None:
        return None
    request = contact_request_latest(company=company, profile=profile)
    identity: dict[str, Any] | None = None
    if profile.visibility == Visibility.NAMED:
        identity = _identity(profile)
    elif request is not None and request.status == ContactStatus.ACCEPTED:
        identity = contact_request_company_view(request)["contact"]
    view.update(identity or {"name": None, "email": None, "phone": None})
    view["contact_request"] = (
        None
        if request is None
        else {
            "id": str(request.public_id),
            "status": request.status,
            "created_at": request.created_at.isoformat(),
            "answered_at": request.answered_at.isoformat() if request.answered_at else None,
        }
    )
    return view
