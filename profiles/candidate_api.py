"""REST endpoints of the candidate search and of matching, both ways. Thin: authorize, parse, call a selector, render.

Members of approved companies search the findable profiles (`/candidates/`), read one (`/candidates/{id}/`) and
see the candidates matching one of their postings; a seeker sees the postings matching their profile. Answers carry
personal data: no cache keeps them (`never_cache`). A candidate is named by their opaque public id only.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpResponseBase
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.models import Company
from jobs.models import JobPosting
from search.api import SearchHitSerializer, SearchUnavailable, hit_data, json_response
from search.backends.base import RETRY_AFTER_SECONDS, SearchBackendError
from search.matching import POSTING_FIELDS
from search.query import MAX_PAGE_SIZE, MAX_QUERY_CHARS, MAX_RADIUS_KM, PROFILE_ALL_FACETS, ProfileQuery
from search.results import FacetValue, SearchResults
from search.selectors import matching_jobs

from .candidate_selectors import candidate_detail, candidate_matching, candidate_search
from .contact_api import _acting_company
from .contact_selectors import contact_companies_of
from .models import SeekerProfile

logger = logging.getLogger(__name__)

# --- Serializers (the schema of the answers; the views build plain dicts) -------------------------------------------


class CandidateOccupationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    title = serializers.CharField()
    field = serializers.CharField(help_text="KldB 2010 two-digit occupational group.")
    field_name = serializers.CharField()  # type: ignore[assignment]  # popped by DRF like every declared field
    experience_years = serializers.IntegerField()


class CandidateQualificationsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    school = serializers.CharField(allow_blank=True)
    vocational = serializers.CharField(allow_blank=True)


class CandidateLanguageSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    level = serializers.CharField()


class CandidatePlaceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(help_text="The home municipality (never a street or postal code).")
    county = serializers.CharField(help_text="County AGS.")
    county_name = serializers.CharField()


class CandidateFieldSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    name = serializers.CharField()


class CandidateIdentitySerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField(allow_blank=True)


class CandidateHitSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.UUIDField(help_text="The candidate's opaque id.")
    headline = serializers.CharField(allow_blank=True)
    occupations = CandidateOccupationSerializer(many=True)
    experience_years = serializers.IntegerField(help_text="The most years of experience in one occupation.")
    qualifications = CandidateQualificationsSerializer()
    skills = serializers.ListField(child=serializers.CharField())
    languages = CandidateLanguageSerializer(many=True)
    licences = serializers.ListField(child=serializers.CharField())
    place = CandidatePlaceSerializer(allow_null=True)
    distance_km = serializers.FloatField(allow_null=True, help_text="From the place asked for; null without one.")
    fields = CandidateFieldSerializer(many=True)  # type: ignore[assignment]  # popped by DRF like every declared field
    offer_types = serializers.ListField(child=serializers.CharField())
    employment_types = serializers.ListField(child=serializers.CharField())
    available_from = serializers.DateField(allow_null=True)
    updated_at = serializers.DateTimeField()
    visibility = serializers.CharField(help_text="pseudonymous or named (a hidden profile is never shown).")
    contact = CandidateIdentitySerializer(
        allow_null=True, help_text="Name, e-mail address and phone of a named profile; null for a pseudonymous one."
    )


class CandidateFacetValueSerializer(serializers.Serializer):  # type: ignore[type-arg]
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label (DRF allows it)
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class CandidateFacetsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    def get_fields(self) -> dict[str, Any]:
        return {dim: CandidateFacetValueSerializer(many=True) for dim in PROFILE_ALL_FACETS}


class CandidateResultsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = CandidateHitSerializer(many=True)
    facets = CandidateFacetsSerializer(help_text="Counts per value, each over all other filters (multi-select).")
    place_corrected = serializers.CharField(
        allow_null=True,
        help_text="The place searched instead of a misspelt `place` (one or two typos from exactly one known place); "
        "null when the place was found as given or none was given.",
    )


class CandidateRequestStateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=["pending", "accepted", "declined", "expired"])
    created_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)


class CandidateDetailSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.UUIDField(help_text="The candidate's opaque id.")
    headline = serializers.CharField(allow_blank=True)
    occupations = serializers.ListField(child=serializers.DictField())
    offer_types = serializers.ListField(child=serializers.CharField())
    employment_types = serializers.ListField(child=serializers.CharField())
    contract = serializers.CharField(allow_blank=True)
    available_from = serializers.DateField(allow_null=True)
    remote = serializers.CharField(allow_blank=True)
    home_municipality = serializers.CharField(allow_null=True, help_text="Municipality AGS.")
    home_postal_code = serializers.CharField(allow_blank=True)
    commute_km = serializers.IntegerField()
    counties = serializers.ListField(child=serializers.CharField())
    about = serializers.CharField(allow_blank=True)
    school_qualification = serializers.CharField(allow_blank=True)
    vocational_qualification = serializers.CharField(allow_blank=True)
    skills = serializers.ListField(child=serializers.CharField())
    languages = CandidateLanguageSerializer(many=True)
    licences = serializers.ListField(child=serializers.CharField())
    salary_expectation = serializers.IntegerField(allow_null=True)
    visibility = serializers.CharField(help_text="pseudonymous or named (a hidden profile is never shown).")
    published_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)
    has_cv = serializers.BooleanField(required=False, help_text="Named profiles only.")
    name = serializers.CharField(allow_null=True, help_text="Named, or once this company's request was accepted.")
    email = serializers.EmailField(allow_null=True, help_text="Named, or once this company's request was accepted.")
    phone = serializers.CharField(allow_null=True, help_text="Named, or once this company's request was accepted.")
    contact_request = CandidateRequestStateSerializer(
        allow_null=True, help_text="This company's newest contact request to the candidate; null if none."
    )


class MatchingJobsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = SearchHitSerializer(many=True)
    note = serializers.CharField(allow_null=True, help_text="Why the list is empty, when no profile can match.")


class MatchingCandidatesSerializer(serializers.Serializer):  # type: ignore[type-arg]
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = CandidateHitSerializer(many=True)


# --- Parameters -----------------------------------------------------------------------------------------------------


def _multi(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, many=True, explode=True, description=description)


_COMPANY = OpenApiParameter(
    "company", OpenApiTypes.STR, description="The company you act for (its slug); needed only by members of several."
)
_PAGING = [
    OpenApiParameter("page", OpenApiTypes.INT, description="From 1."),
    OpenApiParameter("page_size", OpenApiTypes.INT, description=f"At most {MAX_PAGE_SIZE}."),
]
_CANDIDATE_PARAMETERS = [
    _COMPANY,
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description=f"German full text over wanted occupations, headline, skills and about text; at most "
        f"{MAX_QUERY_CHARS} characters.",
    ),
    OpenApiParameter("place", OpenApiTypes.STR, description="Your place (name or postal code)."),
    OpenApiParameter(
        "radius_km",
        OpenApiTypes.FLOAT,
        description=f"0 to {MAX_RADIUS_KM:.0f} km around the place; a candidate matches when the place also lies "
        "within their own commuting distance.",
    ),
    _multi("county", "County AGS: the candidate's home county or one they named."),
    _multi("field", "KldB 2010 two-digit occupational group."),
    _multi("area", "KldB 2010 one-digit occupational area."),
    _multi("offer_type", "job, apprenticeship, internship, self_employment."),
    _multi("employment_type", "full_time, part_time, mini_job, shift."),
    OpenApiParameter("available_by", OpenApiTypes.DATE, description="Available on this date or earlier."),
    _multi("language", "A two-letter code, optionally with the least level (en:B2); all given are required."),
    _multi("licence", "Driving or other licences; all given are required."),
    OpenApiParameter(
        "qualification",
        OpenApiTypes.STR,
        description="Least vocational qualification (apprenticeship < master_technician < bachelor < master < "
        "doctorate).",
    ),
    OpenApiParameter("experience_min_years", OpenApiTypes.INT, description="Least years in one wanted occupation."),
    OpenApiParameter(
        "sort", OpenApiTypes.STR, enum=["relevance", "date", "distance"], description="date: recently updated first."
    ),
    *_PAGING,
]

_NOT_FOUND = OpenApiResponse(description="No such candidate, or one your company may not see.")
_UNAVAILABLE = OpenApiResponse(description="The search engine is unavailable; see Retry-After.")
_FORBIDDEN = OpenApiResponse(description="Only members of an approved company.")


# --- Views ----------------------------------------------------------------------------------------------------------


class _ApiView(APIView):
    """Authenticated, JSON only; the search engine failing answers 503 with Retry-After (as the job search)."""

    permission_classes = [permissions.IsAuthenticated]
    renderer_classes = [JSONRenderer]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, SearchBackendError):
            logger.error("search backend failed: %s", exc)
            response = super().handle_exception(SearchUnavailable())
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        return super().handle_exception(exc)


def _company(request: Request) -> Company:
    slug = request.query_params.get("company")
    refusal = _("Only members of an approved company can search and see candidates.")
    return _acting_company(request.user, slug.strip() if slug and slug.strip() else None, refusal=refusal)


def _facets(results: SearchResults[Any]) -> dict[str, list[dict[str, Any]]]:
    def row(v: FacetValue) -> dict[str, Any]:
        return {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}

    dims = dict.fromkeys((*PROFILE_ALL_FACETS, *results.facets))
    return {dim: [row(v) for v in results.facets.get(dim, [])] for dim in dims}


def _paged(results: SearchResults[Any], rows: list[dict[str, Any]], *, page: int, page_size: int) -> dict[str, Any]:
    return {"count": results.total, "page": page, "page_size": page_size, "results": rows}


@method_decorator(never_cache, name="dispatch")
class CandidateSearchApi(_ApiView):
    """Search the candidates (findable seeker profiles) as a member of an approved company: the pseudonymous summary
    of each, with name and contact only for profiles shown with name. Profiles that blocked your company are never
    found nor counted."""

    @extend_schema(
        operation_id="candidates_search",
        parameters=_CANDIDATE_PARAMETERS,
        responses={200: CandidateResultsSerializer, 403: _FORBIDDEN, 503: _UNAVAILABLE},
        tags=["candidates"],
    )
    def get(self, request: Request) -> HttpResponseBase:
        company = _company(request)
        params = request.query_params.copy()
        params.pop("company", None)
        query = ProfileQuery.from_params(params, company_id=company.pk)
        found = candidate_search(company=company, query=query)
        data = _paged(found.results, found.hits, page=query.page, page_size=query.page_size)
        data["facets"] = _facets(found.results)
        data["place_corrected"] = query.place_corrected or None
        return json_response(data)


@method_decorator(never_cache, name="dispatch")
class CandidateDetailApi(_ApiView):
    """One candidate as your company sees them: the whole visible profile; name, e-mail address and phone when it is
    shown with name or once the candidate accepted your company's contact request (else null); and the state of
    your company's newest request to them."""

    @extend_schema(
        operation_id="candidates_retrieve",
        parameters=[_COMPANY],
        responses={200: CandidateDetailSerializer, 403: _FORBIDDEN, 404: _NOT_FOUND},
        tags=["candidates"],
    )
    def get(self, request: Request, public_id: Any) -> Response:
        view = candidate_detail(company=_company(request), public_id=public_id)
        if view is None:
            raise Http404
        return Response(view)


