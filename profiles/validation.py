"""The one check of a profile write (API, pages, demo seed): the write shape in, cleaned values out, or a
ValidationError naming every bad field. Nothing is stored here."""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Company
from jobs.models import EmploymentType, OccupationalField, OfferType, Remote
from jobs.sanitize import sanitize_html
from jobs.validation import PostingErrors, postal_code_problem, strip_control_characters
from regions.models import County, Municipality
from regions.selectors import municipality_by_postal_code

from .consent import CONSENT_VERSION
from .models import (
    ABOUT_MAX_CHARS,
    DEFAULT_COMMUTE_KM,
    HEADLINE_MAX,
    MAX_BLOCKED_COMPANIES,
    MAX_COMMUTE_KM,
    MAX_EXPERIENCE_YEARS,
    MAX_LANGUAGES,
    MAX_OCCUPATIONS,
    MAX_SALARY_EXPECTATION,
    MAX_SKILLS,
    OCCUPATION_TITLE_MAX,
    PHONE_MAX,
    SKILL_MAX_CHARS,
    ContractPreference,
    LanguageLevel,
    Licence,
    SchoolQualification,
    SeekerProfile,
    Visibility,
    VocationalQualification,
)

# The fields of the write shape, in the order the API documents them.
WRITE_FIELDS = (
    "headline", "occupations", "offer_types", "employment_types", "contract", "available_from", "remote",
    "home_municipality", "home_postal_code", "commute_km", "counties", "about", "school_qualification",
    "vocational_qualification", "skills", "languages", "licences", "salary_expectation", "phone", "visibility",
    "blocked_companies", "consent", "first_name", "last_name",
)  # fmt: skip
# The person's name lives on their user account (150 characters there); a profile write may set it.
NAME_MAX = 150
# An ISO 639-1 code ("de", "en", "uk").
_LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
_PHONE = re.compile(r"^\+?[0-9 ()/\-]{5,}$")
# How far ahead an earliest start date may lie.
AVAILABLE_FROM_MAX_DAYS = 3 * 365
# What an empty value of a single choice means.
DEFAULTS = {"contract": ContractPreference.ANY, "remote": Remote.NONE, "visibility": Visibility.HIDDEN}
SINGLE_CHOICES: dict[str, Any] = {
    "contract": ContractPreference,
    "remote": Remote,
    "visibility": Visibility,
}
OPTIONAL_CHOICES: dict[str, Any] = {
    "school_qualification": SchoolQualification,
    "vocational_qualification": VocationalQualification,
}
LIST_CHOICES: dict[str, Any] = {
    "offer_types": OfferType,
    "employment_types": EmploymentType,
    "licences": Licence,
}


def _one_line(value: Any) -> str:
    return " ".join(strip_control_characters(str(value if value is not None else "")).split())


def _not_one_of(value: Any, choices: Any) -> str:
    return _("“%(value)s” is not one of %(choices)s.") % {"value": value, "choices": ", ".join(choices.values)}


def _as_list(name: str, value: Any, err: PostingErrors) -> list[Any] | None:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        err.add(name, _("Expected a list."))
        return None
    return list(value)


