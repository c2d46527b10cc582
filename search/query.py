"""The one typed question every backend answers, and how it is read (and refused) from request parameters."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from config.caching import Generation, cached_many, text_key
from jobs.models import Contract, EmploymentType, OfferType, Remote
from jobs.selectors import OCCUPATIONAL_CODES_CACHE, OccupationalCodes, occupational_codes_build
from profiles.models import QUALIFICATION_ORDER, LanguageLevel, Licence
from regions.models import Municipality
from regions.selectors import Place, PlaceNotFound, place_resolve

MAX_PAGE_SIZE = 100
MAX_RADIUS_KM = 200.0
# A place without a radius is searched this far around, and every form pre-selects the same. 25 km is what seekers in
# a rural region expect (the Federal Employment Agency's and StepStone's searches default to 25-30 km): 10 km around
# a village finds little. The setting SEARCH_DEFAULT_RADIUS_KM overrides it (see default_radius_km).
DEFAULT_RADIUS_KM = 25
# The radii the forms offer (0: only the place itself); another radius asked for is offered too (radius_choices_km).
RADIUS_CHOICES_KM = (0, 10, 25, 50, 100)
MAX_REACHABLE = 10_000
MAX_SALARY_MONTH = 1_000_000
MAX_POSTED_WITHIN_DAYS = 3650

# ---- what one search may cost --------------------------------------------------------------------------------------
# Every search is bounded by construction, whatever is typed (search.analysis.query_words applies these), so that no
# request can hold a worker: a longer q is refused (400), and of the rest only so much is worked on, silently.
MAX_QUERY_CHARS = 200  # q longer than this: 400 naming q
MAX_PLACE_CHARS = 100  # the longest place name is a quarter of this; longer: 400 naming place
MAX_SUGGEST_CHARS = 100  # autocomplete looks at this much of what was typed (the rest cannot narrow it further)
MAX_QUERY_WORDS = 10  # search words considered (after stop words and repeats); later words are ignored
MAX_WORD_PIECES = 4  # a hyphen chain of more pieces ("a-b-c-d-e") counts as that many words, not as one compound
# One typo: a word's one-edit spellings in its ending are stemmed and looked up (search.analysis.typo_stems: at most
# 565 a word).
MIN_TYPO_LETTERS = 5  # shorter words must be spelled right: one typo away from a short word is too many words
MAX_TYPO_LETTERS = 30  # longer words must be spelled right ("Kraftfahrzeugmechatroniker" has 26 letters)
MAX_TYPO_WORDS = 3  # at most this many words of a query may match with a typo (the first that qualify) ...
MAX_TYPO_SPELLINGS = 1700  # ... and together with at most this many spellings
# Wall-clock budget of one search in the engine, seconds: the embedded backend aborts its SQLite work after it, the
# Elasticsearch backend gives up waiting; either answers SearchTimeout (503). A backstop for what the bounds above
# cannot foresee (a slow disk, a loaded server); a backend's TIME_BUDGET parameter overrides it.
SEARCH_TIME_BUDGET_SECONDS = 1.0
SORTS = ("relevance", "date", "distance")
# Multi-select facets: counts per value, each over the results of all other filters.
FACETS = ("county", "field", "area", "employment_type", "offer_type", "network", "contract", "remote")
# The date facet: how many postings each "posted within n days" choice would give (over all other filters).
DATE_FACET = "posted_within_days"
DATE_BUCKETS = (1, 7, 30)
# radius_km=0 means "in the place itself": the postings whose workplace is in the place's municipality. Workplaces
# are located at their municipality's centre, so the search measures from that centre (also for a postal locality,
# whose own point may lie kilometres off) with a radius well below the distance between neighbouring centres.
PLACE_ONLY_KM = 1.0


# The allowed values of the choice filters (a Choices' .values builds a new list on every access).
_EMPLOYMENTTYPES = frozenset(EmploymentType.values)
_OFFERTYPES = frozenset(OfferType.values)
_CONTRACTS = frozenset(Contract.values)
_REMOTES = frozenset(Remote.values)


class SearchQueryError(ValidationError):
    """A request the search cannot answer; `message_dict` names each bad parameter. `place_suggestions` are the
    places a "did you mean" offers for an unknown or shared place name (each resolves to its place), for the pages
    to link."""

    place_suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class GeoPoint:
    lat: float
    lon: float
    label: str = ""
    # The county (AGS) the place lies in, when a named place was given: a candidate who named that county as one
    # they would work in is within reach of it whatever the distance (ProfileQuery's place semantics).
    county: str = ""


class _PagedQuestion:
    """What the job search and the profile search read alike from their fields: the page, the sort in effect and
    the radius searched."""

    q: str
    sort: str
    page: int
    page_size: int
    point: GeoPoint | None
    radius_km: float | None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def effective_sort(self) -> str:
        """Relevance needs text; without it the newest come first."""
        if self.sort == "relevance" and not self.q.strip():
            return "date"
        return self.sort

    @property
    def effective_radius_km(self) -> float | None:
        """The radius searched: the one asked for, PLACE_ONLY_KM for 0 ("only this place"), or the default."""
        if self.point is None:
            return None
        radius = float(default_radius_km()) if self.radius_km is None else self.radius_km
        return radius if radius > 0 else PLACE_ONLY_KM


@dataclass(frozen=True)
class SearchQuery(_PagedQuestion):
    """Text, filters, place/radius, sort and page: the same question for every backend."""

    q: str = ""
    county: tuple[str, ...] = ()
    field: tuple[str, ...] = ()
    area: tuple[str, ...] = ()
    employment_type: tuple[str, ...] = ()
    offer_type: tuple[str, ...] = ()
    contract: tuple[str, ...] = ()
    remote: tuple[str, ...] = ()
    company: tuple[str, ...] = ()  # company slugs
    network: tuple[str, ...] = ()  # network slugs
    salary_min: float | None = None  # per month, EUR
    posted_within_days: int | None = None
    point: GeoPoint | None = None
    radius_km: float | None = None
    # The place searched instead of the misspelt one typed (its label), "" when the place was found as typed.
    place_corrected: str = ""
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    facets: bool = True
    # Also count the matching postings per municipality of their workplaces (the map): SearchResults.municipalities.
    by_municipality: bool = False
    # Words that only rank (never filter): a posting scores for each one its title matches. What matching
    # (search.matching) asks with a profile's occupation titles; not a request parameter.
    boost: str = ""
    # Only postings that start on this day or later, or name no start: what matching asks for a candidate who is
    # available from a later day (search.matching); not a request parameter.
    starts_from: datetime.date | None = None
    # Only these postings (ids): what job alerts ask, the postings published since their last digest
    # (alerts.digest); not a request parameter.
    only_ids: frozenset[int] | None = None
    today: datetime.date | None = dataclasses.field(default=None, compare=False)

    @property
    def effective_sort(self) -> str:
        """Relevance needs text to match or words to rank by; without either the newest come first."""
        if self.sort == "relevance" and not self.q.strip() and not self.boost.strip():
            return "date"
        return self.sort

    def filters(self) -> dict[str, tuple[str, ...]]:
        """The multi-select filters that have a facet of the same name."""
        return {name: getattr(self, name) for name in FACETS if getattr(self, name)}

    @classmethod
    def from_params(cls, params: Any) -> SearchQuery:
        """Read a QueryDict (or a dict of lists/strings); raise SearchQueryError naming every bad parameter."""
        return _parse(params)


def _as_lists(params: Any) -> dict[str, list[Any]]:
    """The parameters given, each as its list of values: read once, then looked up (a QueryDict's getlist of a
    missing name raises and catches inside, and the parser asks for some twenty names)."""
    if hasattr(params, "lists"):
        return dict(params.lists())
    return {
        name: list(value) if isinstance(value, list | tuple) else [value]
        for name, value in params.items()
        if value is not None
    }


def _getlist(params: dict[str, list[Any]], name: str) -> list[str]:
    out: list[str] = []
    for item in params.get(name, ()):
        out.extend(v.strip() for v in str(item).split(",") if v.strip())
    return list(dict.fromkeys(out))


def _get(params: dict[str, list[Any]], name: str) -> str:
    if name in ("q", "place"):  # free text: commas are part of it; the last value counts, as QueryDict.get has it
        given = params.get(name)
        return str(given[-1] or "").strip() if given else ""
    values = _getlist(params, name)
    return values[0] if values else ""


def default_radius_km() -> float:
    """The radius searched when none is asked for, and pre-selected by the forms: the setting, else the constant."""
    configured = getattr(settings, "SEARCH_DEFAULT_RADIUS_KM", None)
    return _plain(float(DEFAULT_RADIUS_KM if configured is None else configured))


def radius_choices_km(selected: float | None = None) -> tuple[float, ...]:
    """The radii a form offers: the usual ones, the default, and the one asked for (a link may carry 2.5 or 30), so
    that sending the form again keeps the search as it was."""
    extra = {default_radius_km()} if selected is None else {default_radius_km(), _plain(selected)}
    return tuple(sorted({*RADIUS_CHOICES_KM, *extra}))


# A number as people type it into a form or a URL: ASCII digits, optional sign, optional decimal point or comma
# (German writes 2,5 km). Python's float() and int() accept far more ("nan", "inf", "1e999", "1_000", Arabic-Indic
# digits), and a NaN passes every range check (all its comparisons are false): so every numeric parameter is read by
# this one pattern. A single value is never split at its comma; only the multi-value filters are comma lists.
_DECIMAL = re.compile(r"[+-]?[0-9]{1,12}(?:[.,][0-9]{1,12})?")
_WHOLE = re.compile(r"[+-]?[0-9]{1,12}")
# "1,000" and "2.500" are a decimal to one reader and a thousands grouping to another (German writes 2.500 € for
# two and a half thousand, English 1,000 km for a thousand). Guessing would silently search for something else
# (1 km instead of 1000, 2.50 € instead of 2500), so such a value is refused, naming its parameter and both readings.
# Degrees are exempt: they have no thousands, and "51.505" is an ordinary latitude.
_GROUPED = re.compile(r"[+-]?([1-9][0-9]{0,2})[.,]([0-9]{3})")


def _read_number(raw: str, *, whole: bool = False, degrees: bool = False) -> float:
    """A number as typed ("2,5" = "2.5"); ValueError with the message to show when it is not one."""
    if not (_WHOLE if whole else _DECIMAL).fullmatch(raw):
        raise ValueError(_("Enter a whole number.") if whole else _("Enter a number."))
    grouped = None if degrees else _GROUPED.fullmatch(raw)
    if grouped:
        integer, fraction = grouped.groups()
        raise ValueError(
            _("“%(value)s” is ambiguous: write %(thousands)s for thousands, or %(decimal)s with a decimal comma.")
            % {"value": raw, "thousands": integer + fraction, "decimal": f"{integer},{fraction.rstrip('0') or '0'}"}
        )
    return float(raw.replace(",", "."))


def parse_radius_km(raw: str) -> float | None:
    """A radius as the search reads it ("2,5" is 2.5 km), else None: what a form pre-selects for what was asked."""
    try:
        value = _read_number(raw.strip())
    except ValueError:
        return None
    return value if 0 <= value <= MAX_RADIUS_KM else None


def _raw_number(params: dict[str, list[Any]], name: str) -> str:
    # The first value as given: a decimal comma ("2500,50") is part of the number, not a list separator.
    given = params.get(name)
    return str(given[0] or "").strip() if given else ""


def _number(
    errors: dict[str, list[str]],
    params: dict[str, list[Any]],
    name: str,
    *,
    whole: bool = False,
    degrees: bool = False,
    minimum: float,
    maximum: float,
    range_message: str | None = None,
) -> float | None:
    """One numeric parameter: None when absent; a 400 naming it when it is not a plain number or out of range."""
    raw = _raw_number(params, name)
    if raw == "":
        return None
    try:
        value = _read_number(raw, whole=whole, degrees=degrees)
    except ValueError as exc:
        errors.setdefault(name, []).append(str(exc))
        return None
    if not minimum <= value <= maximum:
        errors.setdefault(name, []).append(
            range_message
            or _("Must be between %(min)s and %(max)s.") % {"min": _plain(minimum), "max": _plain(maximum)}
        )
        return None
    return value


def _plain(value: float) -> float:
    """A whole number as an int (shown "25", not "25.0")."""
    return int(value) if value == int(value) else value


def _whole(
    errors: dict[str, list[str]],
    params: dict[str, list[Any]],
    name: str,
    *,
    minimum: int,
    maximum: int,
    range_message: str | None = None,
) -> int | None:
    value = _number(errors, params, name, whole=True, minimum=minimum, maximum=maximum, range_message=range_message)
    return None if value is None else int(value)


def _choices(
    errors: dict[str, list[str]], params: dict[str, list[Any]], name: str, allowed: frozenset[str]
) -> tuple[str, ...]:
    values = _getlist(params, name)
    bad = [v for v in values if v not in allowed]
    if bad:
        errors.setdefault(name, []).append(
            _("Unknown value(s): %(bad)s. Allowed: %(allowed)s.")
            % {"bad": ", ".join(bad), "allowed": ", ".join(sorted(allowed))}
        )
    return tuple(v for v in values if v in allowed)


# The KldB codes and the gazetteer are reference data: a search should not pay database round trips for them (they
# would be most of the API's overhead over the backend). Cached until they change (config.caching, REFERENCE).
@dataclass(frozen=True)
class _PlaceLookup:
    """What a typed place name resolves to, as cached: the place and the centre of its municipality (where the
    workplaces are located), or the names a "did you mean" offers."""

    place: Place | None
    centre: tuple[float, float] | None = None
    suggestions: tuple[str, ...] = ()
    # The place is a near miss's one correction (regions.selectors.place_resolve, rule 5), not the name typed.
    corrected: bool = False
    ambiguous: bool = False


def _place_lookup(name: str) -> _PlaceLookup:
    corrected = False
    try:
        found = place_resolve(query=name)
    except PlaceNotFound as exc:
        if exc.correction is None:
            return _PlaceLookup(place=None, suggestions=tuple(exc.suggestions), ambiguous=exc.ambiguous)
        found, corrected = exc.correction, True
    centre = None
    if found.municipality_ags:
        row = Municipality.objects.filter(ags=found.municipality_ags).values_list("lat", "lon").first()
        centre = (row[0], row[1]) if row else None
    return _PlaceLookup(place=found, centre=centre, corrected=corrected)


def _reference(*, codes: bool, place: str) -> tuple[OccupationalCodes | None, _PlaceLookup | None]:
    """The known KldB codes (if asked for) and what `place` resolves to (if given), in one cache read; most
    searches need neither and read nothing."""
    builders: dict[str, Callable[[], Any]] = {}
    if codes:
        builders[OCCUPATIONAL_CODES_CACHE] = occupational_codes_build
    place_cache = f"search:place:v2:{text_key(place.strip().casefold())}" if place else ""
    if place_cache:
        builders[place_cache] = lambda: _place_lookup(place)
    if not builders:
        return None, None
    found = cached_many(builders, depends_on=(Generation.REFERENCE,))
    return found.get(OCCUPATIONAL_CODES_CACHE), found.get(place_cache)


def _text(errors: dict[str, list[str]], params: dict[str, list[Any]]) -> str:
    """q: free text, at most MAX_QUERY_CHARS."""
    q = _get(params, "q")
    if len(q) > MAX_QUERY_CHARS:
        errors.setdefault("q", []).append(
            _("At most %(max)d characters, please: this text has %(n)d.") % {"max": MAX_QUERY_CHARS, "n": len(q)}
        )
        q = ""
    return q


def _place_name(errors: dict[str, list[str]], params: dict[str, list[Any]]) -> str:
    place = _get(params, "place")
    if len(place) > MAX_PLACE_CHARS:
        errors.setdefault("place", []).append(_("At most %(max)d characters, please.") % {"max": MAX_PLACE_CHARS})
        place = ""
    return place


def _check_codes(
    errors: dict[str, list[str]], known: OccupationalCodes | None, field_codes: list[str], area_codes: list[str]
) -> None:
    """field and area: KldB 2010 codes the reference data knows."""
    for code in field_codes:
        if known is None or code not in known.fields:
            errors.setdefault("field", []).append(
                _("“%(code)s” is not a KldB 2010 two-digit occupational group.") % {"code": code}
            )
    for code in area_codes:
        if known is None or code not in known.areas:
            errors.setdefault("area", []).append(
                _("“%(code)s” is not a KldB 2010 one-digit occupational area.") % {"code": code}
            )


def did_you_mean(suggestions: tuple[str, ...] | list[str]) -> str:
    """The "did you mean" of an unknown place's 400, in words (the pages show the suggestions as links instead)."""
    return _("Did you mean: %(names)s?") % {"names": ", ".join(suggestions)}


