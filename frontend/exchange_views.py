"""The skilled-worker exchange's pages: the company area's candidate search, a candidate's page with the contact form,
the company's sent requests and the candidates matching a posting; the seeker's inbox of contact requests.

Thin: reads through profiles.contact_selectors and search.selectors, writes through profiles.contact. What a page shows
of a candidate is only profiles.selectors.profile_company_view (the card) and, once they accepted this company's
request, profiles.contact_selectors.contact_request_company_view."""

from __future__ import annotations

import logging
import math
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from companies.models import Company, CompanyMembership
from jobs.models import JobPosting
from profiles import contact_selectors
from profiles.contact import (
    ContactRequestLimit,
    contact_request_accept,
    contact_request_decline,
    contact_request_send,
)
from profiles.models import ContactRequest, ContactStatus, Licence, SeekerProfile, Visibility, VocationalQualification
from profiles.selectors import profile_company_view
from search import selectors as search_selectors
from search.backends.base import RETRY_AFTER_SECONDS, SearchBackendError
from search.query import SORTS, ProfileQuery, SearchQueryError, default_radius_km, parse_radius_km, radius_choices_km
from search.results import SearchResults

from .candidate_cards import CandidateCard, candidate_card
from .cards import PostingCard
from .corrections import corrections, form_errors, place_suggestion_links
from .exchange_forms import ContactAnswerForm, ContactRequestForm
from .pagination import PAGE_SIZE, last_page, page_links
from .search_views import Facet, canonical_params, checkbox_facet, facet_filters
from .seeker_forms import language_choices

logger = logging.getLogger(__name__)

CANDIDATE_SORT_LABELS = {
    "relevance": gettext_lazy("Relevance"),
    "date": gettext_lazy("Recently updated"),
    "distance": gettext_lazy("Distance"),
}
CANDIDATE_FACET_TITLES = {
    "county": gettext_lazy("County"),
    "field": gettext_lazy("Occupational field"),
    "offer_type": gettext_lazy("Offer type"),
    "employment_type": gettext_lazy("Working time"),
    "language": gettext_lazy("Languages"),
    "licence": gettext_lazy("Driving licences and permits"),
    "qualification": gettext_lazy("Qualification"),
}
CANDIDATE_FORM_FIELDS = ("q", "place", "radius_km", "sort")
# Besides the job search's radii: a usual commuting distance, what candidates mostly give as theirs.
CANDIDATE_EXTRA_RADII_KM = (30,)
# How many matching jobs the seeker's dashboard lists (the search's best first).
DASHBOARD_MATCHES = 5


# --- who may ------------------------------------------------------------------------------------------------------


def _forbidden(request: HttpRequest, reason: str) -> HttpResponse:
    """A clear 403 page: why this page is not for them, and where to go instead."""
    return render(request, "frontend/exchange/forbidden.html", {"reason": reason}, status=403)


def _exchange_company(request: HttpRequest, company_slug: str) -> Company | HttpResponse:
    """The company the user acts for on an exchange page, or the 403 page: only members of an approved company."""
    company = contact_selectors.contact_companies_of(user=request.user).filter(slug=company_slug).first()
    if company is not None:
        return company
    user: Any = request.user
    member = CompanyMembership.objects.filter(user=user, company__slug=company_slug).exists()
    if member:
        reason = _("Your company can search candidates once the operator has approved it.")
    else:
        reason = _("The candidate search is for members of the region's approved companies.")
    return _forbidden(request, reason)


def _extra_labels(name: str) -> dict[str, str]:
    """Names of facet values the search layer may leave as codes (the profile's own choices)."""
    if name == "licence":
        return {k: str(v) for k, v in Licence.choices}
    if name == "qualification":
        return {k: str(v) for k, v in VocationalQualification.choices}
    return {}