def _clean_occupations(value: Any, err: PostingErrors) -> list[dict[str, Any]]:
    items = _as_list("occupations", value, err)
    if items is None:
        return []
    if len(items) > MAX_OCCUPATIONS:
        err.add("occupations", _("Name at most %(n)d occupations.") % {"n": MAX_OCCUPATIONS})
        return []
    fields = set(OccupationalField.objects.values_list("code", flat=True))
    out = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            err.add("occupations", _("Occupation %(n)d: expected an object with title, field and experience_years.")
                    % {"n": i})  # fmt: skip
            continue
        title = _one_line(item.get("title"))
        field = _one_line(item.get("field"))
        years = item.get("experience_years", 0)
        if not title:
            err.add("occupations", _("Occupation %(n)d: a title is required.") % {"n": i})
        elif len(title) > OCCUPATION_TITLE_MAX:
            err.add("occupations", _("Occupation %(n)d: the title may have at most %(max)d characters.")
                    % {"n": i, "max": OCCUPATION_TITLE_MAX})  # fmt: skip
        if field and field not in fields:
            err.add("occupations", _("Occupation %(n)d: unknown occupational field “%(field)s” (expected a KldB 2010 "
                                     "two-digit code such as 24).") % {"n": i, "field": field})  # fmt: skip
        if years in (None, ""):
            years = 0
        if isinstance(years, bool) or not isinstance(years, int) or not 0 <= years <= MAX_EXPERIENCE_YEARS:
            err.add("occupations", _("Occupation %(n)d: years of experience must be a whole number from 0 to %(max)d.")
                    % {"n": i, "max": MAX_EXPERIENCE_YEARS})  # fmt: skip
            years = 0
        out.append({"title": title, "field": field, "experience_years": years})
    return out


def _clean_choice_list(name: str, value: Any, choices: Any, err: PostingErrors) -> list[str]:
    items = _as_list(name, value, err)
    if items is None:
        return []
    unknown = [str(v) for v in items if v not in choices.values]
    if unknown:
        err.add(name, _("Unknown value(s): %(unknown)s. Allowed: %(allowed)s.")
                % {"unknown": ", ".join(unknown), "allowed": ", ".join(choices.values)})  # fmt: skip
        return []
    # Each once, in the order of the choices.
    return [v for v in choices.values if v in items]


def _clean_skills(value: Any, err: PostingErrors) -> list[str]:
    items = _as_list("skills", value, err)
    if items is None:
        return []
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        skill = _one_line(item)
        if not skill or skill.casefold() in seen:
            continue
        if len(skill) > SKILL_MAX_CHARS:
            err.add("skills", _("A skill may have at most %(max)d characters.") % {"max": SKILL_MAX_CHARS})
            return []
        seen.add(skill.casefold())
        out.append(skill)
    if len(out) > MAX_SKILLS:
        err.add("skills", _("Name at most %(n)d skills.") % {"n": MAX_SKILLS})
        return []
    return out


def _clean_languages(value: Any, err: PostingErrors) -> list[dict[str, str]]:
    items = _as_list("languages", value, err)
    if items is None:
        return []
    if len(items) > MAX_LANGUAGES:
        err.add("languages", _("Name at most %(n)d languages.") % {"n": MAX_LANGUAGES})
        return []
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for i, item in enumerate(items, start=1):
        code = _one_line(item.get("code")).lower() if isinstance(item, dict) else ""
        level = item.get("level") if isinstance(item, dict) else None
        if not _LANGUAGE_CODE.match(code):
            err.add("languages", _("Language %(n)d: expected a two-letter ISO 639-1 code such as de or en.") % {"n": i})
            continue
        if level not in LanguageLevel.values:
            err.add("languages", _("Language %(n)d: the level must be one of %(levels)s.")
                    % {"n": i, "levels": ", ".join(LanguageLevel.values)})  # fmt: skip
            continue
        if code in seen:
            err.add("languages", _("Language %(n)d: %(code)s is named twice.") % {"n": i, "code": code})
            continue
        seen.add(code)
        out.append({"code": code, "level": level})
    return out


def _clean_int(name: str, value: Any, low: int, high: int, err: PostingErrors, *, optional: bool) -> int | None:
    if value in (None, "") and optional:
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        err.add(name, _("Expected a whole number from %(low)d to %(high)d.") % {"low": low, "high": high})
        return None
    return value


