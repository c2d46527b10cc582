"""Reads of contact requests: who may ask whom, and what each side sees of a request.

A company sees a candidate's identity only through a request the candidate accepted; before that, the
pseudonymous summary (and nothing of a profile that is hidden now or blocks the company).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from companies.models import Company

from .models import FINDABLE, ContactRequest, ContactStatus, SeekerProfile
from .selectors import profile_company_view


def contact_companies_of(*, user: Any) -> QuerySet[Company]:
    """The approved companies `user` is a member of: those they may ask candidates for (staff are no exception)."""
    if not getattr(user, "is_authenticated", False):
        return Company.objects.none()
    return Company.objects.approved().filter(memberships__user=user).order_by("slug")


def profiles_reachable_by(*, company: Company) -> QuerySet[SeekerProfile]:
    """The profiles `company` may find and ask: findable, of an active account, and not blocking it (the rule of
    is_reachable, as a query)."""
    return SeekerProfile.objects.filter(visibility__in=FINDABLE, user__is_active=True).exclude(
        blocked_companies=company
    )


def is_reachable(*, visibility: str, account_active: bool, blocking: bool) -> bool:
    """profiles_reachable_by's rule for one profile whose values were read already (the re-check of search hits)."""
    return visibility in FINDABLE and account_active and not blocking


def blocking_annotation(company_id: int) -> Exists:
    """True on a profile row that blocks the company: one correlated lookup per row by the blocks' unique index."""
    through = SeekerProfile.blocked_companies.through
    return Exists(through.objects.filter(seekerprofile_id=OuterRef("pk"), company_id=company_id))


def profile_reachable_get(*, company: Company, public_id: Any) -> SeekerProfile | None:
    """The profile of that public id if `company` may see it; None alike for an unknown, hidden or blocking one."""
    return profiles_reachable_by(company=company).filter(public_id=public_id).first()


def contact_requests_of_profile(*, profile: SeekerProfile | None) -> QuerySet[ContactRequest]:
    """The seeker's requests, newest first."""
    if profile is None:
        return ContactRequest.objects.none()
    return ContactRequest.objects.filter(profile=profile).select_related("company", "posting")


def contact_request_of_user(*, user: Any, public_id: Any) -> ContactRequest | None:
    """One request to `user`'s own profile (None for any other, so that ids of others' requests are not told)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        ContactRequest.objects.filter(profile__user=user, public_id=public_id)
        .select_related("company", "posting", "profile__user")
        .first()
    )


def contact_requests_of_companies(*, companies: QuerySet[Company]) -> QuerySet[ContactRequest]:
    """The requests these companies sent, newest first, with what the company's list shows of each candidate."""
    return (
        ContactRequest.objects.filter(company__in=companies)
        .select_related("company", "posting", "profile__user")
        .prefetch_related("profile__blocked_companies")
    )


def candidate_summary(profile: SeekerProfile) -> dict[str, Any]:
    """What a company sees of a candidate it may find but who has not accepted: the pseudonymous summary."""
    return profile_company_view(profile) or {"id": str(profile.public_id)}


def contact_request_company_view(request: ContactRequest) -> dict[str, Any]:
    """What the asking company sees of the candidate of one of its requests.

    Accepted: the name, e-mail address and phone the candidate agreed to share, while the profile is findable and
    the account active (the acceptance mail already gave them once; a hidden profile shows nothing more) and unless
    they have blocked the company since. Otherwise the pseudonymous summary while the profile is findable by the
    company; only the opaque id when it is hidden now or blocks the company."""
    profile = request.profile
    blocks = any(company.pk == request.company_id for company in profile.blocked_companies.all())
    candidate: dict[str, Any] = {"id": str(profile.public_id)}
    if blocks or not profile.user.is_active:
        return {"candidate": candidate, "contact": None}
    if request.status == ContactStatus.ACCEPTED and profile.is_findable:
        user = profile.user
        contact = {
            "name": user.get_full_name().strip() or user.get_username(),
            "email": user.email,
            "phone": profile.phone,
        }
        if profile.is_findable:
            candidate = candidate_summary(profile)
        return {"candidate": candidate, "contact": contact}
    if profile.is_findable:
        candidate = candidate_summary(profile)
    return {"candidate": candidate, "contact": None}
