"""Search endpoints. Thin: parse the parameters into a SearchQuery, call the selector, render."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import APIException
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import cached_answer
from config.caching import Generation
from frontend.templatetags.frontend import job_url
from jobs.models import SalaryPeriod

from .backends.base import RETRY_AFTER_SECONDS, SearchBackendError
from .query import (
    DATE_BUCKETS,
    DATE_FACET,
    FACETS,
    MAX_PAGE_SIZE,
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    MAX_RADIUS_KM,
    MAX_SUGGEST_CHARS,
    SearchQuery,
    default_radius_km,
)
from .results import Hit
from .selectors import jobs_per_place, place_search_params, search_jobs, search_miss_note, suggest

logger = logging.getLogger(__name__)


class SearchCompanySerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class SearchPlaceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    municipality = serializers.CharField(help_text="Municipality AGS")
    name = serializers.CharField()
    postal_code = serializers.CharField()
    county = serializers.CharField(help_text="County AGS")
    lat = serializers.FloatField()
    lon = serializers.FloatField()


class SearchFieldSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    name = serializers.CharField()


class SearchSalarySerializer(serializers.Serializer):  # type: ignore[type-arg]
    min = serializers.FloatField(allow_null=True, help_text="Lowest amount; null when only an upper one is given.")
    max = serializers.FloatField(allow_null=True, help_text="Highest amount; null when only a lower one is given.")
    currency = serializers.CharField(help_text="ISO 4217, e.g. EUR.")
    period = serializers.ChoiceField(
        choices=SalaryPeriod.values, allow_null=True, help_text="What the amounts are paid for; null if not said."
    )


class SearchHitSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    url = serializers.CharField(
        help_text="The posting's page, site-relative (e.g. /jobs/123-zerspanungsmechaniker/): prefix it with the "
        "origin the API was asked at."
    )
    title = serializers.CharField()
    company = SearchCompanySerializer()
    places = SearchPlaceSerializer(many=True)
    distance_km = serializers.FloatField(allow_null=True, help_text="Only when a place is given.")
    field = SearchFieldSerializer(allow_null=True)
    employment_types = serializers.ListField(child=serializers.CharField())
    date_posted = serializers.DateField()
    snippet = serializers.CharField(help_text="Escaped HTML; matched words wrapped in <mark>.")
    salary = SearchSalarySerializer(allow_null=True, help_text="As posted; null when the posting names no salary.")


class SearchFacetValueSerializer(serializers.Serializer):  # type: ignore[type-arg]
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label (DRF allows it)
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class SearchFacetsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    county = SearchFacetValueSerializer(many=True)
    field = SearchFacetValueSerializer(many=True)
    area = SearchFacetValueSerializer(many=True)
    employment_type = SearchFacetValueSerializer(many=True)
    offer_type = SearchFacetValueSerializer(many=True)
    network = SearchFacetValueSerializer(many=True)
    contract = SearchFacetValueSerializer(many=True)
    remote = SearchFacetValueSerializer(many=True)
    posted_within_days = SearchFacetValueSerializer(
        many=True, help_text=f"Postings per posted_within_days choice ({', '.join(map(str, DATE_BUCKETS))})."
    )


class SearchResultsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = SearchHitSerializer(many=True)
    facets = SearchFacetsSerializer()
    place_corrected = serializers.CharField(
        allow_null=True,
        help_text="The place searched instead of a misspelt `place` (one or two typos from exactly one known place, "
        "e.g. Nordhausen for Nordhasuen); null when the place was found as given or none was given.",
    )
    q_corrected = serializers.CharField(
        allow_null=True,
        help_text="`q` as the results spell the words found with one typo (e.g. Mechaniker for Mechnaiker); null "
        "when every word was found as given.",
    )


class PlacePointSerializer(serializers.Serializer):  # type: ignore[type-arg]
    type = serializers.ChoiceField(choices=["Point"])
    coordinates = serializers.ListField(
        child=serializers.FloatField(), min_length=2, max_length=2, help_text="Longitude, latitude (WGS 84)."
    )


class PlacePropertiesSerializer(serializers.Serializer):  # type: ignore[type-arg]
    ags = serializers.CharField(help_text="Municipality AGS (eight digits).")
    name = serializers.CharField()
    count = serializers.IntegerField(help_text="Postings of the search with a workplace in this municipality.")
    url = serializers.URLField(help_text="The job search page of these postings (the same search, in this place).")


class PlaceFeatureSerializer(serializers.Serializer):  # type: ignore[type-arg]
    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.CharField(help_text="Municipality AGS.")
    geometry = PlacePointSerializer()
    properties = PlacePropertiesSerializer()


class PlaceFeatureCollectionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = PlaceFeatureSerializer(many=True)


class SearchSuggestionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.ChoiceField(choices=["title", "place"])
    text = serializers.CharField()
    count = serializers.IntegerField()


class SearchSuggestResponseSerializer(serializers.Serializer):  # type: ignore[type-arg]
    titles = SearchSuggestionSerializer(many=True)
    places = SearchSuggestionSerializer(many=True)


def _multi(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, many=True, explode=True, description=description)


_SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description=f"German full text (stemming, compounds, one typo); at most {MAX_QUERY_CHARS} characters, of "
        f"which the first {MAX_QUERY_WORDS} words count.",
    ),
    _multi("county", "County AGS (five digits); repeat or comma-separate for several."),
    OpenApiParameter(
        "place",
        OpenApiTypes.STR,
        description="Place in Thuringia: its whole name (never a prefix: Berlin is not Berlingerode), a postal code, "
        "'Name (County)', 'Name, County' or 'PLZ Name'. One or two typos from exactly one place are corrected "
        "(place_corrected); an unknown or shared name is a 400 with suggestions.",
    ),
    OpenApiParameter("lat", OpenApiTypes.FLOAT, description="Latitude instead of a place name."),
    OpenApiParameter("lon", OpenApiTypes.FLOAT, description="Longitude instead of a place name."),
    OpenApiParameter(
        "radius_km",
        OpenApiTypes.FLOAT,
        description=f"Around the place, 0 (only the place) to {MAX_RADIUS_KM:.0f} km; default {default_radius_km()} "
        "km. A decimal comma is read as such (2,5 = 2.5); 1,000 or 2.500 (thousands or decimals?) is a 400.",
    ),
    _multi("field", "KldB 2010 two-digit occupational group."),
    _multi("area", "KldB 2010 one-digit occupational area."),
    _multi("employment_type", "full_time, part_time, mini_job, shift."),
    _multi("offer_type", "job, apprenticeship, internship, self_employment."),
    _multi("contract", "permanent, fixed_term."),
    _multi("remote", "none, hybrid, full (or true for hybrid and full)."),
    OpenApiParameter(
        "salary_min", OpenApiTypes.FLOAT, description="Minimum monthly pay in EUR; a decimal comma is read as such."
    ),
    OpenApiParameter("posted_within_days", OpenApiTypes.INT, description="Posted in the last n days."),
    _multi("company", "Company slug."),
    _multi("network", "Network slug."),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=["relevance", "date", "distance"]),
    OpenApiParameter("page", OpenApiTypes.INT),
    OpenApiParameter("page_size", OpenApiTypes.INT, description=f"At most {MAX_PAGE_SIZE}."),
]


class _JsonOnly(BaseContentNegotiation):
    """These endpoints speak JSON only: no Accept header parsing per request."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