def _clean_date(value: Any, err: PostingErrors) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            err.add("available_from", _("Expected a date as YYYY-MM-DD."))
            return None
    if not isinstance(value, datetime.date):
        err.add("available_from", _("Expected a date as YYYY-MM-DD."))
        return None
    latest = timezone.localdate() + datetime.timedelta(days=AVAILABLE_FROM_MAX_DAYS)
    if value > latest:
        err.add("available_from", _("The date may lie at most three years ahead (until %(date)s).")
                % {"date": latest.isoformat()})  # fmt: skip
        return None
    return value


def _clean_home(data: dict[str, Any], err: PostingErrors) -> tuple[Municipality | None, str]:
    ags = _one_line(data.get("home_municipality"))
    postal_code = _one_line(data.get("home_postal_code"))
    municipality = None
    if ags:
        municipality = Municipality.objects.filter(ags=ags).first()
        if municipality is None:
            err.add("home_municipality", _("Unknown municipality “%(ags)s” (expected an AGS such as 16062041).")
                    % {"ags": ags})  # fmt: skip
            return None, postal_code
    if postal_code:
        if municipality is not None:
            problem = postal_code_problem(municipality, postal_code)
            if problem:
                err.add("home_postal_code", problem)
        elif len(postal_code) != 5 or not postal_code.isdigit():
            err.add("home_postal_code", _("A postal code has five digits."))
        else:
            municipality = municipality_by_postal_code(postal_code)
            if municipality is None:
                err.add("home_postal_code", _("The postal code %(code)s is not in the gazetteer (Thuringia).")
                        % {"code": postal_code})  # fmt: skip
    return municipality, postal_code


def _clean_counties(value: Any, err: PostingErrors) -> list[County]:
    items = _as_list("counties", value, err)
    if not items:
        return []
    codes = [_one_line(c) for c in items]
    known = County.objects.in_bulk(codes)
    unknown = [c for c in codes if c not in known]
    if unknown:
        err.add("counties", _("Unknown county code(s): %(codes)s (expected a five-digit AGS such as 16062).")
                % {"codes": ", ".join(unknown)})  # fmt: skip
        return []
    return [known[c] for c in dict.fromkeys(codes)]


def _clean_blocked(value: Any, err: PostingErrors) -> list[Company]:
    items = _as_list("blocked_companies", value, err)
    if not items:
        return []
    slugs = list(dict.fromkeys(_one_line(s) for s in items))
    if len(slugs) > MAX_BLOCKED_COMPANIES:
        err.add("blocked_companies", _("Block at most %(n)d companies.") % {"n": MAX_BLOCKED_COMPANIES})
        return []
    known = Company.objects.in_bulk(slugs, field_name="slug")
    unknown = [s for s in slugs if s not in known]
    if unknown:
        err.add("blocked_companies", _("Unknown company: %(slugs)s.") % {"slugs": ", ".join(unknown)})
        return []
    return [known[s] for s in slugs]


