"""Small helpers for the search tests: ask through the public SearchQuery parsing, look at titles and ids."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from search.backends.base import BaseSearchBackend
from search.query import SearchQuery
from search.results import SearchResults
from search.selectors import search_jobs

NORDHAUSEN = "16062041"  # Landkreis Nordhausen 16062
ELLRICH = "16062005"  # 13.0 km from Nordhausen
BLEICHERODE = "16062066"  # 16.5 km from Nordhausen
SONDERSHAUSEN = "16065067"  # Kyffhäuserkreis 16065, 15.7 km from Nordhausen
MUEHLHAUSEN = "16064046"  # Unstrut-Hainich-Kreis 16064, 39.7 km
ERFURT = "16051000"  # Erfurt 16051, 60.5 km
JENA = "16053000"  # Jena 16053, 84.4 km


def at(ags: str, postal_code: str = "") -> list[dict[str, str]]:
    return [{"municipality": ags, "postal_code": postal_code, "street": ""}]


def days_ago(n: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=n)


def find(**params: Any) -> SearchResults:
    """Search with request-style parameters (lists for multi-valued ones)."""
    return search_jobs(SearchQuery.from_params(params))


def ids(**params: Any) -> list[int]:
    return [h.id for h in find(**params).hits]


def facet(results: SearchResults, name: str) -> dict[str, int]:
    return {v.value: v.count for v in results.facets[name]}


def require(backend: BaseSearchBackend, capability: str) -> None:
    """Skip, with the backend's own reason, what it declares it cannot do."""
    reason = backend.unsupported.get(capability)
    if reason:
        pytest.skip(f"{backend.name}: {reason}")