def _candidate_facets(results: SearchResults[Any]) -> list[Facet]:
    facets = []
    for name, values in results.facets.items():
        if not values:
            continue
        facet = checkbox_facet(name, CANDIDATE_FACET_TITLES.get(name, name), values)
        extra = (
            dict(language_choices([c["value"].partition(":")[0] for c in facet.choices]))
            if name == "language"
            else _extra_labels(name)
        )
        for choice in facet.choices:
            if choice["label"] == choice["value"] and choice["value"] in extra:
                choice["label"] = extra[choice["value"]]
        facets.append(facet)
    order = list(CANDIDATE_FACET_TITLES)
    facets.sort(key=lambda f: order.index(f.name) if f.name in order else len(order))
    return facets


def _hit_profiles(company: Company, hits: list[Any]) -> list[SeekerProfile]:
    """The hits' profiles in the hits' order, re-checked at read time by the rule of the API's hits
    (contact_selectors.is_reachable): a profile hidden or blocking since it was indexed drops out here."""
    # The cards read every relation of profile_company_view: fetched once for the page, not per card.
    found = (
        SeekerProfile.objects.filter(pk__in=[hit.id for hit in hits])
        .annotate(blocking=contact_selectors.blocking_annotation(company.pk))
        .select_related("user", "home_municipality")
        .prefetch_related("counties", "blocked_companies")
    )
    by_id = {
        p.pk: p
        for p in found
        if contact_selectors.is_reachable(
            visibility=p.visibility,
            account_active=p.user.is_active,
            blocking=p.blocking,  # type: ignore[attr-defined]  # the annotation
        )
    }
    return [by_id[hit.id] for hit in hits if hit.id in by_id]


def _cards(company: Company, profiles: list[SeekerProfile]) -> list[tuple[CandidateCard, str]]:
    out = []
    for profile in profiles:
        view = profile_company_view(profile)
        if view is None:
            continue
        url = reverse("frontend:candidate_detail", kwargs={"company_slug": company.slug, "public_id": view["id"]})
        out.append((candidate_card(view), url))
    return out


# --- the company area ---------------------------------------------------------------------------------------------


