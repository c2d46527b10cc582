"""Reads of the gazetteer: finding places by name or postal code."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import County, Municipality, PostalLocality, Region
from .text import fold, fold_loose, typo_distance


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
    """No place is meant for sure: `suggestions` holds labels a "did you mean" offers (each resolves to its place);
    `correction` is the one place a near miss means (place_resolve's rule 5); `ambiguous` says the name is shared."""

    def __init__(self, query: str, suggestions: list[str], *, correction: Place | None = None, ambiguous: bool = False):
        self.query = query
        self.suggestions = suggestions
        self.correction = correction
        self.ambiguous = ambiguous
        super().__init__(query)


# ---- what a typed place means ---------------------------------------------------------------------------------------
# The rule place_resolve applies, in this order (case, umlauts and their spellings "ue"/"u" alike):
# 1. Five digits are a postal code.
# 2. A name resolves only to a place it names ENTIRELY, never by a prefix: "Berlin" is not "Berlingerode". It names a
#    municipality by its name, or by its common short form: the part before a slash ("Mühlhausen" for
#    "Mühlhausen/Thüringen") and the name without its spa title ("Langensalza" for "Bad Langensalza"); else a postal
#    locality (an Ortsteil) by its name. Full names are tried before short forms, short forms before localities.
#    Prefixes are the autocomplete's (place_search), which shows every whole name to choose from.
# 3. "Name (County)", "Name, County" and "PLZ Name" narrow the places so named to the county or postal code; the
#    whole text is tried as a name first ("Neundorf (bei Schleiz)" is one).
# 4. A name several places carry (Eichenberg) resolves to none: their labels, "Name (County)", are suggested.
# 5. A name no place carries is a near miss when exactly one municipality is within max_place_typos() typos of it
#    (letters missing, extra, wrong or swapped): that one is PlaceNotFound.correction, which the search uses and says
#    so. Otherwise the close names are suggested, and none at all means the place lies outside the gazetteer.
_SPA_TITLES = ("bad ", "heilbad ")
_QUALIFIED = re.compile(r"^(?:(?P<code>\d{5})\s+)?(?P<name>[^(),]+?)\s*(?:\((?P<paren>[^()]+)\)|,(?P<comma>[^(),]+))?$")


def max_place_typos(name: str) -> int:
    """How many typos a place name may carry and still be corrected: none below 5 letters (too many short names are
    that close), one up to 9 letters, two from 10. Tried on the big towns around Thuringia: with two typos from 8
    letters Chemnitz became Lemnitz and Würzburg Wernburg; so only Plauen → Plaue remains, and it is said."""
    letters = len(fold(name).replace(" ", ""))
    return 0 if letters < 5 else 1 if letters < 10 else 2


def _short_forms(folded: str) -> set[str]:
    """The common short forms of a (folded or loose) municipality name, by rule 2."""
    forms = {folded.split("/")[0].strip()}
    forms |= {form.removeprefix(title) for form in forms for title in _SPA_TITLES if form.startswith(title)}
    forms.discard(folded)
    return forms


def _all_municipalities() -> list[Municipality]:
    # In a fixed order, so that shared names are suggested alike on every database.
    return list(Municipality.objects.select_related("county").order_by("name", "county__name", "ags"))


def _named(name: str) -> list[Place]:
    """The places a name (without qualifier) means by rule 2: the first tier that has any. Read by the indexed name
    keys (a name and its short forms begin alike), not by loading the gazetteer."""
    key, loose = fold(name), fold_loose(name)
    if not key:
        return []
    titled = [f"{title}{k}" for title in _SPA_TITLES for k in (key, loose)]
    maybe = Q(name_folded=key) | Q(name_loose=loose) | Q(name_folded__in=titled) | Q(name_loose__in=titled)
    for k in (key, loose, *titled):
        maybe |= Q(name_folded__startswith=f"{k}/") | Q(name_loose__startswith=f"{k}/")
    candidates = list(Municipality.objects.filter(maybe).select_related("county").order_by("name", "county__name"))
    full = [m for m in candidates if key == m.name_folded or loose == m.name_loose]
    short = [m for m in candidates if key in _short_forms(m.name_folded) or loose in _short_forms(m.name_loose)]
    for tier in (full, short):
        if tier:
            ambiguous = len(tier) > 1
            return [_municipality_place(m, ambiguous) for m in tier]
    localities = (
        PostalLocality.objects.filter(Q(name_folded=key) | Q(name_loose=loose))
        .select_related("county")
        .order_by("postal_code")
    )
    by_place: dict[str, Place] = {}
    for loc in localities:
        by_place.setdefault(loc.municipality_id or f"{loc.name}:{loc.postal_code}", _locality_place(loc))
    return list(by_place.values())


def _in_county(place: Place, qualifier: str) -> bool:
    wanted = fold(qualifier)
    return wanted in (fold(place.county_name), fold(place.county_name.removeprefix("Landkreis ")))


def _with_code(place: Place, code: str, municipalities: dict[str, Municipality]) -> bool:
    m = municipalities.get(place.municipality_ags or "")
    return place.postal_code == code or (m is not None and code in m.postal_code_list)


def place_resolve(*, query: str) -> Place:
    """The one place a search means by `query` (see the rule above); raises PlaceNotFound."""
    query = " ".join(query.split())
    if query.isdigit() and len(query) == 5:
        found = _places_by_postal_prefix(query, 1)
        if found:
            return found[0]
        raise PlaceNotFound(query, [])
    places = _named(query)
    name, qualifier, code = query, "", ""
    if not places:
        parts = _QUALIFIED.match(query)
        if parts is not None:
            name, code = parts["name"].strip(), parts["code"] or ""
            qualifier = (parts["paren"] or parts["comma"] or "").strip()
            places = _named(name) if (qualifier or code) else []
    if not places:
        correction, close = _near_misses(name, _all_municipalities())
        if correction is not None and qualifier and not _in_county(correction, qualifier):
            correction = None
        raise PlaceNotFound(query, close, correction=correction)
    narrowed = places
    if qualifier:
        narrowed = [p for p in narrowed if _in_county(p, qualifier)]
    if code:
        named = Municipality.objects.in_bulk([p.municipality_ags for p in narrowed if p.municipality_ags])
        narrowed = [p for p in narrowed if _with_code(p, code, named)]
    if len(narrowed) == 1:
        return narrowed[0]
    shown = narrowed or places
    raise PlaceNotFound(query, [p.label for p in shown], ambiguous=len(shown) > 1)


def _near_misses(name: str, municipalities: list[Municipality]) -> tuple[Place | None, list[str]]:
    """Rule 5: the one municipality within max_place_typos() typos of `name` (or None), and the labels of the close
    ones to suggest (nearest first; difflib's close names when none is within the typos)."""
    limit = max_place_typos(name)
    key, loose = fold(name), fold_loose(name)
    near: list[tuple[int, Municipality]] = []
    if limit:
        for m in municipalities:
            distance = min(
                typo_distance(typed, form, limit)
                for typed, forms in ((key, {m.name_folded, *_short_forms(m.name_folded)}),
                                     (loose, {m.name_loose, *_short_forms(m.name_loose)}))
                for form in forms
            )  # fmt: skip
            if distance <= limit:
                near.append((distance, m))
    near.sort(key=lambda dm: (dm[0], dm[1].name))
    shared = _ambiguous_names(m.name_folded for _d, m in near)
    places = [_municipality_place(m, m.name_folded in shared) for _d, m in near]
    correction = places[0] if len(places) == 1 and not shared else None
    if not places:
        return None, place_suggestions(query=name, municipalities=municipalities)
    return correction, [p.label for p in places[:5]]


def place_suggestions(*, query: str, limit: int = 3, municipalities: list[Municipality] | None = None) -> list[str]:
    """Labels of names close to a misspelt `query`, for "did you mean …" (each resolves to its place)."""
    if municipalities is None:
        municipalities = _all_municipalities()
    by_form: dict[str, list[Municipality]] = {}
    for m in municipalities:
        for form in {m.name_folded, *_short_forms(m.name_folded)}:
            by_form.setdefault(form, []).append(m)
    close = difflib.get_close_matches(fold(query), list(by_form), n=limit, cutoff=0.75)
    shared = _ambiguous_names(m.name_folded for form in close for m in by_form[form])
    labels = [_municipality_place(m, m.name_folded in shared).label for form in close for m in by_form[form]]
    return list(dict.fromkeys(labels))[:limit]


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