def _unknown_place(place: str, lookup: _PlaceLookup) -> str:
    if lookup.ambiguous:
        return _("Several places are called “%(place)s”; choose one.") % {"place": place}
    if place.isdigit():
        return _("No place in Thuringia has the postal code %(code)s.") % {"code": place}
    if lookup.suggestions:
        return _("No place called “%(place)s” is known.") % {"place": place}
    # The gazetteer is Thuringia's: a name it does not know is most likely a place elsewhere ("Berlin").
    return _(
        "“%(place)s” lies outside Thuringia or is spelt differently: the search knows Thuringia's towns, "
        "municipalities and postal codes."
    ) % {"place": place}


@dataclass(frozen=True)
class _Where:
    """What place (or lat and lon) and radius_km ask: the point searched around, the radius asked for, whether a
    place was given at all, and the place searched instead of a misspelt one (its label)."""

    point: GeoPoint | None
    radius: float | None
    has_place: bool
    place_corrected: str = ""


def _where(
    errors: dict[str, list[str]], params: dict[str, list[Any]], place: str, place_lookup: _PlaceLookup | None
) -> _Where:
    """place (or lat and lon) and radius_km, read; an unknown or shared place name is a 400 naming place."""
    point: GeoPoint | None = None
    lat = _number(
        errors, params, "lat", degrees=True, minimum=-90, maximum=90, range_message=_("Between -90 and 90 degrees.")
    )
    lon = _number(
        errors,
        params,
        "lon",
        degrees=True,
        minimum=-180,
        maximum=180,
        range_message=_("Between -180 and 180 degrees."),
    )
    radius = _number(
        errors,
        params,
        "radius_km",
        minimum=0,
        maximum=MAX_RADIUS_KM,
        range_message=_("The radius must be between 0 (only this place) and %(max)d km.") % {"max": MAX_RADIUS_KM},
    )
    if place_lookup is not None:
        found = place_lookup.place
        if found is not None:
            lat_lon = (found.lat, found.lon)
            if radius == 0 and place_lookup.centre is not None:
                lat_lon = place_lookup.centre
            point = GeoPoint(*lat_lon, found.label, found.county_ags)
        else:
            errors.setdefault("place", []).append(_unknown_place(place, place_lookup))
            if place_lookup.suggestions:
                errors["place"].append(did_you_mean(place_lookup.suggestions))
    elif lat is not None and lon is not None:
        point = GeoPoint(lat, lon, f"{lat:.4f}, {lon:.4f}")
    elif bool(_raw_number(params, "lat")) != bool(_raw_number(params, "lon")):
        errors.setdefault("lat", []).append(_("Give both lat and lon, in degrees."))

    has_place = bool(_get(params, "place") or _raw_number(params, "lat") or _raw_number(params, "lon"))
    if radius is not None and not has_place:
        errors.setdefault("radius_km", []).append(_("A radius needs a place (place, or lat and lon)."))
    corrected = point.label if point is not None and place_lookup is not None and place_lookup.corrected else ""
    return _Where(point, radius, has_place, corrected)


