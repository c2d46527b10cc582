"""RawPosting → the write shape of jobs.services: places resolved to the gazetteer, vocabularies mapped, dates,
salary and the occupational field worked out. Description HTML is sanitized by the services (with base_url)."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django.db.models import Q
from django.utils import timezone

from jobs.selectors import occupational_codes
from regions.models import Municipality, PostalLocality
from regions.selectors import municipalities_by_postal_code
from regions.text import fold

from .classify import classify
from .types import RawPlace, RawPosting, RawSalary

TITLE_MAX = 200
_POSTAL = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_FOREIGN = {
    "us",
    "usa",
    "united states",
    "uk",
    "gb",
    "united kingdom",
    "at",
    "austria",
    "oesterreich",
    "ch",
    "schweiz",
    "switzerland",
    "pl",
    "poland",
    "polen",
    "fr",
    "france",
    "frankreich",
    "nl",
    "netherlands",
}
_GERMANY = {"de", "deu", "germany", "deutschland", ""}


# Words around a locality that are not its name: "Stadt Nordhausen", "Bleicherode, Stadt", "OT Kraja".
_NOT_NAME = re.compile(r"\b(?:stadt|gemeinde|landgemeinde|kreisstadt|ortsteil|stadtteil|ot|gt)\b\.?", re.IGNORECASE)
_SEPARATORS = re.compile(r"[,;|()\[\]]|\s-\s|\b(?:OT|Ortsteil|Stadtteil|GT)\b\.?", re.IGNORECASE)
_COUNTY = re.compile(r"^\s*(?:landkreis|kreis|lk|lkr)\b", re.IGNORECASE)


def locality_names(value: str) -> list[str]:
    """The names a locality string may mean, the most likely first: "Bleicherode OT Kraja" → Bleicherode, Kraja;
    "Kraja (Bleicherode)" → Kraja, Bleicherode; "Stadt Nordhausen" → Nordhausen. County parts ("Landkreis
    Nordhausen") are left out: the county's name is often its seat's, which is not where the job is."""
    names: list[str] = []
    for part in _SEPARATORS.split(value or ""):
        if not part or _COUNTY.match(part):
            continue
        name = " ".join(_NOT_NAME.sub(" ", _POSTAL.sub(" ", part)).split()).strip(" .-/")
        # "Remote / Nordhausen", "Nordhausen-Salza" (town and district): the parts after the whole
        # ("Mühlhausen/Thüringen" and "Nesse-Apfelstädt" are one name each).
        for candidate in [name, *(re.split(r"[/-]", name) if re.search(r"[/-]", name) else [])]:
            candidate = candidate.strip(" .-")
            known = candidate in names or fold(candidate) in _FOREIGN | _GERMANY
            if candidate and not candidate.isdigit() and not known:
                names.append(candidate)
    return names


@dataclass
class PlaceQuestion:
    """A place the gazetteer cannot settle: a person picks the municipality (crawlers.PlaceReview)."""

    address: list[dict[str, str]]  # the places as the source gave them
    text: str  # the same in one line, what a rerun compares with
    candidates: list[str]  # AGS of the municipalities it may be (those sharing its postal code), may be empty
    postal_code: str = ""
    street: str = ""


@dataclass
class PlaceResult:
    workplaces: list[dict[str, str]]
    question: PlaceQuestion | None = None


@dataclass
class Gazetteer:
    """Place lookups for one run, cached: a source names the same few places again and again."""

    cache: dict[str, Any] = field(default_factory=dict)
    # Places in Germany (or of no stated country) it could not find, as the source gave them (without the street),
    # and how often: the operator's dashboard lists them (moderation.UnresolvedPlace).
    unresolved: Counter[str] = field(default_factory=Counter)

    def by_postal_code(self, code: str) -> list[str]:
        """The AGS of every municipality the postal code serves (several for a shared code)."""
        key = "plz:" + code
        if key not in self.cache:
            self.cache[key] = [m.ags for m in municipalities_by_postal_code(code)]
        result: list[str] = self.cache[key]
        return result

    def _names(self, key: str) -> dict[str, set[str]]:
        """{postal code or "": AGS} of the municipalities and postal localities called `key` (folded)."""
        cache_key = "name:" + key
        if cache_key not in self.cache:
            found: dict[str, set[str]] = {"": set()}
            for m in Municipality.objects.filter(Q(name_folded=key) | Q(name_folded__startswith=key + "/")):
                found[""].add(m.ags)  # "Mühlhausen" is Mühlhausen/Thüringen
            for loc in PostalLocality.objects.filter(name_folded=key, municipality__isnull=False):
                found.setdefault(loc.postal_code, set()).add(str(loc.municipality_id))
            self.cache[cache_key] = found
        result: dict[str, set[str]] = self.cache[cache_key]
        return result

    def named(self, name: str, *, among: list[str] | None = None, postal_code: str = "") -> set[str]:
        """The AGS a place name may mean: municipalities of that name, and the municipalities of postal localities
        of that name (under `postal_code` when given); only those `among` the candidates when given."""
        key = fold(name).strip(" ,-")
        if not key or key.isdigit():
            return set()
        found = self._names(key)
        ags = set(found[""])
        for code, linked in found.items():
            if code and (not postal_code or code == postal_code):
                ags |= linked
        return ags & set(among) if among is not None else ags

    def by_name(self, name: str) -> str | None:
        """The one municipality a name means, exactly (no guessing by prefix); None when none or several do."""
        ags = self.named(name)
        return next(iter(ags)) if len(ags) == 1 else None


def _given(place: RawPlace) -> str:
    return ", ".join(dict.fromkeys(v.strip() for v in (place.postal_code, place.locality, place.text) if v.strip()))


def _pick(names: list[str], gaz: Gazetteer, among: list[str] | None, postal: str) -> str | None:
    """The one municipality the names point at, trying them in order; None when none does, or they disagree."""
    for name in names:
        ags = gaz.named(name, among=among, postal_code=postal)
        if len(ags) == 1:
            return next(iter(ags))
        if len(ags) > 1:
            return None  # a name several candidates carry settles nothing
    return None


def _resolve_place(place: RawPlace, gaz: Gazetteer, company_ags: str | None) -> tuple[str | None, list[str] | None]:
    """(AGS, None) when resolved; (None, candidates) when it is in Germany but not settled; (None, None) abroad.

    The rule: a postal code that serves one municipality decides. A shared one (99752: Bleicherode, Kehmstedt,
    Lipprechterode) is settled by the locality's names, then by names in the street line or the free text ("OT
    Kraja, Hauptstraße 3"), each matched exactly against the municipalities sharing the code and their postal
    localities; when the source gives no locality at all, the company's own municipality settles it if it is among
    them. Without a postal code, a name one municipality carries decides. Everything else is a question for a
    person (crawlers.PlaceReview): never the first of several."""
    country = fold(place.country)
    if country and country not in _GERMANY:
        return None, None
    texts = [place.postal_code, place.locality, place.text, place.street]
    postal = next((m.group(1) for t in texts if t and (m := _POSTAL.search(t))), "")
    locality = locality_names(place.locality) + [n for n in locality_names(place.text) if not _looks_street(n)]
    street = [n for n in locality_names(place.street) if not _looks_street(n)]
    candidates = gaz.by_postal_code(postal) if postal else []
    if len(candidates) == 1:
        return candidates[0], None
    if candidates:
        ags = _pick(locality, gaz, candidates, postal) or _pick(street, gaz, candidates, postal)
        if ags is None and not locality and company_ags in candidates:
            ags = company_ags
        return (ags, None) if ags else (None, candidates)
    ags = _pick(locality, gaz, None, "") or _pick(street, gaz, None, "")
    return (ags, None) if ags else (None, [])


def _looks_street(name: str) -> bool:
    """ "Hauptstraße 3", "Am Markt 1": a street line's part, not a place name (a number follows the name)."""
    return bool(re.search(r"\d", name))


def resolve_places(raw: RawPosting, gaz: Gazetteer, fallback_ags: str | None) -> PlaceResult:
    """Resolved workplaces; the company's own municipality only when the posting names no place at all. When it
    names places in Germany of which none can be settled, a question for a person instead of a guess."""
    out: dict[str, dict[str, str]] = {}
    open_places: list[tuple[RawPlace, list[str]]] = []
    for place in raw.places:
        ags, candidates = _resolve_place(place, gaz, fallback_ags)
        if ags is not None:
            postal = next(
                (m.group(1) for t in (place.postal_code, place.locality, place.text) if t and (m := _POSTAL.search(t))),
                "",
            )
            out.setdefault(ags, {"municipality": ags, "postal_code": postal, "street": place.street[:200]})
        elif candidates is not None:
            open_places.append((place, candidates))
            if _given(place):
                gaz.unresolved[_given(place)] += 1
    if out:
        return PlaceResult(list(out.values()))
    if open_places and raw.remote != "full":
        return PlaceResult([], _question(open_places))
    if fallback_ags and raw.remote != "full":
        return PlaceResult([{"municipality": fallback_ags, "postal_code": "", "street": ""}])
    return PlaceResult([])


def _question(open_places: list[tuple[RawPlace, list[str]]]) -> PlaceQuestion:
    place = open_places[0][0]
    address = [{k: v for k, v in vars(p).items() if isinstance(v, str) and v.strip()} for p, _cands in open_places]
    text = "; ".join(
        ", ".join(dict.fromkeys(v.strip() for v in (p.street, p.postal_code, p.locality, p.text) if v.strip()))
        for p, _cands in open_places
    )
    postal = next(
        (m.group(1) for t in (place.postal_code, place.locality, place.text) if t and (m := _POSTAL.search(t))), ""
    )
    return PlaceQuestion(
        address=address,
        text=text[:300],
        candidates=list(dict.fromkeys(a for _p, cands in open_places for a in cands)),
        postal_code=postal,
        street=place.street.strip()[:200],
    )


def workplaces(raw: RawPosting, gaz: Gazetteer, fallback_ags: str | None) -> list[dict[str, str]]:
    """The resolved workplaces alone (see resolve_places)."""
    return resolve_places(raw, gaz, fallback_ags).workplaces


# --- Vocabularies -------------------------------------------------------------------------------------------------

_TYPE_WORDS = [
    ("full_time", ("full_time", "full time", "fulltime", "vollzeit", "full-time", "permanent full")),
    ("part_time", ("part_time", "part time", "parttime", "teilzeit", "part-time")),
    (
        "mini_job",
        ("mini_job", "minijob", "mini job", "geringfuegig", "450 euro", "520 euro", "538 euro", "556 euro", "aushilfe"),
    ),
    ("shift", ("schicht", "shift", "nachtdienst", "nachtarbeit", "wochenend")),
]


def _words(values: list[str]) -> str:
    return " " + " ".join(fold(v).replace("-", " ").replace("_", " ") for v in values if v) + " "


def employment_types(raw: RawPosting) -> list[str]:
    text = _words([*raw.employment_types, raw.title])
    found = []
    for code, words in _TYPE_WORDS:
        if any(w.replace("-", " ").replace("_", " ") in text for w in words):
            found.append(code)
    return found


def offer_type(raw: RawPosting) -> str:
    title = _words([raw.title])
    vocab = _words([*raw.employment_types, *raw.hints])
    if any(
        w in title
        for w in (
            "ausbildung",
            "azubi",
            "auszubildende",
            "duales studium",
            "dualer student",
            "duale studentin",
            "apprentice",
        )
    ):
        return "apprenticeship"
    if any(
        w in title
        for w in (
            "praktikum",
            "praktikant",
            "werkstudent",
            "internship",
            " intern ",
            "trainee",
            "volontariat",
            "volontaer",
        )
    ):
        return "internship"
    if any(w in vocab for w in (" intern ", "internship", " student ", "volunteer", "praktikum")):
        return "internship"
    if " trainee " in vocab:  # Personio's employmentType for apprentices
        return "apprenticeship"
    if any(w in vocab for w in ("contractor", "freelance", "freiberuf", "selbststaendig", "self employed")):
        return "self_employment"
    return "job"


def contract(raw: RawPosting) -> str:
    text = _words([*raw.employment_types, *raw.hints, raw.title])
    text = text.replace("unbefristet", "")
    if any(
        w in text
        for w in (
            "befristet",
            "temporary",
            "fixed term",
            "zeitvertrag",
            "elternzeitvertretung",
            "projektbezogen",
            "seasonal",
            "saison",
        )
    ):
        return "fixed_term"
    return "permanent"


# --- Dates and money ------------------------------------------------------------------------------------------------

_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})")


