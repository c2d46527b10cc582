"""The operator dashboard (what needs doing today, with its actions; the region's figures) and the public report
form. Thin: reads through moderation.selectors, writes through the services."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.lockout import client_ip
from companies import services as company_services
from companies.models import Company
from config.caching import text_key
from crawlers import pipeline
from crawlers.forms import PlaceReviewForm
from crawlers.models import CrawlSource, PlaceReview
from crawlers.place_review_views import place_review_submit
from crawlers.selectors import place_review_for, place_reviews_open
from crawlers.tasks import crawl_source as crawl_source_task
from frontend.templatetags.frontend import job_slug
from jobs import services as job_services
from jobs.models import JobPosting

from . import selectors, services
from .forms import PostingReportForm, ReasonForm
from .roles import DASHBOARD_PERMISSION

logger = logging.getLogger(__name__)
REPORT_THROTTLE_SECONDS = 3600

View = Callable[..., HttpResponse]


def operator_required(permission: str | None = None) -> Callable[[View], View]:
    """Logged in (else to the login page), with the dashboard's permission and `permission` (else 403)."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user: Any = request.user
            if not user.has_perm(DASHBOARD_PERMISSION) or (permission and not user.has_perm(permission)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorate


def _place_review_forms(reviews: list[PlaceReview], bound: PlaceReviewForm | None) -> list[PlaceReview]:
    for review in reviews:
        review.form = bound if bound is not None and bound.review.pk == review.pk else PlaceReviewForm(review=review)  # type: ignore[attr-defined]
    return reviews


def _dashboard_context(bound: PlaceReviewForm | None = None) -> dict[str, Any]:
    return {
        "companies": selectors.companies_to_approve(),
        "in_review": selectors.postings_to_review(),
        "reported": selectors.postings_reported(),
        "failing": selectors.sources_failing(),
        "sources_waiting": selectors.sources_to_approve(),
        "places": selectors.places_unresolved(),
        "place_reviews": _place_review_forms(place_reviews_open(), bound),
        "figures": selectors.region_figures(),
    }


def _render_dashboard(request: HttpRequest, status: int = 200, bound: PlaceReviewForm | None = None) -> HttpResponse:
    return render(request, "moderation/dashboard.html", _dashboard_context(bound), status=status)


@operator_required()
def dashboard(request: HttpRequest) -> HttpResponse:
    return _render_dashboard(request)


def _refused(request: HttpRequest, exc: ValidationError, *, action: str) -> HttpResponse:
    """A refused action: the dashboard again, 400, with the reason naming the action, its object and the field (the
    dashboard lists many companies and postings, each with its own form)."""
    messages.error(request, _("%(action)s: %(errors)s") % {"action": action, "errors": " ".join(exc.messages)})
    return _render_dashboard(request, status=400)


def _reason(request: HttpRequest) -> str:
    form = ReasonForm(data=request.POST)
    if not form.is_valid():
        error = " ".join(str(e) for e in form.errors["reason"])
        raise ValidationError({"reason": [_("Reason: %(error)s") % {"error": error}]})
    return str(form.cleaned_data["reason"])


@require_POST
@operator_required("companies.change_company")
def company_approve(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=pk)
    company_services.company_approve(company=company, by=request.user)
    messages.success(request, _("“%(name)s” is approved.") % {"name": company.name})
    return redirect("moderation:operator_dashboard")


@require_POST
@operator_required("companies.change_company")
def company_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=pk)
    try:
        reason = _reason(request)
    except ValidationError as exc:
        return _refused(request, exc, action=_("Suspending “%(name)s”") % {"name": company.name})
    company_services.company_suspend(company=company, by=request.user, reason=reason)
    messages.success(request, _("“%(name)s” is suspended.") % {"name": company.name})
    return redirect("moderation:operator_dashboard")


