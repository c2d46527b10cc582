"""Reads of the search: the job search, autocomplete, and how far the index has drifted from the database."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from companies.models import Network
from jobs.models import Contract, EmploymentType, OccupationalArea, OccupationalField, OfferType, Remote
from regions.models import County
from regions.selectors import place_search

from .backends.base import BaseSearchBackend, get_search_backend
from .documents import documents_for, indexable_postings
from .query import SearchQuery
from .results import SearchResults, Suggestion

# Reference names change rarely (counties and KldB never at runtime, networks seldom): keep them a minute.
_LABEL_TTL_SECONDS = 60.0
_labels: tuple[float, dict[str, dict[str, Any]]] | None = None
POSTED_WITHIN_LABELS: dict[str, Any] = {
    "1": gettext_lazy("since yesterday"),
    "7": gettext_lazy("last 7 days"),
    "30": gettext_lazy("last 30 days"),
}


def facet_labels() -> dict[str, dict[str, Any]]:
    """Names of facet values; choice labels stay lazy, so each request gets its own language."""
    global _labels
    now = time.monotonic()
    if _labels is not None and now - _labels[0] < _LABEL_TTL_SECONDS:
        return _labels[1]
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
    _labels = (now, labels)
    return labels


# The labels as strings, per language: translating a lazy label costs more than the rest of the labelling.
# Follows facet_labels (rebuilt with it, so a renamed network shows within its minute).
_label_strings: dict[str, tuple[dict[str, dict[str, Any]], dict[str, dict[str, str]]]] = {}


def _facet_label_strings() -> dict[str, dict[str, str]]:
    labels = facet_labels()
    language = get_language() or ""
    cached = _label_strings.get(language)
    if cached is None or cached[0] is not labels:
        strings = {dim: {value: str(name) for value, name in names.items()} for dim, names in labels.items()}
        cached = _label_strings[language] = (labels, strings)
    return cached[1]


def search_jobs(query: SearchQuery, *, backend: BaseSearchBackend | None = None) -> SearchResults:
    """Answer a search: hits, total and facets (with labels) from the configured backend."""
    results = (backend or get_search_backend()).search(query)
    labels = _facet_label_strings()
    for dim, values in results.facets.items():
        names = labels.get(dim, {})
        for v in values:
            v.label = names.get(v.value, v.value)
    return results


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