def _refuse(errors: dict[str, list[str]], place_lookup: _PlaceLookup | None) -> SearchQueryError:
    exc = SearchQueryError(errors)
    if place_lookup is not None and place_lookup.place is None:
        exc.place_suggestions = place_lookup.suggestions
    return exc


def _sort(errors: dict[str, list[str]], params: dict[str, list[Any]], has_place: bool) -> str:
    sort = _get(params, "sort") or "relevance"
    if sort not in SORTS:
        errors.setdefault("sort", []).append(_("Sort by one of: %(s)s.") % {"s": ", ".join(SORTS)})
    elif sort == "distance" and not has_place:
        errors.setdefault("sort", []).append(_("Sorting by distance needs a place."))
    return sort


def _paging(errors: dict[str, list[str]], params: dict[str, list[Any]]) -> tuple[int, int]:
    """page and page_size: (page, page_size), within MAX_PAGE_SIZE and MAX_REACHABLE."""
    page_size = (
        _whole(
            errors,
            params,
            "page_size",
            minimum=1,
            maximum=MAX_PAGE_SIZE,
            range_message=_("The page size must be between 1 and %(max)d.") % {"max": MAX_PAGE_SIZE},
        )
        or 20
    )
    page = _whole(errors, params, "page", minimum=1, maximum=10**12, range_message=_("Pages start at 1.")) or 1
    if page * page_size > MAX_REACHABLE and "page_size" not in errors:
        errors.setdefault("page", []).append(
            _("Only the first %(max)d hits can be paged through; narrow the search.") % {"max": MAX_REACHABLE}
        )
    return page, page_size