def _json(data: Any) -> HttpResponse:
    """The bytes DRF's JSONRenderer writes (compact, UTF-8, U+2028/9 escaped), encoded by orjson: the data are
    plain JSON types already (dates as ISO strings, labels as str), and encoding is the API's largest own cost."""
    body = orjson.dumps(data)
    if b"\xe2\x80\xa8" in body or b"\xe2\x80\xa9" in body:  # U+2028/9 break JavaScript string literals
        body = body.replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")
    return HttpResponse(body, content_type="application/json")


# The authenticated searches (profiles.candidate_api: candidates, matching) answer the same way.
json_response = _json


class SearchUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("The search is unavailable at the moment. Please try again in a few minutes.")
    default_code = "search_unavailable"


class _PublicJsonApi(APIView):
    """Public, read-only, JSON-only: no authentication, no body parsing, no content negotiation per request."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []
    renderer_classes = [JSONRenderer]
    parser_classes: list[Any] = []  # GET only: no request body to parse
    content_negotiation_class = _JsonOnly

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """A GET goes straight to the handler: nothing DRF does around it (request wrapper, authentication,
        permissions, throttles, negotiation) applies to a public JSON read, and together it cost as much as the
        rest of the API's own work. Other methods, and any error, take DRF's way, so errors answer as elsewhere."""
        if request.method != "GET":
            return super().dispatch(request, *args, **kwargs)
        try:
            response: HttpResponseBase = self.get(request, *args, **kwargs)  # type: ignore[attr-defined]
        except SearchBackendError as exc:  # answered here: DRF's way would ask the failing engine a second time
            return search_unavailable(exc)
        except Exception:  # DRF's exception handling answers: it runs the request again
            return super().dispatch(request, *args, **kwargs)
        return response

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, SearchBackendError):
            response = super().handle_exception(SearchUnavailable())
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            logger.error("search backend failed: %s", exc)
            return response
        return super().handle_exception(exc)


def search_unavailable(exc: SearchBackendError) -> HttpResponse:
    """The search engine down, failing or too slow is not the caller's fault: 503, with a hint when to come back
    (the body DRF gives any APIException)."""
    logger.error("search backend failed: %s", exc)
    response = _json({"detail": str(SearchUnavailable.default_detail)})
    response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def hit_data(h: Hit) -> dict[str, Any]:
    """A posting found, as the search API shows it (SearchHitSerializer): plain JSON types."""
    return {
        "id": h.id,
        "url": job_url(h.id, h.title),
        "title": h.title,
        "company": h.company,
        "places": h.places,
        "distance_km": h.distance_km,
        "field": h.field,
        "employment_types": h.employment_types,
        "date_posted": h.date_posted.isoformat(),
        "snippet": h.snippet,
        "salary": h.salary,
    }


class JobSearchApi(_PublicJsonApi):
    """Search the visible postings, with facet counts (each facet over all other filters)."""

    @extend_schema(
        operation_id="search_jobs",
        parameters=_SEARCH_PARAMETERS,
        responses={200: SearchResultsSerializer},
        tags=["search"],
    )
    def get(self, request: HttpRequest | Request) -> HttpResponse:
        query = SearchQuery.from_params(request.GET)
        results = search_jobs(query)
        search_miss_note(query, results)
        # FacetValue dataclasses are written by orjson itself (value, count, label, selected).
        facets = {dim: results.facets.get(dim, []) for dim in (*FACETS, DATE_FACET)}
        # Plain dicts rather than serializer instances: the search is the hot path and the shape is fixed.
        return _json(
            {
                "count": results.total,
                "page": query.page,
                "page_size": query.page_size,
                "results": [hit_data(h) for h in results.hits],
                "facets": facets,
                "place_corrected": query.place_corrected or None,
                "q_corrected": results.q_corrected or None,
            }
        )


class SearchSuggestApi(_PublicJsonApi):
    """Job titles and places for autocomplete."""

    @extend_schema(
        operation_id="search_suggest",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, required=True, description="What was typed so far.")],
        responses={200: SearchSuggestResponseSerializer},
        tags=["search"],
    )
    def get(self, request: HttpRequest | Request) -> HttpResponse:
        found = suggest(str(request.GET.get("q", ""))[:MAX_SUGGEST_CHARS])
        return _json(
            {
                "titles": [{"kind": s.kind, "text": s.text, "count": s.count} for s in found if s.kind == "title"],
                "places": [{"kind": s.kind, "text": s.text, "count": s.count} for s in found if s.kind == "place"],
            }
        )


class JobSearchMapApi(_PublicJsonApi):
    """The postings of a search per workplace municipality, as GeoJSON points (RFC 7946): one per municipality,
    most postings first, with how many there are and the link to them. The search's own parameters; a place with a
    radius shows only the municipalities inside it. Pages and sorting do not change it."""

    @extend_schema(
        operation_id="search_jobs_map",
        parameters=_SEARCH_PARAMETERS,
        responses={200: PlaceFeatureCollectionSerializer},
        tags=["search"],
    )
    def get(self, request: HttpRequest | Request) -> HttpResponse:
        def build() -> dict[str, Any]:
            query = SearchQuery.from_params(request.GET)
            page = request.build_absolute_uri(reverse("frontend:job_search"))
            return {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "id": p.ags,
                        "geometry": {"type": "Point", "coordinates": [round(p.lon, 6), round(p.lat, 6)]},
                        "properties": {
                            "ags": p.ags,
                            "name": p.name,
                            "count": p.count,
                            "url": f"{page}?{urlencode(place_search_params(request.GET, p))}",
                        },
                    }
                    for p in jobs_per_place(query)
                ],
            }

        # Like the public lists: cached per URL, language and day until a posting or the gazetteer changes.
        data = cached_answer(request, "search-map", build, depends_on=(Generation.POSTINGS, Generation.REFERENCE))
        return _json(data)
