"""The public pages and the company area. Thin: read through selectors, write through the services."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import signup_kind
from accounts.services import SignupKind
from companies.models import Company, Network
from companies.services import company_register
from config.caching import DEFAULT_TIMEOUT_SECONDS
from crawlers import pipeline as crawl_pipeline
from crawlers.forms import PlaceReviewForm
from crawlers.models import CrawlSource, PlaceReview
from crawlers.place_review_views import place_review_submit
from crawlers.selectors import place_review_for, place_reviews_open
from crawlers.tasks import crawl_source as crawl_source_task
from jobs import services
from jobs.models import JobPosting, OccupationalArea, Status
from legal import selectors as legal_selectors
from moderation.roles import DASHBOARD_PERMISSION
from regions.models import County
from savedjobs.selectors import is_saved
from search.backends.base import SearchBackendError
from search.query import SearchQuery, default_radius_km, radius_choices_km
from search.results import SearchResults
from search.selectors import places_of, search_jobs

from . import selectors
from .cards import cards_from_postings
from .exchange_views import matching_counts
from .forms import (
    CompanyRegistrationForm,
    CrawlSourceForm,
    JobPostingForm,
    initial_from_post,
    job_form_for,
    without_workplace,
)
from .jsonld import as_script, job_posting_ld
from .maps import MapView, map_view
from .pagination import PAGE_SIZE, last_page, page_links
from .templatetags.frontend import job_slug

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    @functools.cache
    def everything() -> SearchResults | None:
        # The quick links count what the search finds behind them: its facets over all visible postings; the map
        # shows their places.
        try:
            return search_jobs(SearchQuery(page_size=1, by_municipality=True))
        except SearchBackendError:  # the page still works (form, newest postings), just without the counts
            logger.exception("search backend failed")
            return None

    def facets() -> dict[str, Any]:
        results = everything()
        return results.facets if results is not None else {}

    @functools.cache
    def region_map() -> MapView | None:
        """The default region's open postings per place (all of them without a region): the search narrowed to its
        counties, so the map's data and each place's link stay within the region."""
        results = everything()
        if not results or not results.total:
            return None
        places = places_of(results, SearchQuery())
        params = QueryDict(mutable=True)
        region = selectors.default_region()
        if region is not None:
            counties = sorted(c.pk for c in region.counties.all())
            params.setlist("county", counties)
            # A municipality's AGS starts with its county's.
            places = [p for p in places if p.ags[:5] in counties]
        return map_view(params, places) if places else None

    # The page's content is a cached fragment (home.html): the lists are callables and querysets, which the
    # template evaluates only when it builds the fragment afresh.
    return render(
        request,
        "frontend/home.html",
        {
            "radii": radius_choices_km(),
            "sq": {"radius_km": default_radius_km()},
            "areas": OccupationalArea.objects.prefetch_related("fields"),
            "home_form": True,
            "counties": lambda: sorted(facets().get("county", []), key=lambda v: v.label),
            "fields": lambda: sorted(facets().get("field", []), key=lambda v: (-v.count, v.value)),
            "newest": lambda: cards_from_postings(selectors.newest_postings()),
            "networks": selectors.networks_with_counts,
            # The default region's face: its counties (with the search's counts), networks and apprenticeships.
            "region_face": functools.cache(
                lambda: selectors.region_face(county_counts={v.value: v.count for v in facets().get("county", [])})
            ),
            "map": region_map,
            "fragment_version": selectors.postings_fragment_version(),
            "fragment_seconds": DEFAULT_TIMEOUT_SECONDS,
        },
    )


def _ended(job: JobPosting) -> bool:
    return job.status in (Status.CLOSED, Status.EXPIRED) or (
        job.status == Status.PUBLISHED and job.expires_on < timezone.localdate()
    )


def job_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    job = selectors.posting_for_page(pk=pk)
    if job is None:
        raise Http404
    own = JobPosting.objects.of_user(request.user).filter(pk=pk).exists()
    if not job.is_visible and not own:
        if _ended(job) and job.company.is_approved:
            # Gone for good: search engines drop it; people get a way on to similar postings.
            return render(request, "frontend/jobs/gone.html", {"job": job}, status=410)
        raise Http404
    if slug != job_slug(job.title):
        return HttpResponsePermanentRedirect(
            reverse("frontend:job_detail", kwargs={"pk": pk, "slug": job_slug(job.title)})
        )
    context = {
        "job": job,
        "own": own,
        "saved": is_saved(user=request.user, posting_id=pk),  # shown outside the cached fragment
        # The posting's content is a cached fragment (detail.html): a callable (called once), evaluated only when
        # the fragment is built afresh.
        "similar": functools.cache(lambda: cards_from_postings(selectors.similar_postings(posting=job))),
        "fragment_version": selectors.postings_fragment_version(),
        "fragment_seconds": DEFAULT_TIMEOUT_SECONDS,
    }
    if job.is_visible:
        # Only what the public can see is described to search engines.
        url = request.build_absolute_uri(reverse("frontend:job_detail", kwargs={"pk": pk, "slug": slug}))
        company_url = request.build_absolute_uri(reverse("frontend:company_detail", args=[job.company.slug]))
        context["jsonld"] = as_script(job_posting_ld(job, url=url, company_url=company_url))
        context["canonical"] = url
    return render(request, "frontend/jobs/detail.html", context)


def job_detail_short(request: HttpRequest, pk: int) -> HttpResponse:
    return job_detail(request, pk, slug="")


def company_list(request: HttpRequest) -> HttpResponse:
    network = request.GET.get("network", "")
    county = request.GET.get("county", "")
    companies = selectors.companies_public(network=network, county=county)
    # The page's content is a cached fragment (list.html): querysets and callables, evaluated only when it is built.
    return render(
        request,
        "frontend/companies/list.html",
        {
            "groups": lambda: selectors.companies_by_county(companies),
            "count": lambda: len(companies),
            "networks": Network.objects.order_by("name"),
            "counties": County.objects.filter(municipalities__companies__status=Company.Status.APPROVED)
            .distinct()
            .order_by("name"),
            "network": network,
            "county": county,
            "fragment_version": selectors.postings_fragment_version(),
            "fragment_seconds": DEFAULT_TIMEOUT_SECONDS,
        },
    )


def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    company, total = selectors.company_public(slug=slug)
    if company is None:
        raise Http404
    if request.GET.get("page") == "1":
        # One URL per page, as on /jobs/: the first page has none.
        rest = request.GET.copy()
        rest.pop("page")
        return redirect(f"{request.path}?{rest.urlencode()}" if rest else request.path)
    last = last_page(total)
    page = _page_number(request.GET.get("page", "1"))
    context: dict[str, Any] = {
        "company": company,
        "total": total,
        "health": selectors.crawl_health(company=company),
        "fragment_version": selectors.postings_fragment_version(),
        "fragment_seconds": DEFAULT_TIMEOUT_SECONDS,
    }
    if page is None or page > last:
        # A malformed number is a bad request, a page past the end is not there (an old link after postings
        # closed); both name the parameter and lead back to the list.
        context["page_error"] = _("The page must be a whole number from 1 to %(last)d.") % {"last": last}
        status = 400 if page is None else 404
        return render(request, "frontend/companies/detail.html", context, status=status)
    offset = (page - 1) * PAGE_SIZE
    context.update(
        page=page,
        # The list's address has no other parameters (the cached fragment holds these links).
        pages=page_links(QueryDict(), page, last),
        # The page's list is a cached fragment (detail.html), built only when it is stale.
        postings=functools.cache(
            lambda: cards_from_postings(
                selectors.company_open_postings(company=company, offset=offset, limit=PAGE_SIZE)
            )
        ),
    )
    return render(request, "frontend/companies/detail.html", context)


def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A network's page (/netzwerke/<slug>/): what it is, its member companies and all their open postings, 20 a
    page; a malformed page number is a bad request (400), one past the end is not there (404), as on company pages."""
    network, total = selectors.network_public(slug=slug)
    if network is None:
        raise Http404
    if request.GET.get("page") == "1":
        return redirect(request.path)  # one URL per page: the first has none
    last = last_page(total)
    page = _page_number(request.GET.get("page", "1"))
    context: dict[str, Any] = {
        "network": network,
        "total": total,
        "fragment_version": selectors.postings_fragment_version(),
        "fragment_seconds": DEFAULT_TIMEOUT_SECONDS,
    }
    if page is None or page > last:
        context["page_error"] = _("The page must be a whole number from 1 to %(last)d.") % {"last": last}
        return render(request, "frontend/networks/detail.html", context, status=400 if page is None else 404)
    offset = (page - 1) * PAGE_SIZE
    context.update(
        page=page,
        pages=page_links(QueryDict(), page, last),
        postings=functools.cache(
            lambda: cards_from_postings(
                selectors.network_open_postings(network=network, offset=offset, limit=PAGE_SIZE)
            )
        ),
    )
    return render(request, "frontend/networks/detail.html", context)