@require_POST
@operator_required("jobs.change_jobposting")
def posting_approve(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(JobPosting.objects.select_related("company"), pk=pk)
    try:
        job_services.job_approve(job=job, by=request.user)
    except ValidationError as exc:
        return _refused(request, exc, action=_("Publishing “%(title)s”") % {"title": job.title})
    messages.success(request, _("The posting “%(title)s” is published.") % {"title": job.title})
    return redirect("moderation:operator_dashboard")


@require_POST
@operator_required("jobs.change_jobposting")
def posting_reject(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(JobPosting.objects.select_related("company"), pk=pk)
    try:
        services.reported_posting_reject(posting=job, reason=_reason(request), by=request.user)
    except ValidationError as exc:
        return _refused(request, exc, action=_("Rejecting “%(title)s”") % {"title": job.title})
    messages.success(request, _("The posting “%(title)s” is rejected.") % {"title": job.title})
    return redirect("moderation:operator_dashboard")


@require_POST
@operator_required("moderation.change_postingreport")
def reports_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(JobPosting, pk=pk)
    n = services.reports_dismiss(posting=job, by=request.user)
    message = ngettext("%(n)d report of “%(title)s” dismissed.", "%(n)d reports of “%(title)s” dismissed.", n)
    messages.success(request, message % {"n": n, "title": job.title})
    return redirect("moderation:operator_dashboard")


@require_POST
@operator_required("crawlers.change_crawlsource")
def source_approve(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(CrawlSource, pk=pk)
    pipeline.source_approve(source=source, by=request.user)
    messages.success(request, _("%(url)s is approved and will be crawled.") % {"url": source.url})
    return redirect("moderation:operator_dashboard")


@require_POST
@operator_required("crawlers.change_crawlsource")
def source_crawl(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(CrawlSource, pk=pk)
    if CrawlSource.objects.running().filter(pk=source.pk).exists():
        messages.info(request, _("%(url)s is being crawled right now.") % {"url": source.url})
        return redirect("moderation:operator_dashboard")
    try:
        crawl_source_task.delay(source.pk)
    except Exception:  # the broker is unreachable: say so instead of failing the page
        logger.exception("could not enqueue a crawl of source %s", source.pk)
        messages.error(request, _("The crawl could not be started; please try again later."))
    else:
        messages.success(request, _("Crawl of %(url)s started.") % {"url": source.url})
    return redirect("moderation:operator_dashboard")


# --- The public report form -----------------------------------------------------------------------------------------


def _throttled(request: HttpRequest) -> bool:
    """Count this report against the sender's address and session; True when either is over the hourly limit.
    The address is used only hashed, as a cache key, and forgotten after the hour."""
    limit = settings.POSTING_REPORTS_PER_HOUR
    if not request.session.session_key:
        request.session.save()
    keys = [
        f"moderation:report:ip:{text_key(client_ip(request) or '')}",
        f"moderation:report:s:{text_key(str(request.session.session_key))}",
    ]
    over = False
    for key in keys:
        cache.add(key, 0, REPORT_THROTTLE_SECONDS)
        try:
            n = cache.incr(key)
        except ValueError:  # evicted in between
            cache.set(key, 1, REPORT_THROTTLE_SECONDS)
            n = 1
        over = over or n > limit
    return over


def posting_report(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(JobPosting.objects.select_related("company"), pk=pk)
    if not job.is_visible:
        raise Http404
    form = PostingReportForm(data=request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if _throttled(request):
            form.add_error(None, _("You have sent several reports in a short time. Please try again later."))
            status = 429
        elif form.is_valid():
            try:
                services.report_create(posting=job, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
                status = 400
            else:
                messages.success(request, _("Thank you: the regional management will look at this posting."))
                return redirect("frontend:job_detail", pk=job.pk, slug=job_slug(job.title))
        else:
            status = 400
    response = render(request, "moderation/report.html", {"job": job, "form": form}, status=status)
    if status == 429:
        response["Retry-After"] = str(REPORT_THROTTLE_SECONDS)
    return response


@require_POST
@operator_required("jobs.change_jobposting")
def place_review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The operator picks the place of any crawled posting waiting for one; the posting then goes live."""
    review = place_review_for(pk=pk)
    if review is None:
        raise Http404
    decided, form = place_review_submit(request, review)
    if decided:
        return redirect("moderation:operator_dashboard")
    return _render_dashboard(request, status=400, bound=form)