def _counties(errors: dict[str, list[str]], params: dict[str, list[Any]]) -> tuple[str, ...]:
    given = _getlist(params, "county")
    if any(not c.isdigit() for c in given):
        errors.setdefault("county", []).append(_("Counties are given by their five-digit AGS."))
    return tuple(c for c in given if c.isdigit())


def _parse(given: Any) -> SearchQuery:
    params = _as_lists(given)
    errors: dict[str, list[str]] = {}
    q = _text(errors, params)
    place = _place_name(errors, params)
    field_codes = _getlist(params, "field")
    area_codes = _getlist(params, "area")
    known, place_lookup = _reference(codes=bool(field_codes or area_codes), place=place)
    _check_codes(errors, known, field_codes, area_codes)

    remote_raw = _getlist(params, "remote")
    remote_values: list[str] = []
    for v in remote_raw:
        if v.lower() in ("true", "1", "yes", "ja"):
            remote_values += [Remote.HYBRID, Remote.FULL]
        elif v.lower() in ("false", "0", "no", "nein"):
            remote_values.append(Remote.NONE)
        elif v in _REMOTES:
            remote_values.append(v)
        else:
            errors.setdefault("remote", []).append(_("Unknown value: %(v)s.") % {"v": v})

    where = _where(errors, params, place, place_lookup)

    salary_min = _number(errors, params, "salary_min", minimum=0, maximum=MAX_SALARY_MONTH)
    within = _whole(
        errors,
        params,
        "posted_within_days",
        minimum=1,
        maximum=MAX_POSTED_WITHIN_DAYS,
        range_message=_("Between 1 and %(max)d days.") % {"max": MAX_POSTED_WITHIN_DAYS},
    )

    sort = _sort(errors, params, where.has_place)
    page, page_size = _paging(errors, params)

    employment_type = _choices(errors, params, "employment_type", _EMPLOYMENTTYPES)
    offer_type = _choices(errors, params, "offer_type", _OFFERTYPES)
    contract = _choices(errors, params, "contract", _CONTRACTS)
    county = _counties(errors, params)
    if errors:
        raise _refuse(errors, place_lookup)
    return SearchQuery(
        q=q,
        county=county,
        field=tuple(field_codes),
        area=tuple(area_codes),
        employment_type=employment_type,
        offer_type=offer_type,
        contract=contract,
        remote=tuple(dict.fromkeys(remote_values)),
        company=tuple(_getlist(params, "company")),
        network=tuple(_getlist(params, "network")),
        salary_min=salary_min,
        posted_within_days=within,
        point=where.point,
        radius_km=where.radius,
        place_corrected=where.place_corrected,
        sort=sort,
        page=page,
        page_size=page_size,
    )