def apprenticeships(request: HttpRequest) -> HttpResponse:
    """The Ausbildung entry (/ausbildung/): the region's apprenticeships and dual study places, the soonest start
    first, with links into the search by county and field."""
    region = selectors.default_region()

    @functools.cache
    def listing() -> dict[str, Any]:
        postings = selectors.apprenticeships(region=region)
        counties: dict[str, list[Any]] = {}
        fields: dict[str, list[Any]] = {}
        wanted = {c.pk for c in region.counties.all()} if region is not None else None
        for job in postings:
            for county in {w.municipality.county for w in job.workplaces.all()}:
                if wanted is None or county.pk in wanted:
                    counties.setdefault(county.pk, [county, 0])[1] += 1
            if job.field is not None:
                fields.setdefault(job.field.code, [job.field, 0])[1] += 1
        return {
            "cards": cards_from_postings(postings),
            "counties": sorted(counties.values(), key=lambda v: v[0].name),
            "fields": sorted(fields.values(), key=lambda v: (-v[1], v[0].code)),
        }

    return render(
        request,
        "frontend/apprenticeships.html",
        {
            "region": region,
            "listing": listing,
            "fragment_version": selectors.postings_fragment_version(),
            "fragment_seconds": DEFAULT_TIMEOUT_SECONDS,
        },
    )