def profile_clean(
    data: dict[str, Any], *, profile: SeekerProfile, given: Collection[str] | None = None
) -> dict[str, Any]:
    """Check a write of `profile`: `data` in the write shape, `given` the fields it sets (None: all of them, a PUT).
    Returns the model values of the given fields (relations resolved; `consent` as a bool) or raises a
    ValidationError naming every bad field. Publishing (a visibility other than hidden after the write) needs
    `consent: true`, unless the profile already holds the consent of the current text version."""
    given = set(WRITE_FIELDS if given is None else given) & set(WRITE_FIELDS)
    err = PostingErrors()
    unknown = sorted(set(data) - set(WRITE_FIELDS) - {"cv", "id", "updated_at", "published_at", "preview"})
    for name in unknown:
        err.add(name, _("Unknown field."))
    out: dict[str, Any] = {}
    if "headline" in given:
        headline = _one_line(data.get("headline"))
        if len(headline) > HEADLINE_MAX:
            err.add("headline", _("At most %(max)d characters.") % {"max": HEADLINE_MAX})
        out["headline"] = headline
    if "occupations" in given:
        out["occupations"] = _clean_occupations(data.get("occupations"), err)
    for name, choices in LIST_CHOICES.items():
        if name in given:
            out[name] = _clean_choice_list(name, data.get(name), choices, err)
    for name, choices in SINGLE_CHOICES.items():
        if name in given:
            value = data.get(name)
            if value in (None, ""):
                value = DEFAULTS[name]
            if value not in choices.values:
                err.add(name, _not_one_of(value, choices))
            out[name] = value
    for name, choices in OPTIONAL_CHOICES.items():
        if name in given:
            value = data.get(name) or ""
            if value and value not in choices.values:
                err.add(name, _not_one_of(value, choices))
            out[name] = value
    if "available_from" in given:
        out["available_from"] = _clean_date(data.get("available_from"), err)
    if "home_municipality" in given or "home_postal_code" in given:
        merged = {
            "home_municipality": data.get("home_municipality")
            if "home_municipality" in given
            else profile.home_municipality_id,
            "home_postal_code": data.get("home_postal_code")
            if "home_postal_code" in given
            else profile.home_postal_code,
        }
        out["home_municipality"], out["home_postal_code"] = _clean_home(merged, err)
    if "commute_km" in given:
        km = _clean_int("commute_km", data.get("commute_km"), 0, MAX_COMMUTE_KM, err, optional=True)
        out["commute_km"] = DEFAULT_COMMUTE_KM if km is None else km
    if "counties" in given:
        out["counties"] = _clean_counties(data.get("counties"), err)
    if "about" in given:
        about = strip_control_characters(str(data.get("about") or ""))
        if len(about) > ABOUT_MAX_CHARS:
            err.add("about", _("At most %(max)d characters.") % {"max": ABOUT_MAX_CHARS})
        out["about"] = sanitize_html(about)
    if "skills" in given:
        out["skills"] = _clean_skills(data.get("skills"), err)
    if "languages" in given:
        out["languages"] = _clean_languages(data.get("languages"), err)
    if "salary_expectation" in given:
        out["salary_expectation"] = _clean_int(
            "salary_expectation", data.get("salary_expectation"), 0, MAX_SALARY_EXPECTATION, err, optional=True
        )
    if "phone" in given:
        phone = _one_line(data.get("phone"))
        if phone and (len(phone) > PHONE_MAX or not _PHONE.match(phone)):
            err.add("phone", _("Expected a phone number of digits, spaces and + ( ) / - (at most %(max)d characters).")
                    % {"max": PHONE_MAX})  # fmt: skip
        out["phone"] = phone
    # The name belongs to the account, not the profile: a write without it (a PUT too) leaves it as it is.
    for name in ("first_name", "last_name"):
        if name in given and name in data:
            value = _one_line(data.get(name))
            if len(value) > NAME_MAX:
                err.add(name, _("At most %(max)d characters.") % {"max": NAME_MAX})
            out[name] = value
    if "blocked_companies" in given:
        out["blocked_companies"] = _clean_blocked(data.get("blocked_companies"), err)
    consent = data.get("consent") if "consent" in given else None
    if consent is not None and not isinstance(consent, bool):
        err.add("consent", _("Expected true or false."))
        consent = None
    out["consent"] = bool(consent)
    visibility = out.get("visibility", profile.visibility)
    if visibility != Visibility.HIDDEN and not consent and profile.consent_version != CONSENT_VERSION:
        err.add(
            "consent",
            _("To make the profile findable, agree to the consent text (consent: true)."),
        )
    if visibility == Visibility.NAMED:
        user = profile.user if profile.user_id else None
        first = out.get("first_name", user.first_name if user else "")
        last = out.get("last_name", user.last_name if user else "")
        if not (first and last):
            err.add(
                "visibility",
                _("To be shown with your name, give your first and last name (first_name, last_name)."),
            )
    err.raise_if_any()
    return out


def validation_error_dict(exc: ValidationError) -> dict[str, list[str]]:
    return {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