# ---- the second document kind: seeker profiles ------------------------------------------------------------------
# The profile search reads place, radius, field, area, county, sort and paging exactly as the job search does (the
# helpers above); it adds what only profiles have. Multi-select facets, each over the other filters:
PROFILE_FACETS = ("field", "county", "employment_type", "offer_type")
# Facets whose filter requires every value chosen (or a minimum): counted over ALL filters, their own included, so
# a count says how many remain when that value is added. Languages count per code (any level), qualifications per
# level as "at least this level" (what choosing it filters to).
PROFILE_REQUIRED_FACETS = ("language", "licence", "qualification")
PROFILE_ALL_FACETS = (*PROFILE_FACETS, *PROFILE_REQUIRED_FACETS)
# A language filter is a code ("en") or a code with the least level wanted ("en:B2"); levels in ascending order.
LANGUAGE_LEVELS = tuple(LanguageLevel.values)
_LANGUAGE = re.compile(r"[a-z]{2}")
_LICENCES = frozenset(Licence.values)
MAX_AVAILABLE_BY_YEARS = 10
# The vocational qualifications a "minimum qualification" filter orders (profiles.models.QUALIFICATION_ORDER).
QUALIFICATIONS = QUALIFICATION_ORDER
MAX_EXPERIENCE_FILTER_YEARS = 60


