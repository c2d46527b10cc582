"""Reads of the search: the job search, autocomplete, and how far the index has drifted from the database."""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import global_settings
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy

from companies.models import Network
from config.caching import Generation, cached
from jobs.models import Contract, EmploymentType, OccupationalArea, OccupationalField, OfferType, Remote
from profiles.models import Licence, VocationalQualification
from regions.models import County, Municipality
from regions.selectors import distance_km, place_search

from .backends.base import BaseSearchBackend, get_search_backend
from .corrections import q_corrected
from .documents import documents_for, indexable_postings
from .matching import candidate_query_for_posting, job_query_for_profile
from .profile_documents import indexable_profiles, profile_documents_for
from .query import ProfileQuery, SearchQuery
from .results import Hit, ProfileHit, SearchResults, Suggestion

logger = logging.getLogger(__name__)
POSTED_WITHIN_LABELS: dict[str, Any] = {
    "1": gettext_lazy("since yesterday"),
    "7": gettext_lazy("last 7 days"),
    "30": gettext_lazy("last 30 days"),
}


def _facet_labels_build() -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, Any]] = {
        "county": dict(County.objects.values_list("ags", "name")),
        "field": dict(OccupationalField.objects.values_list("code", "name")),
        "area": dict(OccupationalArea.objects.values_list("code", "name")),
        "employment_type": dict(EmploymentType.choices),
        "offer_type": dict(OfferType.choices),
        "network": dict(Network.objects.values_list("slug", "name")),
        "contract": dict(Contract.choices),
        "remote": dict(Remote.choices),
        "posted_within_days": POSTED_WITHIN_LABELS,
        # The candidate search's own facets: languages by ISO 639-1 code, named as Django names them.
        "language": {code: gettext(name) for code, name in global_settings.LANGUAGES if len(code) == 2},
        "licence": dict(Licence.choices),
        "qualification": dict(VocationalQualification.choices),
    }
    return {dim: {value: str(name) for value, name in names.items()} for dim, names in labels.items()}


def facet_labels() -> dict[str, dict[str, str]]:
    """Names of facet values in the current language, cached per language until reference data change (a renamed
    network shows at once)."""
    name = f"search:facet-labels:{get_language() or ''}"
    return cached(name, _facet_labels_build, depends_on=(Generation.REFERENCE,))


def _label_facets(results: SearchResults[Any]) -> None:
    labels = facet_labels() if results.facets else {}
    for dim, values in results.facets.items():
        names = labels.get(dim, {})
        for v in values:
            v.label = names.get(v.value, v.value)


def search_jobs(query: SearchQuery, *, backend: BaseSearchBackend | None = None) -> SearchResults[Hit]:
    """Answer a search: hits, total and facets (with labels) from the configured backend."""
    results = (backend or get_search_backend()).search(query)
    _label_facets(results)
    if results.typo_words:
        results.q_corrected = q_corrected(query.q, results.typo_words, (hit.title for hit in results.hits))
    return results


def search_profiles(query: ProfileQuery, *, backend: BaseSearchBackend | None = None) -> SearchResults[ProfileHit]:
    """Answer a company's search of the seeker profiles: hits, total and facets (with labels). Only findable
    profiles are in the index, and none that blocked query.company_id is answered. Who may ask (an approved company's
    member) is the caller's check."""
    results = (backend or get_search_backend()).search_profiles(query)
    _label_facets(results)
    return results


@dataclass(frozen=True)
class PlaceCount:
    """A workplace municipality and how many postings of a search have a workplace there: one marker of the map."""

    ags: str
    name: str
    lat: float
    lon: float
    count: int
    # What `place=` of a search names to mean exactly this municipality; "" when its name is shared with another
    # municipality (then lat/lon with radius 0 name it).
    place: str = ""

    def search_params(self) -> dict[str, str]:
        """The parameters that narrow a search to this place (its workplaces lie at its centre: radius 0)."""
        if self.place:
            return {"place": self.place, "radius_km": "0"}
        return {"lat": f"{self.lat:.6f}", "lon": f"{self.lon:.6f}", "radius_km": "0"}


# The parameters that say where a search looks; a place's own search replaces them (and starts at its first page).
PLACE_PARAMETERS = ("place", "lat", "lon", "radius_km", "page", "page_size")


def place_search_params(params: Any, place: PlaceCount) -> list[tuple[str, str]]:
    """A search's parameters (a QueryDict or a dict of lists/strings) narrowed to one place: the same words and
    filters there; empty values are left out."""
    items = params.lists() if hasattr(params, "lists") else params.items()
    kept = [
        (name, str(v))
        for name, values in items
        if name not in PLACE_PARAMETERS
        for v in (values if isinstance(values, list | tuple) else [values])
        if str(v).strip()
    ]
    return kept + list(place.search_params().items())


def _municipality_points_build() -> dict[str, tuple[str, str, float, float]]:
    """Per municipality (AGS): the name a map shows, the name a search resolves to it alone ("" when another
    municipality answers to it too), and its centre, where its workplaces are located."""
    rows = list(Municipality.objects.values_list("ags", "name", "name_folded", "name_loose", "lat", "lon"))
    # A place name resolves by either key (regions.selectors.place_resolve): unique in both, it means one place.
    keys = Counter(k for row in rows for k in {("folded", row[2]), ("loose", row[3])})
    return {
        ags: (name.split("/")[0], name if keys[("folded", folded)] == keys[("loose", loose)] == 1 else "", lat, lon)
        for ags, name, folded, loose, lat, lon in rows
    }