def legal_page(request: HttpRequest, kind: str) -> HttpResponse:
    """The Impressum or the Datenschutzerklärung, as the operator keeps them in the admin."""
    page = legal_selectors.legal_page(kind=kind)
    if page is None:
        raise Http404
    return render(request, "frontend/legal.html", {"page": page})


def _page_number(value: str) -> int | None:
    """A page number as a visitor may type it, or None when it is none (0, -1, abc)."""
    value = value.strip()
    # ASCII digits only (isdigit() alone lets "²" through, which int() refuses), and few of them (a longer one is no
    # page of any list, and int() refuses thousands of digits).
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        return None
    return int(value) or None


# --- company area ---------------------------------------------------------------------------------------------------


def _own_job(request: HttpRequest, pk: int) -> JobPosting:
    """A posting the user may edit; others' postings do not exist for them (404, not 403: no probing)."""
    return get_object_or_404(JobPosting.objects.of_user(request.user).select_related("company"), pk=pk)


@login_required
def after_login(request: HttpRequest) -> HttpResponse:
    """Where a login without `next` lands: the regional manager on their dashboard (unless they also work for a
    company), company members in the company area, someone who signed up to register a company at its registration,
    everyone else (job seekers) on the seeker dashboard."""
    user: Any = request.user
    is_member = user.company_memberships.exists()
    if user.has_perm(DASHBOARD_PERMISSION) and not is_member:
        return redirect("moderation:operator_dashboard")
    if is_member:
        return redirect("frontend:dashboard")
    if signup_kind(session=request.session) == SignupKind.COMPANY:
        return redirect("frontend:company_register")
    return redirect("frontend:seeker_dashboard")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return _dashboard_page(request)


def _dashboard_page(request: HttpRequest, *, bound: PlaceReviewForm | None = None, status: int = 200) -> HttpResponse:
    """The company area; `bound`: a place picker sent with errors, shown with them (status 400)."""
    companies = selectors.companies_for_area(user=request.user)
    for company in companies:
        by_status: dict[str, list[JobPosting]] = {}
        for job in company.postings.all():
            by_status.setdefault(job.status, []).append(job)
        company.by_status = [  # type: ignore[attr-defined]
            (value, label, by_status.get(value, [])) for value, label in Status.choices
        ]
        company.health = selectors.crawl_health(company=company)  # type: ignore[attr-defined]
        company.place_reviews = _place_review_forms(place_reviews_open(company=company), bound)  # type: ignore[attr-defined]
        # "Passende Kandidaten" beside each published posting of an approved company (the exchange's matching).
        counts = matching_counts(company)
        for job in company.postings.all():
            job.matching_count = counts.get(job.pk)  # type: ignore[attr-defined]
    return render(request, "frontend/area/dashboard.html", {"companies": companies}, status=status)


