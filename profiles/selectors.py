"""Reads of seeker profiles: the owner's read shape (API, export) and what an approved company sees of one."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from .models import SeekerProfile, Visibility


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def profile_cv_size(profile: SeekerProfile) -> int | None:
    """The stored CV's size in bytes; None without a CV (or when its file has gone missing)."""
    if not profile.cv:
        return None
    try:
        return int(profile.cv.size)
    except OSError:
        return None


def profile_cv_info(profile: SeekerProfile) -> dict[str, Any] | None:
    """The CV's metadata for its owner: size, when uploaded, where the owner downloads it."""
    size = profile_cv_size(profile)
    if size is None:
        return None
    return {"size": size, "uploaded_at": _iso(profile.cv_uploaded_at), "url": reverse("me-profile-cv")}


def _write_shape(profile: SeekerProfile) -> dict[str, Any]:
    """The stored values in the API's write shape (without `consent`, which is written as a bool, read as its
    version and time)."""
    return {
        "headline": profile.headline,
        "occupations": list(profile.occupations or []),
        "offer_types": list(profile.offer_types or []),
        "employment_types": list(profile.employment_types or []),
        "contract": profile.contract,
        "available_from": _iso(profile.available_from),
        "remote": profile.remote,
        "home_municipality": profile.home_municipality_id,
        "home_postal_code": profile.home_postal_code,
        "commute_km": profile.commute_km,
        "counties": sorted(c.pk for c in profile.counties.all()),
        "about": profile.about,
        "school_qualification": profile.school_qualification,
        "vocational_qualification": profile.vocational_qualification,
        "skills": list(profile.skills or []),
        "languages": list(profile.languages or []),
        "licences": list(profile.licences or []),
        "salary_expectation": profile.salary_expectation,
        "phone": profile.phone,
        "visibility": profile.visibility,
        "blocked_companies": sorted(c.slug for c in profile.blocked_companies.all()),
        "first_name": profile.user.first_name,
        "last_name": profile.user.last_name,
    }


# What a company never sees, whatever the visibility: whom the seeker blocked (it would tell a blocked company).
_NEVER_TO_COMPANIES = ("blocked_companies",)
# What a company sees of a named profile only: who the person is and how to reach them.
_IDENTITY = ("phone",)
# The name comes as one "name" of a named profile.
_NAME_PARTS = ("first_name", "last_name")


def profile_company_view(profile: SeekerProfile) -> dict[str, Any] | None:
    """What an approved company sees of the profile: nothing of a hidden one (None); a pseudonymous one without
    name, e-mail, phone and CV; a named one with them. The one projection the pages, the API's preview and the
    candidate search use; whether this company may see the profile at all (blocked, approved) is the caller's."""
    if profile.visibility not in (Visibility.PSEUDONYMOUS, Visibility.NAMED):
        return None
    view = {"id": str(profile.public_id), **_write_shape(profile)}
    for name in (*_NEVER_TO_COMPANIES, *_NAME_PARTS, "visibility"):
        view.pop(name)
    view["visibility"] = profile.visibility
    view["published_at"] = _iso(profile.published_at)
    view["updated_at"] = _iso(profile.updated_at)
    if profile.visibility == Visibility.NAMED:
        user = profile.user
        view["name"] = user.get_full_name() or user.get_username()
        view["email"] = user.email
        view["has_cv"] = profile_cv_size(profile) is not None
    else:
        for name in _IDENTITY:
            view.pop(name)
    return view


def profile_read(profile: SeekerProfile) -> dict[str, Any]:
    """The owner's view of the profile: the write shape plus id, consent, CV, times and the company preview."""
    return {
        "id": str(profile.public_id),
        **_write_shape(profile),
        "consent": {"version": profile.consent_version or None, "given_at": _iso(profile.consent_at)},
        "cv": profile_cv_info(profile),
        "updated_at": _iso(profile.updated_at),
        "published_at": _iso(profile.published_at),
        "preview": profile_company_view(profile),
    }