def municipality_points() -> dict[str, tuple[str, str, float, float]]:
    """The gazetteer's municipalities as the map needs them, cached until reference data change."""
    return cached("search:municipality-points", _municipality_points_build, depends_on=(Generation.REFERENCE,))


def places_of(results: SearchResults, query: SearchQuery) -> list[PlaceCount]:
    """The places of a search's results (asked with by_municipality), most postings first: only the municipalities
    inside the search's radius, when it has one (a posting found by one workplace may have others far away)."""
    points = municipality_points()
    centre, radius = query.point, query.effective_radius_km
    places = []
    for ags, count in results.municipalities.items():
        point = points.get(ags)
        if point is None:  # a municipality removed from the gazetteer since the posting was indexed
            continue
        name, place, lat, lon = point
        if centre is not None and radius is not None and distance_km(centre.lat, centre.lon, lat, lon) > radius:
            continue
        places.append(PlaceCount(ags=ags, name=name, lat=lat, lon=lon, count=count, place=place))
    places.sort(key=lambda p: (-p.count, p.name, p.ags))
    return places


def jobs_per_place(query: SearchQuery, *, backend: BaseSearchBackend | None = None) -> list[PlaceCount]:
    """How many postings of a search have a workplace in each municipality (one question to the backend, without
    hits or facets)."""
    asked = dataclasses.replace(query, by_municipality=True, facets=False, page=1, page_size=0)
    return places_of((backend or get_search_backend()).search(asked), query)


def search_miss_note(query: SearchQuery, results: SearchResults) -> None:
    """Called right after search_jobs by what people search with (the search page and the search API, not feeds
    or internal lists): a first page of a text search that found nothing is counted by its words for the operator's
    "searches without results" (moderation.services.search_miss_record; nothing about who searched)."""
    if results.total or query.page != 1 or not query.q.strip():
        return
    from moderation.services import search_miss_record

    try:
        search_miss_record(q=query.q)
    except DatabaseError:  # bookkeeping: the search is answered anyway
        logger.exception("could not record a search without results")


def suggest(q: str, *, limit: int = 8, backend: BaseSearchBackend | None = None) -> list[Suggestion]:
    """Job titles and places that start with what was typed, for autocomplete."""
    q = q.strip()
    if len(q) < 2:
        return []
    titles = [
        Suggestion(kind="title", text=t, count=n)
        for t, n in (backend or get_search_backend()).autocomplete(q, limit=limit)
    ]
    places = [Suggestion(kind="place", text=p.label) for p in place_search(q=q, limit=max(3, limit // 2))]
    return titles + places


@dataclass
class IndexDrift:
    """Postings the index lacks, holds in an old version, or holds although they are not visible."""

    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    checked: int = 0

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def index_drift(*, backend: BaseSearchBackend | None = None) -> IndexDrift:
    backend = backend or get_search_backend()
    today = timezone.localdate()
    indexed = backend.digests()
    visible = list(indexable_postings(today).values_list("pk", flat=True))
    drift = IndexDrift(checked=len(visible))
    visible_set = set(visible)
    drift.extra = sorted(i for i in indexed if i not in visible_set)
    drift.missing = sorted(i for i in visible if i not in indexed)
    present = [i for i in visible if i in indexed]
    for start in range(0, len(present), 2000):
        docs, _ = documents_for(present[start : start + 2000], today)
        drift.stale.extend(d.id for d in docs if indexed.get(d.id) != d.digest)
    drift.stale.sort()
    return drift


def profile_index_drift(*, backend: BaseSearchBackend | None = None) -> IndexDrift:
    """index_drift for the profiles: findable profiles missing from the index, stale in it, or held in it although
    they are hidden or gone."""
    backend = backend or get_search_backend()
    indexed = backend.profile_digests()
    findable = list(indexable_profiles().values_list("pk", flat=True))
    drift = IndexDrift(checked=len(findable))
    findable_set = set(findable)
    drift.extra = sorted(i for i in indexed if i not in findable_set)
    drift.missing = sorted(i for i in findable if i not in indexed)
    present = [i for i in findable if i in indexed]
    for start in range(0, len(present), 1000):
        docs, _ = profile_documents_for(present[start : start + 1000])
        drift.stale.extend(d.id for d in docs if indexed.get(d.id) != d.digest)
    drift.stale.sort()
    return drift


def matching_candidates(
    *, posting: Any, page: int = 1, page_size: int = 20, backend: BaseSearchBackend | None = None
) -> SearchResults[ProfileHit]:
    """The findable profiles that fit a posting (search.matching's rules), best first; never one that blocked the
    posting's company. Who may ask (a member of the owning, approved company) is the caller's check."""
    query = candidate_query_for_posting(posting, company_id=posting.company_id, page=page, page_size=page_size)
    return (backend or get_search_backend()).search_profiles(query)


def matching_jobs(
    *, profile: Any, page: int = 1, page_size: int = 20, backend: BaseSearchBackend | None = None
) -> SearchResults[Hit]:
    """The visible postings that fit a seeker's profile (search.matching's rules), best first; empty when the
    profile names no occupation."""
    query = job_query_for_profile(profile, page=page, page_size=page_size)
    if query is None:
        return SearchResults(hits=[], total=0, page=page, page_size=page_size)
    return (backend or get_search_backend()).search(query)