@login_required
@never_cache
def candidate_search(request: HttpRequest, company_slug: str) -> HttpResponse:
    company = _exchange_company(request, company_slug)
    if isinstance(company, HttpResponse):
        return company
    here = reverse("frontend:candidate_search", kwargs={"company_slug": company.slug})
    clean = canonical_params(request.GET)
    clean.pop("lat", None)
    clean.pop("lon", None)
    if clean.urlencode() != request.GET.urlencode():
        return HttpResponseRedirect(f"{here}?{clean.urlencode()}" if clean else here)
    radius = parse_radius_km(clean.get("radius_km", ""))
    sq: dict[str, Any] = {
        "q": clean.get("q", ""),
        "place": clean.get("place", ""),
        "radius_km": default_radius_km() if radius is None else radius,
        "sort": clean.get("sort", ""),
    }
    context: dict[str, Any] = {
        "company": company,
        "sq": sq,
        "radii": tuple(sorted({*radius_choices_km(sq["radius_km"]), *CANDIDATE_EXTRA_RADII_KM})),
        "sorts": [(value, CANDIDATE_SORT_LABELS[value]) for value in SORTS],
        "form_id": "candidate-search",
        "form_action": here,
        "form_label": _("Candidate search"),
        "q_placeholder": _("Occupation, skill or qualification"),
        "no_geo": True,
    }
    asked = clean.copy()
    asked["page_size"] = str(PAGE_SIZE)
    try:
        query = ProfileQuery.from_params(asked, company_id=company.pk)
    except SearchQueryError as exc:
        errors = form_errors(exc)
        context["place_suggestions"] = place_suggestion_links(here, clean, exc)
        context["field_errors"] = {name: errors[name] for name in CANDIDATE_FORM_FIELDS if name in errors}
        context["other_errors"] = [
            f"{CANDIDATE_FACET_TITLES.get(name, name)}: {m}"
            for name, msgs in errors.items()
            if name not in CANDIDATE_FORM_FIELDS
            for m in msgs
        ]
        return render(request, "frontend/exchange/candidate_search.html", context, status=400)
    try:
        results = search_selectors.search_profiles(query)
    except SearchBackendError:
        logger.exception("search backend failed")
        context["unavailable"] = True
        response = render(request, "frontend/exchange/candidate_search.html", context, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    facets = _candidate_facets(results)
    context.update(
        query=query,
        results=results,
        facets=facets,
        active_filters=facet_filters(clean, facets, base=here),
        cards=_cards(company, _hit_profiles(company, list(results.hits))),
        pages=page_links(clean, query.page, last_page(results.total)),
        corrections=corrections(here, clean, place_corrected=query.place_corrected),
    )
    return render(request, "frontend/exchange/candidate_search.html", context)


def _company_postings(company: Company) -> Any:
    return (
        JobPosting.objects.visible()
        .filter(company=company)
        .prefetch_related("workplaces__municipality")
        .order_by("title", "-date_posted", "pk")
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def candidate_detail(request: HttpRequest, company_slug: str, public_id: str) -> HttpResponse:
    company = _exchange_company(request, company_slug)
    if isinstance(company, HttpResponse):
        return company
    profile = contact_selectors.profile_reachable_get(company=company, public_id=public_id)
    view = profile_company_view(profile) if profile is not None else None
    if profile is None or view is None:
        raise Http404
    requests = contact_selectors.contact_requests_of_companies(companies=Company.objects.filter(pk=company.pk))
    latest = requests.filter(profile=profile).first()
    contact = contact_selectors.contact_request_company_view(latest)["contact"] if latest is not None else None
    form = ContactRequestForm(request.POST if request.method == "POST" else None, postings=_company_postings(company))
    status, limit = 200, None
    if request.method == "POST":
        if form.is_valid():
            try:
                contact_request_send(
                    company=company,
                    profile=profile,
                    message=form.cleaned_data["message"],
                    posting=form.cleaned_data["posting"],
                    by=request.user,
                )
            except SeekerProfile.DoesNotExist as exc:
                raise Http404 from exc
            except PermissionDenied:
                return _forbidden(request, _("Only members of an approved company can ask candidates to get in touch."))
            except ContactRequestLimit as exc:
                limit, status = exc, 429
            except ValidationError as exc:
                form.add_service_errors(exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("Your request was sent. The candidate decides whether your company learns who they are."),
                )
                return redirect(request.path)
        else:
            status = 400
    context = {
        "company": company,
        "card": candidate_card(view),
        "latest": latest,
        "contact": contact,
        "open": latest is not None and latest.status == ContactStatus.PENDING,
        "form": form,
        "limit": limit,
        "limit_hours": math.ceil(limit.retry_after / 3600) if limit is not None else 0,
    }
    response = render(request, "frontend/exchange/candidate_detail.html", context, status=status)
    if limit is not None:
        response["Retry-After"] = str(limit.retry_after)
    return response


@login_required
@never_cache
def company_requests(request: HttpRequest, company_slug: str) -> HttpResponse:
    company = _exchange_company(request, company_slug)
    if isinstance(company, HttpResponse):
        return company
    sent = contact_selectors.contact_requests_of_companies(companies=Company.objects.filter(pk=company.pk))
    rows = []
    for contact_request in sent:
        seen = contact_selectors.contact_request_company_view(contact_request)
        candidate = seen["candidate"]
        summary = candidate_card(candidate).summary if "occupations" in candidate else ""
        url = (
            reverse("frontend:candidate_detail", kwargs={"company_slug": company.slug, "public_id": candidate["id"]})
            if summary
            else ""
        )
        rows.append({"request": contact_request, "summary": summary, "url": url, "contact": seen["contact"]})
    context = {"company": company, "rows": rows, "expiry_days": settings.CONTACT_REQUEST_EXPIRY_DAYS}
    return render(request, "frontend/exchange/company_requests.html", context)


def _matching_candidates(posting: JobPosting, page: int, page_size: int) -> SearchResults[Any] | None:
    """The candidates matching a posting through the search layer; None when the search fails."""
    try:
        results: SearchResults[Any] = search_selectors.matching_candidates(
            posting=posting, page=page, page_size=page_size
        )
    except SearchBackendError:
        logger.exception("search backend failed")
        return None
    return results


def matching_counts(company: Any) -> dict[int, int]:
    """How many candidates match each published posting of an approved company (the company area's counts)."""
    if not company.is_approved:
        return {}
    counts = {}
    for posting in _company_postings(company):
        results = _matching_candidates(posting, 1, 1)
        if results is not None:
            counts[posting.pk] = results.total
    return counts


@login_required
@never_cache
def posting_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    posting = JobPosting.objects.of_user(request.user).filter(pk=pk).select_related("company").first()
    if posting is None:
        raise Http404
    company = _exchange_company(request, posting.company.slug)
    if isinstance(company, HttpResponse):
        return company
    if not JobPosting.objects.visible().filter(pk=posting.pk).exists():
        raise Http404
    page = request.GET.get("page", "1")
    number = int(page) if page.isascii() and page.isdigit() and 0 < len(page) < 6 and int(page) > 0 else 1
    results = _matching_candidates(posting, number, PAGE_SIZE)
    context: dict[str, Any] = {"company": company, "posting": posting, "results": results, "cards": []}
    if results is not None:
        context["cards"] = _cards(company, _hit_profiles(company, list(results.hits)))
        params = QueryDict(mutable=True)
        context["pages"] = page_links(params, number, last_page(results.total))
        context["page"] = number
    return render(request, "frontend/exchange/posting_candidates.html", context)


# --- the seeker's inbox -------------------------------------------------------------------------------------------


@login_required
@never_cache
def seeker_requests(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    profile = SeekerProfile.objects.filter(user=user).first()
    context = {
        "requests": list(contact_selectors.contact_requests_of_profile(profile=profile)),
        "named": profile is not None and profile.visibility == Visibility.NAMED,
    }
    return render(request, "frontend/exchange/seeker_requests.html", context)


def _own_request(request: HttpRequest, public_id: str) -> ContactRequest:
    found = contact_selectors.contact_request_of_user(user=request.user, public_id=public_id)
    if found is None:
        raise Http404
    return found


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def seeker_request_answer(request: HttpRequest, public_id: str, answer: str) -> HttpResponse:
    """The confirmation of an answer (GET: what it means) and the answer itself (POST)."""
    contact_request = _own_request(request, public_id)
    form = ContactAnswerForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        name = contact_request.company.name
        try:
            if answer == "accept":
                contact_request_accept(request=contact_request, by=request.user)
                messages.success(
                    request,
                    _("You accepted. %(company)s now sees your name, e-mail address and phone number.")
                    % {"company": name},
                )
            else:
                block = form.cleaned_data["block_company"]
                contact_request_decline(request=contact_request, by=request.user, block_company=block)
                if block:
                    text = _("You declined and blocked %(company)s: it will not find or ask you again.")
                else:
                    text = _("You declined. %(company)s gets a neutral notice and does not learn who you are.")
                messages.success(request, text % {"company": name})
        except ValidationError as exc:
            form.add_error(None, [str(m) for msgs in exc.message_dict.values() for m in msgs])
            status = 400
        else:
            return redirect("frontend:seeker_requests")
    return render(
        request,
        "frontend/exchange/seeker_answer.html",
        {"contact_request": contact_request, "answer": answer, "form": form},
        status=status,
    )


def open_requests_count(user: Any) -> int:
    profile = SeekerProfile.objects.filter(user=user).first()
    return contact_selectors.contact_requests_of_profile(profile=profile).filter(status=ContactStatus.PENDING).count()


def matching_job_cards(profile: SeekerProfile | None) -> list[PostingCard] | None:
    """The dashboard's "Passende Stellen": the best matching postings of a findable profile (None: nothing to show)."""
    if profile is None or profile.updated_at is None:
        return None
    try:
        results = search_selectors.matching_jobs(profile=profile, page=1, page_size=DASHBOARD_MATCHES)
    except SearchBackendError:
        logger.exception("search backend failed")
        return None
    return [PostingCard.from_hit(hit) for hit in results.hits]
