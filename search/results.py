"""What a search answers: hits, the total, and the facet counts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from regions.selectors import distance_km


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
    starts_on: datetime.date | None = None
    salary: dict[str, Any] | None = None  # min, max, currency, period (search.documents.IndexDocument.salary)

    @classmethod
    def from_display(cls, pk: int, data: dict[str, Any], *, point: Any, snippet: str, score: float | None) -> Hit:
        """A hit from the display data both backends store with each posting; `point` (lat/lon or None) gives the
        distance to the nearest workplace."""
        places = data["places"]
        distance = None
        if point is not None and places:
            distance = round(min(distance_km(point.lat, point.lon, p["lat"], p["lon"]) for p in places), 1)
        return cls(
            id=pk,
            title=data["title"],
            company=data["company"],
            places=places,
            field=data["field"],
            employment_types=data["employment_types"],
            date_posted=datetime.date.fromisoformat(data["date_posted"]),
            snippet=snippet,
            distance_km=distance,
            score=score,
            starts_on=datetime.date.fromisoformat(data["starts_on"]) if data.get("starts_on") else None,
            salary=data.get("salary"),
        )


@dataclass
class ProfileHit:
    """One seeker profile found: what a company's result list shows (search.profile_documents.ProfileDocument's
    display data), never the person's name or contact. `public_id` is how a company names the candidate; `id` is the
    row's id, for the server's own use (never to be shown)."""

    id: int
    headline: str
    occupations: list[dict[str, Any]]
    place: dict[str, Any] | None  # name, county, county_name: the home municipality
    experience_years: int
    skills: list[str]
    languages: list[dict[str, str]]
    licences: list[str]
    visibility: str
    updated_at: datetime.datetime
    offer_types: list[str] = field(default_factory=list)
    employment_types: list[str] = field(default_factory=list)
    available_from: datetime.date | None = None
    distance_km: float | None = None
    score: float | None = None
    public_id: str = ""
    vocational_qualification: str = ""

    @classmethod
    def from_display(cls, pk: int, data: dict[str, Any], *, distance: float | None, score: float | None) -> ProfileHit:
        return cls(
            id=pk,
            public_id=data.get("public_id") or "",
            vocational_qualification=data.get("vocational_qualification") or "",
            headline=data["headline"],
            occupations=data["occupations"],
            place=data["place"],
            experience_years=data["experience_years"],
            skills=data["skills"],
            languages=data["languages"],
            licences=data["licences"],
            visibility=data["visibility"],
            updated_at=datetime.datetime.fromisoformat(data["updated_at"]),
            offer_types=data.get("offer_types") or [],
            employment_types=data.get("employment_types") or [],
            available_from=datetime.date.fromisoformat(data["available_from"]) if data.get("available_from") else None,
            distance_km=None if distance is None else round(distance, 1),
            score=score,
        )


@dataclass
class FacetValue:
    value: str
    count: int
    label: str = ""
    selected: bool = False


HitT = TypeVar("HitT", Hit, ProfileHit)


@dataclass
class SearchResults(Generic[HitT]):
    """The answer to a SearchQuery (hits: Hit) or to a ProfileQuery (hits: ProfileHit)."""

    hits: list[HitT]
    total: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    page: int = 1
    page_size: int = 20
    # With SearchQuery.by_municipality: matching postings per municipality (AGS) of their workplaces; a posting
    # with workplaces in two municipalities counts in both.
    municipalities: dict[str, int] = field(default_factory=dict)
    # The words of q (folded, as search.analysis.query_words has them) the backend searched with one typo: no term of
    # the index is spelled so. Both backends report the same (the behaviour suite holds them to it).
    typo_words: tuple[str, ...] = ()
    # q as the hits spell the words found with a typo (search.corrections); "" when nothing was corrected.
    q_corrected: str = ""


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "title" or "place"
    text: str
    count: int = 0
