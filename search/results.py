"""What a search answers: hits, the total, and the facet counts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Hit:
    id: int
    title: str
    company: dict[str, Any]
    places: list[dict[str, Any]]
    field: dict[str, Any] | None
    employment_types: list[str]
    date_posted: datetime.date
    snippet: str
    distance_km: float | None = None
    score: float | None = None


@dataclass
class FacetValue:
    value: str
    count: int
    label: str = ""
    selected: bool = False


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    page: int = 1
    page_size: int = 20


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "title" or "place"
    text: str
    count: int = 0