def qualification_rank(value: str) -> int:
    """0 for none or unknown, else 1 (apprenticeship) … 5 (doctorate)."""
    return QUALIFICATIONS.index(value) + 1 if value in QUALIFICATIONS else 0


def language_tokens(code: str, level: str) -> tuple[str, ...]:
    """What a profile's language is indexed as: the code, and code:level for its level and every level below it, so
    that a filter "en:B1" is one exact term (on both backends) and finds B1, B2 … native."""
    if level not in LANGUAGE_LEVELS:
        return (code,)
    return (code, *(f"{code}:{lv}" for lv in LANGUAGE_LEVELS[: LANGUAGE_LEVELS.index(level) + 1]))


@dataclass(frozen=True)
class ProfileQuery(_PagedQuestion):
    """The question a company asks of the seeker profiles: text, filters, place and radius, sort and page.

    A place (point) with a radius finds a candidate when the place lies within the candidate's own reach — their
    commuting distance from home (commute_km), or a county they named (point.county) — AND their home lies within
    the radius asked.

    `company_id` is who asks: the profiles that blocked that company are never among the results (every backend
    leaves them out inside the query, before counting and paging). Licences and languages are each required (all
    of them); the other filters are multi-select (any of the values), like the job search's.
    """

    q: str = ""
    field: tuple[str, ...] = ()
    area: tuple[str, ...] = ()
    county: tuple[str, ...] = ()  # the home county or one the seeker named
    offer_type: tuple[str, ...] = ()
    employment_type: tuple[str, ...] = ()
    licence: tuple[str, ...] = ()
    language: tuple[str, ...] = ()  # "en" or "en:B2" (at least B2)
    point: GeoPoint | None = None
    radius_km: float | None = None
    # Further places that count as `point` does (a posting's other workplaces, when matching): a candidate matches
    # when any of them is within reach and within the radius; the distance shown is to `point`. Not a parameter.
    more_points: tuple[GeoPoint, ...] = ()
    place_corrected: str = ""  # as SearchQuery's
    available_by: datetime.date | None = None  # available from this date or earlier (or at once)
    qualification: str = ""  # the least vocational qualification (QUALIFICATIONS), "" for any
    experience_min_years: int | None = None  # in at least one wanted occupation
    # Words that only rank (never filter): a profile scores for each one its headline or occupations match. What
    # matching (search.matching) asks with the posting's title words; not a request parameter.
    boost: str = ""
    sort: str = "relevance"  # relevance | date (recently updated first) | distance
    page: int = 1
    page_size: int = 20
    facets: bool = True
    company_id: int | None = None

    def filters(self) -> dict[str, tuple[str, ...]]:
        """The multi-select filters that have a facet of the same name."""
        return {name: getattr(self, name) for name in PROFILE_FACETS if getattr(self, name)}

    @property
    def effective_sort(self) -> str:
        """Relevance needs text to match or words to rank by; without either the recently updated come first."""
        if self.sort == "relevance" and not self.q.strip() and not self.boost.strip():
            return "date"
        return self.sort

    @classmethod
    def from_params(cls, params: Any, *, company_id: int | None = None) -> ProfileQuery:
        """Read a QueryDict (or a dict of lists/strings); raise SearchQueryError naming every bad parameter.
        `company_id` (who asks) is never a request parameter: the caller passes the asking company."""
        return _parse_profiles(params, company_id=company_id)


