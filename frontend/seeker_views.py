"""The job seeker's pages: the dashboard of their profile, the profile editor, what a company sees, the CV, the
export of their data and the deletion of their account. Each page shows and changes only the logged-in user's own
profile (there is no profile id in any address), so nobody can reach another person's profile or CV here."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from alerts.selectors import dashboard_alerts
from profiles.consent import consent_text
from profiles.export import account_export
from profiles.models import SeekerProfile, Visibility
from profiles.selectors import profile_company_view, profile_cv_size
from profiles.services import (
    account_delete,
    account_delete_problem,
    profile_cv_delete,
    profile_cv_upload,
    profile_get_or_create,
    profile_update,
)
from savedjobs.selectors import saved_jobs_count

from .candidate_cards import candidate_card
from .exchange_views import matching_job_cards, open_requests_count
from .seeker_forms import AccountDeleteForm, CvUploadForm, SeekerProfileForm

# The name the owner's browser saves their CV under (the stored name is random; the upload's name is not kept).
CV_FILENAME = "cv.pdf"


def _own_profile(request: HttpRequest) -> SeekerProfile | None:
    """The user's profile, or None while they have none (a page never creates one just by being looked at)."""
    user: Any = request.user
    return SeekerProfile.objects.filter(user=user).select_related("home_municipality").first()


def _is_seeker(profile: SeekerProfile | None) -> bool:
    """Whether the user has ever saved a profile (an empty one made by another page does not count)."""
    return profile is not None and profile.updated_at is not None


def _posted(request: HttpRequest) -> Any:
    """The form data of a POST (bound even when empty, so an empty POST is judged), None otherwise."""
    return request.POST if request.method == "POST" else None


@login_required
@never_cache
def seeker_dashboard(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    context: dict[str, Any] = {"profile": profile, "is_seeker": _is_seeker(profile)}
    if profile is not None and profile.updated_at is not None:
        context["hidden_on"] = profile.updated_at + datetime.timedelta(days=settings.PROFILES_STALE_DAYS)
    context["stale_days"] = settings.PROFILES_STALE_DAYS
    context["open_requests"] = open_requests_count(request.user)
    context["saved_count"] = saved_jobs_count(user=request.user)
    context["matching_jobs"] = matching_job_cards(profile if profile is not None and profile.is_findable else None)
    context["job_alerts"] = dashboard_alerts(request.user)
    return render(request, "frontend/seeker/dashboard.html", context)


@login_required
@never_cache
def seeker_profile_edit(request: HttpRequest) -> HttpResponse:
    """The whole profile on one page. The form converts to the API's write shape and profile_update judges it, so
    the rules (and their messages) are the API's; a refused write stores nothing, not even a new empty profile."""
    profile = _own_profile(request)
    initial = SeekerProfileForm.initial_of(profile) if _is_seeker(profile) and profile is not None else None
    form = SeekerProfileForm(data=_posted(request), initial=initial, profile=profile)
    if request.method == "POST" and not form.is_valid():
        user: Any = request.user  # signed in (login_required)
        form.add_rule_errors(profile or SeekerProfile(user=user))
    elif request.method == "POST":
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
    if profile.visibility == Visibility.NAMED:
        return _("Approved companies of the region can find it with your name and contact.")
    return _("Approved companies of the region can find it without your name and contact.")


def _profile_or_404(request: HttpRequest) -> SeekerProfile:
    profile = _own_profile(request)
    if profile is None:
        raise Http404
    return profile


@login_required
@never_cache
def seeker_preview(request: HttpRequest) -> HttpResponse:
    """What an approved company sees: the candidate search's card, from the same projection the search uses."""
    profile = _own_profile(request)
    view = profile_company_view(profile) if profile is not None else None
    return render(
        request,
        "frontend/seeker/preview.html",
        {"profile": profile, "card": candidate_card(view) if view is not None else None},
    )


@login_required
@never_cache
def seeker_cv(request: HttpRequest) -> HttpResponse:
    """The CV: upload (or replace) a PDF, see the current one's size and date, download or delete it."""
    profile = _own_profile(request)
    form = CvUploadForm(
        data=_posted(request),
        files=request.FILES if request.method == "POST" else None,
        max_bytes=settings.PROFILES_CV_MAX_BYTES,
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                own = profile or profile_get_or_create(user=request.user)
                profile_cv_upload(profile=own, file=form.cleaned_data.get("cv"), by=request.user)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Your CV was uploaded."))
            return redirect("frontend:seeker_cv")
    return render(
        request,
        "frontend/seeker/cv.html",
        {"profile": profile, "form": form, "cv_size": profile_cv_size(profile) if profile is not None else None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def seeker_cv_delete(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    if profile is not None and profile.cv:
        profile_cv_delete(profile=profile, by=request.user)
        messages.success(request, _("Your CV was deleted."))
    return redirect("frontend:seeker_cv")


@login_required
@never_cache
def seeker_cv_download(request: HttpRequest) -> FileResponse:
    """The owner's CV, read from the private storage (which has no URL); only ever the logged-in user's own."""
    profile = _profile_or_404(request)
    if profile_cv_size(profile) is None:
        raise Http404
    response = FileResponse(profile.cv.open("rb"), as_attachment=True, filename=CV_FILENAME,
                            content_type="application/pdf")  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
@never_cache
def seeker_export(request: HttpRequest) -> HttpResponse:
    """Everything stored about the user (GDPR Art. 20), as a JSON file to download."""
    data = account_export(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"regiojobs-export-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def seeker_account_delete(request: HttpRequest) -> HttpResponse:
    """Delete the account (GDPR Art. 17): a page that says what goes, confirmed by the e-mail address or password."""
    user: Any = request.user
    form = AccountDeleteForm(data=_posted(request), user=user)
    problem = account_delete_problem(user=user)
    if request.method == "POST" and form.is_valid() and problem is None:
        try:
            account_delete(user=user, by=user)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            logout(request)
            messages.success(request, _("Your account and everything stored about you were deleted."))
            return redirect("frontend:home")
    return render(
        request,
        "frontend/seeker/account_delete.html",
        {"form": form, "problem": problem, "profile": _own_profile(request)},
        status=400 if request.method == "POST" else 200,
    )