def parse_date(value: str) -> datetime.date | None:
    value = (value or "").strip()
    if not value:
        return None
    if m := _GERMAN_DATE.match(value):
        day, month, year = (int(g) for g in m.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            import email.utils

            try:
                return email.utils.parsedate_to_datetime(value).date()
            except (TypeError, ValueError):
                return None
    if parsed.tzinfo is not None:
        parsed = timezone.localtime(parsed)
    return parsed.date()


_NUMBER = re.compile(r"\d[\d.,' ]*")


def parse_amount(value: Any) -> Decimal | None:
    """3000, "3.000,50 €", "3,000.50", "45k" → Decimal; None when there is no number."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).lower()
    m = _NUMBER.search(text)
    if not m:
        return None
    num = m.group(0).strip().replace(" ", "").replace("'", "")
    if "," in num and "." in num:
        num = num.replace(".", "").replace(",", ".") if num.rfind(",") > num.rfind(".") else num.replace(",", "")
    elif "," in num:
        head, _, tail = num.rpartition(",")
        num = head.replace(",", "") + ("." + tail if len(tail) != 3 else tail)
    elif num.count(".") >= 1 and len(num.rpartition(".")[2]) == 3:
        num = num.replace(".", "")  # 3.000 is three thousand in German notation
    try:
        amount = Decimal(num)
    except InvalidOperation:
        return None
    if re.search(r"\d\s*k\b", text):
        amount *= 1000
    return amount


_UNITS = [
    ("hour", ("hour", "stunde", "stuendlich", "hourly", "std")),
    ("month", ("month", "monat", "monthly", "monatlich")),
    ("year", ("year", "jahr", "annual", "yearly", "jaehrlich", "p a", "pa")),
]


def salary(raw: RawSalary | None) -> dict[str, Any]:
    empty = {"salary_min": None, "salary_max": None, "salary_currency": "EUR", "salary_period": ""}
    if raw is None:
        return empty
    low = parse_amount(raw.min)
    high = parse_amount(raw.max)
    if low is None and isinstance(raw.min, str) and re.search(r"\d\s*[-–]\s*\d", raw.min):
        parts = re.split(r"\s*[-–]\s*", raw.min, maxsplit=1)
        low, high = parse_amount(parts[0]), parse_amount(parts[1])
    elif isinstance(raw.min, str) and high is None and re.search(r"\d\s*(-|–|bis)\s*\d", raw.min):
        parts = re.split(r"\s*(?:-|–|bis)\s*", raw.min, maxsplit=1)
        low, high = parse_amount(parts[0]), parse_amount(parts[1])
    if low is None and high is None:
        return empty
    if low is not None and high is not None and low > high:
        low, high = high, low
    if any(v is not None and v >= Decimal(10) ** 8 for v in (low, high)):
        return empty  # not a salary (a phone number, a year range): it would not fit the column either
    if (low is not None and low <= 0) and (high is None or high <= 0):
        return empty
    unit_text = " " + fold(f"{raw.unit} {raw.min if isinstance(raw.min, str) else ''}").replace(".", " ") + " "
    period = next((code for code, words in _UNITS if any(re.search(rf"\b{w}", unit_text) for w in words)), "")
    if not period:
        top = high or low or Decimal(0)
        period = "hour" if top < 200 else "month" if top < 20000 else "year"
    currency = (raw.currency or "EUR").strip().upper()
    currency = {"€": "EUR", "EURO": "EUR", "$": "USD", "£": "GBP", "CHF": "CHF"}.get(currency, currency)
    if len(currency) != 3 or not currency.isalpha():
        currency = "EUR"
    return {"salary_min": low, "salary_max": high, "salary_currency": currency, "salary_period": period}


# --- The posting ----------------------------------------------------------------------------------------------------


def _known_field(code: str) -> str | None:
    return code if code in occupational_codes().fields else None


def _http_url(url: str) -> str:
    parts = urlsplit(url or "")
    return url if parts.scheme in ("http", "https") and parts.netloc and len(url) <= 500 else ""


def clean_title(title: str) -> str:
    """Whitespace collapsed; the gender marker stays as given (search strips it)."""
    title = " ".join(title.split())
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1].rstrip() + "…"


def normalize(
    raw: RawPosting,
    *,
    fallback_ags: str | None,
    gazetteer: Gazetteer | None = None,
    today: datetime.date | None = None,
    resolved: PlaceResult | None = None,
) -> dict[str, Any]:
    """The write shape for jobs.services (without status). `resolved`: the places when already resolved."""
    today = today or timezone.localdate()
    gaz = gazetteer or Gazetteer()
    posted = parse_date(raw.date_posted)
    if posted is not None and posted > today:
        posted = today
    valid = parse_date(raw.valid_through)
    if valid is not None and posted is not None and valid < posted:
        valid = None
    resolved = resolved or resolve_places(raw, gaz, fallback_ags)
    places = resolved.workplaces
    remote = raw.remote or "none"
    if remote != "full" and not places and resolved.question is None:
        remote = "full" if not fallback_ags else remote
    title = clean_title(raw.title)
    field_code = _known_field(raw.field_code) if raw.field_code else None
    return {
        "title": title,
        "description": raw.description or "",
        "workplaces": places,
        "remote": remote,
        "field": field_code or classify(title, raw.description),
        "employment_types": employment_types(raw),
        "offer_type": offer_type(raw),
        "contract": contract(raw),
        **salary(raw.salary),
        "apply_url": _http_url(raw.apply_url or raw.url),
        "apply_email": raw.apply_email,
        "date_posted": posted,
        "valid_through": valid,
        # A date only ("ab sofort" and the like name none).
        "starts_on": parse_date(raw.starts_on),
    }