def _paging(request: Request) -> tuple[int, int]:
    """The page and page size asked for, read and refused (400 naming them) as the searches read them."""
    asked = {name: request.query_params.getlist(name) for name in ("page", "page_size") if name in request.query_params}
    query = ProfileQuery.from_params(asked)
    return query.page, query.page_size


@method_decorator(never_cache, name="dispatch")
class MyMatchingJobsApi(_ApiView):
    """The published postings that match your profile best (occupation field and title, offer and employment type,
    place within your commuting distance, availability). Without a findable profile the list is empty, and `note`
    says why."""

    @extend_schema(operation_id="me_matching_jobs", parameters=_PAGING, responses={200: MatchingJobsSerializer})
    def get(self, request: Request) -> HttpResponseBase:
        page, page_size = _paging(request)
        user: Any = request.user
        profile = SeekerProfile.objects.filter(user=user).first()
        empty = {"count": 0, "page": page, "page_size": page_size, "results": []}
        if profile is None:
            return Response(
                {**empty, "note": _("You have no profile yet: create one to see the postings that match it.")}
            )
        if not profile.is_findable:
            note = _("Your profile is hidden: make it findable to see the postings that match it.")
            return Response({**empty, "note": note})
        results = matching_jobs(profile=profile, page=page, page_size=page_size)
        rows = [hit_data(h) for h in results.hits]
        return json_response({**_paged(results, rows, page=page, page_size=page_size), "note": None})