def _date(errors: dict[str, list[str]], params: dict[str, list[Any]], name: str) -> datetime.date | None:
    raw = _raw_number(params, name)
    if not raw:
        return None
    try:
        value = datetime.date.fromisoformat(raw)
    except ValueError:
        errors.setdefault(name, []).append(_("Enter a date as YYYY-MM-DD."))
        return None
    if (
        not datetime.date(2000, 1, 1)
        <= value
        <= datetime.date.today() + datetime.timedelta(days=365 * MAX_AVAILABLE_BY_YEARS)
    ):
        errors.setdefault(name, []).append(
            _("Enter a date between 2000 and %(max)d years from now.") % {"max": MAX_AVAILABLE_BY_YEARS}
        )
        return None
    return value


def _languages(errors: dict[str, list[str]], params: dict[str, list[Any]]) -> tuple[str, ...]:
    out = []
    for value in _getlist(params, "language"):
        code, _sep, level = value.partition(":")
        if not _LANGUAGE.fullmatch(code) or (level and level not in LANGUAGE_LEVELS):
            errors.setdefault("language", []).append(
                _("“%(value)s”: give a two-letter language code, optionally with the least level (en:B2; levels: "
                  "%(levels)s).") % {"value": value, "levels": ", ".join(LANGUAGE_LEVELS)}
            )  # fmt: skip
            continue
        out.append(value)
    return tuple(out)


