"""Reads of the search: the job search, autocomplete, and how far the index has drifted from the database."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from companies.models import Network
from config.caching import Generation, cached
from jobs.models import Contract, EmploymentType, OccupationalArea, OccupationalField, OfferType, Remote
from regions.models import County
from regions.selectors import place_search

from .backends.base import BaseSearchBackend, get_search_backend
from .documents import documents_for, indexable_postings
from .query import SearchQuery
from .results import SearchResults, Suggestion

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
    }
    return {dim: {value: str(name) for value, name in names.items()} for dim, names in labels.items()}


def facet_labels() -> dict[str, dict[str, str]]:
    """Names of facet values in the current language, cached per language until reference data change (a renamed
    network shows at once)."""
    name = f"search:facet-labels:{get_language() or ''}"
    return cached(name, _facet_labels_build, depends_on=(Generation.REFERENCE,))


def search_jobs(query: SearchQuery, *, backend: BaseSearchBackend | None = None) -> SearchResults:
    """Answer a search: hits, total and facets (with labels) from the configured backend."""
    results = (backend or get_search_backend()).search(query)
    labels = facet_labels() if results.facets else {}
    for dim, values in results.facets.items():
        names = labels.get(dim, {})
        for v in values:
            v.label = names.get(v.value, v.value)
    return results


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
