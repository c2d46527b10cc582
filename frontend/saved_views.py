"""The saved-jobs list ("Gemerkt"): saving and removing a posting, and the list itself. Thin: savedjobs.services
judges every save, savedjobs.selectors reads the list.

Saving works without JavaScript: the result cards (cached fragments shared by all visitors, so they hold no form
with a CSRF token) link to a small page with the save form; the posting page has the form itself, outside its
cached fragment. With JavaScript (saved.js) the same address is POSTed to in place and answers JSON."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jobs.models import JobPosting
from savedjobs.selectors import is_saved, saved_jobs_of, saved_posting_ids, saved_state
from savedjobs.services import saved_job_add, saved_job_remove

from .templatetags.frontend import job_slug, posting_href


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _next(request: HttpRequest, posting: JobPosting) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return posting_href(posting.pk, job_slug(posting.title))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def saved_job_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the save (or remove) form for one posting; POST action=save|remove: do it, then back to `next`."""
    posting = get_object_or_404(JobPosting.objects.select_related("company"), pk=pk)
    saved = is_saved(user=request.user, posting_id=posting.pk)
    if not saved and not posting.is_visible:
        raise Http404  # what the public cannot see is not there (an ended one on the list can still be removed)
    if request.method == "GET":
        context = {"job": posting, "saved": saved, "next": _next(request, posting)}
        return render(request, "frontend/seeker/saved_confirm.html", context)
    action = request.POST.get("action", "")
    if action not in ("save", "remove"):
        problem = _("Choose whether to save or to remove the posting.")
        if _wants_json(request):
            return JsonResponse({"action": [problem]}, status=400)
        messages.error(request, problem)
        return redirect(_next(request, posting))
    if action == "remove":
        saved_job_remove(user=request.user, posting_id=posting.pk)
        message = _("Removed from your saved jobs.")
    else:
        try:
            saved_job_add(user=request.user, posting_id=posting.pk)
        except ValidationError as exc:
            if _wants_json(request):
                return JsonResponse(exc.message_dict, status=400)
            messages.error(request, " ".join(exc.messages))
            return redirect(_next(request, posting))
        message = _("Saved. You find it under “Saved jobs”.")
    if _wants_json(request):
        return JsonResponse({"saved": action == "save", "message": message})
    messages.success(request, message)
    return redirect(_next(request, posting))


@login_required
@never_cache
def seeker_saved(request: HttpRequest) -> HttpResponse:
    """The user's saved postings, newest first; closed and expired ones stay, marked so."""
    rows: list[dict[str, Any]] = [
        {"saved": s, "job": s.posting, "state": saved_state(s)} for s in saved_jobs_of(user=request.user)
    ]
    return render(request, "frontend/seeker/saved.html", {"rows": rows})


@login_required
def saved_job_ids(request: HttpRequest) -> JsonResponse:
    """The numbers of the postings on the user's list: saved.js marks the cards (cached fragments, the same for
    everybody) by it."""
    response = JsonResponse({"ids": saved_posting_ids(user=request.user)})
    response["Cache-Control"] = "private, no-store"
    return response