def _parse_profiles(given: Any, *, company_id: int | None) -> ProfileQuery:
    params = _as_lists(given)
    errors: dict[str, list[str]] = {}
    q = _text(errors, params)
    place = _place_name(errors, params)
    field_codes = _getlist(params, "field")
    area_codes = _getlist(params, "area")
    known, place_lookup = _reference(codes=bool(field_codes or area_codes), place=place)
    _check_codes(errors, known, field_codes, area_codes)
    where = _where(errors, params, place, place_lookup)
    available_by = _date(errors, params, "available_by")
    sort = _sort(errors, params, where.has_place)
    page, page_size = _paging(errors, params)
    employment_type = _choices(errors, params, "employment_type", _EMPLOYMENTTYPES)
    offer_type = _choices(errors, params, "offer_type", _OFFERTYPES)
    licence = _choices(errors, params, "licence", _LICENCES)
    language = _languages(errors, params)
    county = _counties(errors, params)
    qualification = _get(params, "qualification")
    if qualification and qualification not in QUALIFICATIONS:
        errors.setdefault("qualification", []).append(
            _("Unknown qualification “%(value)s”. Allowed, from the least: %(allowed)s.")
            % {"value": qualification, "allowed": ", ".join(QUALIFICATIONS)}
        )
        qualification = ""
    experience = _whole(
        errors,
        params,
        "experience_min_years",
        minimum=0,
        maximum=MAX_EXPERIENCE_FILTER_YEARS,
        range_message=_("Between 0 and %(max)d years.") % {"max": MAX_EXPERIENCE_FILTER_YEARS},
    )
    if errors:
        raise _refuse(errors, place_lookup)
    return ProfileQuery(
        q=q,
        field=tuple(field_codes),
        area=tuple(area_codes),
        county=county,
        offer_type=offer_type,
        employment_type=employment_type,
        licence=licence,
        language=language,
        point=where.point,
        radius_km=where.radius,
        place_corrected=where.place_corrected,
        available_by=available_by,
        qualification=qualification,
        experience_min_years=experience or None,
        sort=sort,
        page=page,
        page_size=page_size,
        company_id=company_id,
    )