class _PreviewDone(Exception):
    """Raised to roll back the transaction a preview was rendered in."""


def _posting_form_page(
    request: HttpRequest, *, company: Company, job: JobPosting | None, initial: dict[str, Any] | None
) -> HttpResponse:
    """The posting form (new or edit), with its buttons: save, preview, add or remove a workplace, back to editing.
    Every button works without JavaScript; the script (posting_form.js) only adds and removes blocks in place."""
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    context: dict[str, Any] = {"company": company, "job": job}
    if action == "add_workplace" or action.startswith("remove_workplace:") or action == "back":
        # The form shown again as it was typed (one workplace more or less), not judged yet.
        # Blocks a script removed leave gaps in the numbers: close them first.
        typed = without_workplace(initial_from_post(request.POST), 0)
        count = int(typed["workplace_count"])
        if action == "add_workplace":
            count += 1
            typed["workplace_count"] = count
        elif action.startswith("remove_workplace:"):
            index = action.split(":", 1)[1]
            typed = without_workplace(typed, int(index) if index.isdigit() else 0)
            count = int(typed["workplace_count"])
        context["form"] = job_form_for(job, initial=typed, workplace_count=count)
        context["focus_workplace"] = action == "add_workplace"
        return render(request, "frontend/area/job_form.html", context)
    form = job_form_for(job, data=request.POST or None, initial=initial)
    context["form"] = form
    if request.method != "POST":
        return render(request, "frontend/area/job_form.html", context)
    if not form.is_valid():
        form.add_rule_errors()
        return render(request, "frontend/area/job_form.html", context)
    data = form.service_data()
    if action == "preview":
        return _posting_preview(request, form=form, company=company, job=job, data=data)
    try:
        if job is None:
            saved = services.job_create(company=company, data=data, by=request.user)
        else:
            saved = services.job_update(job=job, data=data, by=request.user)
    except ValidationError as exc:
        form.add_service_errors(exc)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    else:
        messages.success(request, _("The posting “%(title)s” was saved.") % {"title": saved.title})
        return redirect("frontend:dashboard")
    return render(request, "frontend/area/job_form.html", context)


def _posting_preview(
    request: HttpRequest, *, form: Any, company: Company, job: JobPosting | None, data: dict[str, Any]
) -> HttpResponse:
    """The posting as its public page will show it, rendered with the detail page's templates, and not saved: it
    goes through the same service (so the same rules judge it) in a transaction that is rolled back."""
    html = ""
    try:
        with transaction.atomic():
            if job is None:
                shown = services.job_create(company=company, data=data, by=request.user)
            else:
                shown = services.job_update(job=JobPosting.objects.get(pk=job.pk), data=data, by=request.user)
            # Read afresh, not through the page's cached selector: these rows are rolled back.
            shown = selectors.posting_uncached(pk=shown.pk) or shown
            html = render_to_string(
                "frontend/area/job_preview.html",
                {
                    "job": shown,
                    "own": False,
                    "preview": True,
                    "form": form,
                    "company": company,
                    "editing": job,
                    "similar": [],
                    "fragment_version": "preview",
                    "fragment_seconds": 0,  # never cached: it is rendered from rows that are rolled back
                },
                request=request,
            )
            raise _PreviewDone
    except _PreviewDone:
        pass
    except ValidationError as exc:
        form.add_service_errors(exc)
        return render(request, "frontend/area/job_form.html", {"form": form, "company": company, "job": job})
    return HttpResponse(html)


@login_required
def job_create(request: HttpRequest, company_slug: str) -> HttpResponse:
    company = get_object_or_404(Company.objects.for_user(request.user), slug=company_slug)
    return _posting_form_page(request, company=company, job=None, initial=JobPostingForm.initial_for_company(company))