@method_decorator(never_cache, name="dispatch")
class JobMatchingCandidatesApi(_ApiView):
    """The candidates that match one of your company's postings best (the same rules as the seekers' matching jobs),
    as the candidate search shows them. Members of the posting's approved company only; profiles that blocked it
    are never among them."""

    @extend_schema(
        operation_id="jobs_matching_candidates",
        parameters=_PAGING,
        responses={
            200: MatchingCandidatesSerializer,
            403: _FORBIDDEN,
            404: OpenApiResponse(description="No such posting of your companies."),
        },
        tags=["jobs"],
    )
    def get(self, request: Request, pk: int) -> HttpResponseBase:
        # The posting by its primary key with only the columns matching reads (not the description, which runs to
        # many kilobytes), then whether the asker is a member of its approved company: two plain queries answer
        # sooner than one that joins them. The refusals ask once more.
        posting = JobPosting.objects.only(*POSTING_FIELDS, "company_id").filter(pk=pk).first()
        companies = contact_companies_of(user=request.user)
        if posting is None or not companies.filter(pk=posting.company_id).exists():
            if not companies.exists():
                raise exceptions.PermissionDenied(_("Only members of an approved company see matching candidates."))
            raise Http404  # none, or another company's posting: as if there were none
        page, page_size = _paging(request)
        found = candidate_matching(posting=posting, page=page, page_size=page_size)
        return json_response(_paged(found.results, found.hits, page=page, page_size=page_size))
