"""The job seeker's pages: the dashboard of their profile, the profile editor, what a company sees, the CV, the
export of their data and the deletion of their account. Each page shows and changes only the logged-in user's own
profile (there is no profile id in any address), so nobody can reach another person's profile or CV here."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from profiles.consent import consent_text
from profiles.models import SeekerProfile
from profiles.services import profile_get_or_create, profile_update

from .seeker_forms import SeekerProfileForm


def _own_profile(request: HttpRequest) -> SeekerProfile | None:
    """The user's profile, or None while they have none (a page never creates one just by being looked at)."""
    user: Any = request.user
    return SeekerProfile.objects.filter(user=user).select_related("home_municipality").first()


def _is_seeker(profile: SeekerProfile | None) -> bool:
    """Whether the user has ever saved a profile (an empty one made by another page does not count)."""
    return profile is not None and profile.updated_at is not None


@login_required
@never_cache
def seeker_dashboard(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    context: dict[str, Any] = {"profile": profile, "is_seeker": _is_seeker(profile)}
    if profile is not None and profile.updated_at is not None:
        context["hidden_on"] = profile.updated_at + datetime.timedelta(days=settings.PROFILES_STALE_DAYS)
    context["stale_days"] = settings.PROFILES_STALE_DAYS
    return render(request, "frontend/seeker/dashboard.html", context)


@login_required
@never_cache
def seeker_profile_edit(request: HttpRequest) -> HttpResponse:
    """The whole profile on one page. The form converts to the API's write shape and profile_update judges it, so
    the rules (and their messages) are the API's; a refused write stores nothing, not even a new empty profile."""
    profile = _own_profile(request)
    initial = SeekerProfileForm.initial_of(profile) if _is_seeker(profile) and profile is not None else None
    form = SeekerProfileForm(data=request.POST or None, initial=initial, profile=profile)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                own = profile or profile_get_or_create(user=request.user)
                saved = profile_update(profile=own, data=form.service_data(), by=request.user)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            if saved.is_findable:
                messages.success(request, _("Your profile was saved. %(who)s") % {"who": _who_sees(saved)})
            else:
                messages.success(request, _("Your profile was saved. It is hidden: nobody but you sees it."))
            return redirect("frontend:seeker_dashboard")
    return render(
        request,
        "frontend/seeker/profile_form.html",
        {"form": form, "profile": profile, "consent_text": consent_text()},
        status=400 if request.method == "POST" else 200,
    )


def _who_sees(profile: SeekerProfile) -> str:
    if profile.visibility == "named":
        return _("Approved companies of the region can find it with your name and contact.")
    return _("Approved companies of the region can find it without your name and contact.")
