"""Reads of the gazetteer: finding places by name or postal code."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import County, Municipality, PostalLocality, Region
from .text import fold, fold_loose


@dataclass(frozen=True)
class Place:
    """A place a person can type: a municipality or a postal locality, with a label that tells it apart."""

    kind: str  # "municipality" or "locality"
    name: str
    label: str
    postal_code: str
    county_ags: str
    county_name: str
    municipality_ags: str | None
    lat: float
    lon: float


def _municipality_place(m: Municipality, ambiguous: bool, postal_code: str = "") -> Place:
    label = f"{m.name} ({m.county.short_name})" if ambiguous else m.name
    codes = m.postal_code_list
    return Place(
        kind="municipality",
        name=m.name,
        label=label,
        postal_code=postal_code or (codes[0] if codes else ""),
        county_ags=m.county_id,
        county_name=m.county.name,
        municipality_ags=m.ags,
        lat=m.lat,
        lon=m.lon,
    )


def _locality_place(loc: PostalLocality) -> Place:
    return Place(
        kind="locality",
        name=loc.name,
        label=f"{loc.postal_code} {loc.name} ({loc.county.short_name})",
        postal_code=loc.postal_code,
        county_ags=loc.county_id,
        county_name=loc.county.name,
        municipality_ags=loc.municipality_id,
        lat=loc.lat,
        lon=loc.lon,
    )


def _ambiguous_names(names: Iterable[str]) -> set[str]:
    """Which of these (folded) names more than one municipality carries, e.g. Eichenberg."""
    shared = (
        Municipality.objects.filter(name_folded__in=set(names))
        .values("name_folded")
        .annotate(n=Count("ags"))
        .filter(n__gt=1)
    )
    return {row["name_folded"] for row in shared}


def place_search(*, q: str, limit: int = 10) -> list[Place]:
    """Places whose name starts with `q` (case- and umlaut-insensitive), or that carry the postal code `q`."""
    q = q.strip()
    if not q:
        return []
    if q.isdigit():
        return _places_by_postal_prefix(q, limit)
    key, loose = fold(q), fold_loose(q)
    # A name like "Mühlhausen/Thüringen" is also found by its short form, and "Bad Langensalza" by "Langensalza".
    name_match = (
        Q(name_folded__startswith=key)
        | Q(name_loose__startswith=loose)
        | Q(name_folded__contains=f" {key}")
        | Q(name_folded__contains=f"/{key}")
    )
    municipalities = list(
        Municipality.objects.filter(name_match).select_related("county").order_by("name")[: limit * 2]
    )
    # Exact matches first, then shorter names (the town before its longer namesakes).
    municipalities.sort(key=lambda m: (not _starts(m, key, loose), m.name_folded.split("/")[0] != key, len(m.name)))
    ambiguous = _ambiguous_names(m.name_folded for m in municipalities[:limit])
    places = [_municipality_place(m, m.name_folded in ambiguous) for m in municipalities[:limit]]
    if len(places) < limit:
        seen_names = {p.name for p in places}
        localities = (
            PostalLocality.objects.filter(Q(name_folded__startswith=key) | Q(name_loose__startswith=loose))
            .filter(municipality__isnull=True)
            .select_related("county")
            .order_by("name", "postal_code")
        )
        for loc in localities[: limit - len(places)]:
            if loc.name not in seen_names:
                places.append(_locality_place(loc))
    return places


def _starts(m: Municipality, key: str, loose: str) -> bool:
    return m.name_folded.startswith(key) or m.name_loose.startswith(loose)


def _places_by_postal_prefix(code: str, limit: int) -> list[Place]:
    localities = PostalLocality.objects.filter(postal_code__startswith=code).select_related(
        "county", "municipality__county"
    )
    places: list[Place] = []
    seen: set[tuple[str, str]] = set()
    for loc in localities.order_by("postal_code", "name")[: limit * 3]:
        if loc.municipality is not None:
            key = (loc.postal_code, loc.municipality.ags)
            if key in seen:
                continue
            seen.add(key)
            places.append(_municipality_place(loc.municipality, False, loc.postal_code))
        else:
            places.append(_locality_place(loc))
        if len(places) >= limit:
            break
    return places


class PlaceNotFound(LookupError):
    """No place matches; `suggestions` holds close names for a "did you mean" answer."""

    def __init__(self, query: str, suggestions: list[str]):
        self.query = query
        self.suggestions = suggestions
        super().__init__(query)


def place_resolve(*, query: str) -> Place:
    """The one place a search means by `query` (a name or a postal code); raises PlaceNotFound."""
    query = query.strip()
    if query.isdigit() and len(query) == 5:
        found = _places_by_postal_prefix(query, 1)
        if found:
            return found[0]
        raise PlaceNotFound(query, [])
    key = fold(query)
    exact = list(
        Municipality.objects.filter(Q(name_folded=key) | Q(name_loose=fold_loose(query))).select_related("county")
    )
    if not exact:
        exact = [
            m
            for m in Municipality.objects.filter(name_folded__startswith=key).select_related("county")
            if m.name_folded.split("/")[0] == key
        ]
    if exact:
        return _municipality_place(exact[0], len(exact) > 1)
    candidates = place_search(q=query, limit=1)
    if candidates:
        return candidates[0]
    raise PlaceNotFound(query, place_suggestions(query=query))


def place_suggestions(*, query: str, limit: int = 3) -> list[str]:
    """Names close to a misspelt `query`, for "did you mean …"."""
    names = {m.name_folded: m.name for m in Municipality.objects.only("name", "name_folded")}
    short = {k.split("/")[0]: v for k, v in names.items()}
    close = difflib.get_close_matches(fold(query), list(short), n=limit, cutoff=0.75)
    return [short[c] for c in close]


def municipality_by_postal_code(postal_code: str) -> Municipality | None:
    loc = (
        PostalLocality.objects.filter(postal_code=postal_code, municipality__isnull=False)
        .select_related("municipality")
        .first()
    )
    if loc is not None:
        return loc.municipality
    return Municipality.objects.filter(postal_codes__contains=postal_code).first()


def municipalities_by_postal_code(postal_code: str) -> list[Municipality]:
    """Every municipality a postal code serves (a third of Thuringia's codes serve several, e.g. 99752 Bleicherode,
    Kehmstedt and Lipprechterode): those its postal localities belong to, and those whose town hall has it."""
    linked = Municipality.objects.filter(postal_localities__postal_code=postal_code)
    town_halls = Municipality.objects.filter(postal_codes__contains=postal_code)
    found = {m.ags: m for m in linked}
    found.update({m.ags: m for m in town_halls if postal_code in m.postal_code_list})
    return sorted(found.values(), key=lambda m: m.ags)


def default_region() -> Region | None:
    return Region.objects.default()


def region_counties(region: Region | None = None) -> QuerySet[County]:
    region = region or default_region()
    if region is None:
        return County.objects.all()
    return region.counties.all()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


_TYPED_PLACE = re.compile(r"^\s*(?P<code>\d{5})?[\s,]*(?P<name>[^()]*?)\s*(?:\((?P<county>[^()]*)\))?\s*$")


def municipality_label(m: Municipality) -> str:
    """How a person types (and is shown) a municipality: its name, with its county when the name is not unique."""
    return f"{m.name} ({m.county.short_name})" if m.name_folded in _ambiguous_names([m.name_folded]) else m.name


def municipality_candidates(*, query: str) -> list[Municipality]:
    """The municipalities a typed place may mean, as the search's place field reads it: a name ("Nordhausen",
    "Mühlhausen", an Ortsteil), "PLZ Ort", a postal code alone, or a suggestion's label "Name (County)". One entry:
    resolved; several: ambiguous (say which); none: unknown."""
    match = _TYPED_PLACE.match(query or "")
    if match is None:
        return []
    code, name, county = match["code"] or "", (match["name"] or "").strip(), (match["county"] or "").strip()
    if not code and not name:
        return []
    found: dict[str, Municipality] = {}
    if code:
        by_code = Municipality.objects.filter(
            Q(postal_localities__postal_code=code) | Q(postal_codes__contains=code)
        ).distinct()
        for m in by_code.select_related("county"):
            if code in m.postal_code_list or m.postal_localities.filter(postal_code=code).exists():
                found[m.ags] = m
    if name:
        key, loose = fold(name), fold_loose(name)
        by_name = {
            m.ags: m
            for m in Municipality.objects.filter(Q(name_folded=key) | Q(name_loose=loose)).select_related("county")
        }
        if not by_name:  # "Mühlhausen" for "Mühlhausen/Thüringen"
            by_name = {
                m.ags: m
                for m in Municipality.objects.filter(name_folded__startswith=key).select_related("county")
                if m.name_folded.split("/")[0] == key
            }
        if not by_name:  # an Ortsteil or locality the post serves, e.g. "Salza"
            localities = PostalLocality.objects.filter(Q(name_folded=key) | Q(name_loose=loose))
            if code:
                localities = localities.filter(postal_code=code)
            by_name = {
                loc.municipality.ags: loc.municipality
                for loc in localities.filter(municipality__isnull=False).select_related("municipality__county")
                if loc.municipality is not None
            }
        found = {ags: m for ags, m in by_name.items() if ags in found} if code and found else by_name
    if county:
        county_key = fold(county)
        in_county = {
            ags: m for ags, m in found.items() if county_key in (fold(m.county.short_name), fold(m.county.name))
        }
        found = in_county or found
    return sorted(found.values(), key=lambda m: (m.name, m.county.name))
