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

from django.utils import timezone

from jobs.selectors import occupational_codes
from regions.models import Municipality, PostalLocality
from regions.selectors import municipality_by_postal_code
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


@dataclass
class Gazetteer:
    """Place lookups for one run, cached: a source names the same few places again and again."""

    cache: dict[str, str | None] = field(default_factory=dict)
    # Places in Germany (or of no stated country) it could not find, as the source gave them (without the street),
    # and how often: the operator's dashboard lists them (moderation.UnresolvedPlace).
    unresolved: Counter[str] = field(default_factory=Counter)

    def by_postal_code(self, code: str) -> str | None:
        key = "plz:" + code
        if key not in self.cache:
            m = municipality_by_postal_code(code)
            self.cache[key] = m.ags if m else None
        return self.cache[key]

    def by_name(self, name: str) -> str | None:
        """Exact name matches only (municipality, its short name, or a postal locality): no guessing by prefix."""
        key = fold(re.sub(r"\(.*?\)", "", name)).strip(" ,-")
        if not key or key.isdigit():
            return None
        cache_key = "name:" + key
        if cache_key not in self.cache:
            m = Municipality.objects.filter(name_folded=key).order_by("ags").first()
            if m is None:
                m = next(
                    (
                        c
                        for c in Municipality.objects.filter(name_folded__startswith=key)
                        if c.name_folded.split("/")[0] == key
                    ),
                    None,
                )
            ags = m.ags if m else None
            if ags is None:
                loc = PostalLocality.objects.filter(name_folded=key, municipality__isnull=False).first()
                ags = loc.municipality_id if loc else None
            self.cache[cache_key] = ags
        return self.cache[cache_key]


def _place_to_workplace(place: RawPlace, gaz: Gazetteer) -> dict[str, str] | None:
    country = fold(place.country)
    if country and country not in _GERMANY:
        return None
    texts = [place.postal_code, place.locality, place.text, place.street]
    postal = next((m.group(1) for t in texts if t and (m := _POSTAL.search(t))), "")
    ags = gaz.by_postal_code(postal) if postal else None
    if ags is None:
        candidates = [place.locality] if place.locality else []
        for part in re.split(r"[,;/|]| - ", place.text):
            part = _POSTAL.sub("", part).strip()
            if part and fold(part) not in _FOREIGN:
                candidates.append(part)
        for candidate in candidates:
            ags = gaz.by_name(_POSTAL.sub("", candidate).strip())
            if ags:
                break
        postal = postal if ags and postal else ""
    if ags is None:
        given = ", ".join(
            dict.fromkeys(v.strip() for v in (place.postal_code, place.locality, place.text) if v.strip())
        )
        if given:
            gaz.unresolved[given] += 1
        return None
    return {"municipality": ags, "postal_code": postal, "street": place.street[:200]}


def workplaces(raw: RawPosting, gaz: Gazetteer, fallback_ags: str | None) -> list[dict[str, str]]:
    """Resolved workplaces: by postal code, then by place name; else the company's own municipality."""
    out: dict[str, dict[str, str]] = {}
    for place in raw.places:
        wp = _place_to_workplace(place, gaz)
        if wp and wp["municipality"] not in out:
            out[wp["municipality"]] = wp
    if not out and fallback_ags and raw.remote != "full":
        out[fallback_ags] = {"municipality": fallback_ags, "postal_code": "", "street": ""}
    return list(out.values())


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
    raw: RawPosting, *, fallback_ags: str | None, gazetteer: Gazetteer | None = None, today: datetime.date | None = None
) -> dict[str, Any]:
    """The write shape for jobs.services (without status)."""
    today = today or timezone.localdate()
    gaz = gazetteer or Gazetteer()
    posted = parse_date(raw.date_posted)
    if posted is not None and posted > today:
        posted = today
    valid = parse_date(raw.valid_through)
    if valid is not None and posted is not None and valid < posted:
        valid = None
    places = workplaces(raw, gaz, fallback_ags)
    remote = raw.remote or "none"
    if remote != "full" and not places:
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