@login_required
def job_edit(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    try:
        services.job_check_editable(job=job, by=request.user)  # the rule the API and the crawler obey as well
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("frontend:dashboard")
    return _posting_form_page(request, company=job.company, job=job, initial=None)


def _transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    job = _own_job(request, pk)
    done: dict[str, tuple[Callable[..., object], str]] = {
        "close": (services.job_close, _("The posting “%(title)s” is closed.")),
        "renew": (services.job_renew, _("The posting “%(title)s” is published again.")),
        "delete": (services.job_delete, _("The draft “%(title)s” was deleted.")),
        "resubmit": (services.job_resubmit, _("The posting “%(title)s” waits for the operator's review.")),
    }
    service, message = done[action]
    try:
        service(job=job, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, message % {"title": job.title})
    return redirect("frontend:dashboard")


def _confirm(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Close and delete ask first: GET shows what will happen (a page, no script needed), POST does it."""
    if request.method == "POST":
        return _transition(request, pk, action)
    job = _own_job(request, pk)
    allowed = job.is_closable if action == "close" else job.is_deletable
    if not allowed:
        messages.error(
            request,
            _("The posting “%(title)s” cannot be closed.") % {"title": job.title}
            if action == "close"
            else _("The posting “%(title)s” cannot be deleted.") % {"title": job.title},
        )
        return redirect("frontend:dashboard")
    return render(request, "frontend/area/job_confirm.html", {"job": job, "action": action})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def job_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(request, pk, "close")


@login_required
@require_POST
def job_renew(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "renew")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def job_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(request, pk, "delete")


@login_required
@require_POST
def job_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "resubmit")


@login_required
def company_register_view(request: HttpRequest) -> HttpResponse:
    form = CompanyRegistrationForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            company = company_register(user=request.user, **form.service_fields())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("Thank you: “%(name)s” is registered and waits for the operator's approval.")
                % {"name": company.name},
            )
            return redirect("frontend:dashboard")
    return render(request, "frontend/area/company_register.html", {"form": form})


@login_required
def crawl_source_new(request: HttpRequest, company_slug: str) -> HttpResponse:
    company = get_object_or_404(Company.objects.for_user(request.user), slug=company_slug)
    form = CrawlSourceForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            source = crawl_pipeline.source_add(company=company, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            if source.approved:
                messages.success(request, _("The crawler now reads %(url)s.") % {"url": source.url})
            else:
                messages.warning(
                    request,
                    _("%(url)s waits for the operator's approval: %(reason)s")
                    % {"url": source.url, "reason": source.approval_reason},
                )
            return redirect("frontend:dashboard")
    return render(request, "frontend/area/crawl_source_form.html", {"form": form, "company": company})


@login_required
@require_POST
def crawl_now(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(
        CrawlSource.objects.filter(company__in=Company.objects.for_user(request.user)), pk=source_id
    )
    if not source.approved:
        messages.error(request, _("%(url)s waits for the operator's approval.") % {"url": source.url})
        return redirect("frontend:dashboard")
    if CrawlSource.objects.running().filter(pk=source.pk).exists():
        messages.info(request, _("%(url)s is being crawled right now.") % {"url": source.url})
        return redirect("frontend:dashboard")
    try:
        crawl_source_task.delay(source.pk)
    except Exception:  # the broker is unreachable: say so instead of failing the page
        logger.exception("could not enqueue a crawl of source %s", source.pk)
        messages.error(request, _("The crawl could not be started; please try again later."))
    else:
        messages.success(
            request, _("Crawl of %(url)s started; its result appears below when it is done.") % {"url": source.url}
        )
    return redirect("frontend:dashboard")


def _place_review_forms(reviews: list[PlaceReview], bound: PlaceReviewForm | None = None) -> list[PlaceReview]:
    for review in reviews:
        review.form = bound if bound is not None and bound.review.pk == review.pk else PlaceReviewForm(review=review)  # type: ignore[attr-defined]
    return reviews


@login_required
@require_POST
def place_review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The company picks the place of one of its crawled postings; the posting then goes live. Another company's
    review does not exist for it (404)."""
    review = place_review_for(pk=pk, companies=Company.objects.for_user(request.user))
    if review is None:
        raise Http404
    decided, form = place_review_submit(request, review)
    if decided:
        return redirect("frontend:dashboard")
    return _dashboard_page(request, bound=form, status=400)


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for whatever the page links: the site's SVG icon (base.html links it)."""
    response = HttpResponsePermanentRedirect(static("frontend/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
