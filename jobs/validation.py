"""Domain rules for a posting's data, shared by the API, the pages and the crawlers.

Input is the write shape with Python values (dates, decimals, lists); errors are raised as one
ValidationError keyed by field name, so every caller can show them next to the right field.
The limits are settings (the "Postings limits" block); text is cleaned of control characters here, at the one
way in, and the feed cleans what it emits as well, so data stored earlier cannot break it.
"""

from __future__ import annotations

import datetime
import logging
import re
import unicodedata
from collections.abc import Collection
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.models import Municipality, PostalLocality

from .models import (
    Contract,
    EmploymentType,
    JobPosting,
    OccupationalField,
    OfferType,
    Remote,
    SalaryPeriod,
    Status,
    Workplace,
)

logger = logging.getLogger(__name__)

# Lengths bounded by the database columns: read from the models, so there is one source.
TITLE_MAX = JobPosting._meta.get_field("title").max_length or 200
APPLY_URL_MAX = JobPosting._meta.get_field("apply_url").max_length or 500
APPLY_EMAIL_MAX = JobPosting._meta.get_field("apply_email").max_length or 254
STREET_MAX = Workplace._meta.get_field("street").max_length or 200
# The largest salary the column holds (max_digits=10, decimal_places=2).
SALARY_LIMIT = Decimal(10) ** 8
# The one message for a text over its limit, used by the API's parsing and the forms too (str.format style, as DRF
# fills it in).
MAX_LENGTH_MESSAGE = gettext_lazy("At most {max_length} characters are allowed here.")
MAX_WORKPLACES_MESSAGE = gettext_lazy("A posting may name at most {max_length} workplaces.")
WRITABLE_FIELDS = (
    "title", "description", "workplaces", "remote", "field", "employment_types", "offer_type", "contract",
    "salary_min", "salary_max", "salary_currency", "salary_period", "apply_url", "apply_email",
    "date_posted", "valid_through", "starts_on", "status",
)  # fmt: skip
CHOICES: dict[str, Any] = {
    "remote": Remote,
    "offer_type": OfferType,
    "contract": Contract,
    "salary_period": SalaryPeriod,
}
# The earliest start date a posting may name (anything before is a typo, not a start).
STARTS_ON_EARLIEST = datetime.date(2000, 1, 1)
# ISO 4217 codes of real currencies (pycountry's list, without the "no currency" and testing codes).
CURRENCIES = frozenset(c.alpha_3 for c in pycountry.currencies) - {"XXX", "XTS"}

# C0 and C1 control characters except tab, line feed and carriage return, lone surrogates, and the two
# non-characters XML 1.0 forbids: none of them is text, and any of them makes an XML document (the feed) invalid.
# No library offers this as a function; one character class is all it takes.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Embeddings, overrides and isolates reorder the text around them (U+202A-U+202E, U+2066-U+2069).
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Invisible format characters that may pad a title's ends (zero-width space, joiners, word joiner, BOM).
_INVISIBLE_EDGES = re.compile(r"^[\s\u200b\u200c\u200d\u2060\ufeff]+|[\s\u200b\u200c\u200d\u2060\ufeff]+$")


def strip_control_characters(text: str) -> str:
    """The text without control characters (tab and line breaks stay)."""
    return _CONTROL_CHARACTERS.sub("", text)


def _is_visible(char: str) -> bool:
    # Letters, marks, numbers, punctuation and symbols; not separators (Z*) nor control/format/unassigned (C*).
    return unicodedata.category(char)[0] not in "ZC"


def _one_line(value: Any) -> str:
    """A short text (title, street, address): control characters removed, ends trimmed."""
    return strip_control_characters(str(value or "")).strip()


def date_posted_bounds(company: Any = None, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The earliest and latest date posted: not in the future, not before the company joined, except that a
    posting it brings along may be up to JOBS_DATE_POSTED_MAX_AGE_DAYS old."""
    today = today or timezone.localdate()
    earliest = today - datetime.timedelta(days=settings.JOBS_DATE_POSTED_MAX_AGE_DAYS)
    created = getattr(company, "created_at", None)
    if created is not None:
        earliest = min(earliest, timezone.localdate(created))
    return earliest, today


def valid_through_latest(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) + datetime.timedelta(days=settings.JOBS_VALID_THROUGH_MAX_DAYS)


def posting_fit_limits(
    data: dict[str, Any], *, company: Any = None, today: datetime.date | None = None
) -> dict[str, Any]:
    """A crawled posting brought within the limits where that is sensible, before posting_clean judges it:
    dates clamped into their window, workplaces beyond the maximum dropped, a salary in an unknown currency
    left out, a postal code that does not belong to its place dropped. What cannot be fitted (a description over
    the limit) is left for posting_clean to report."""
    today = today or timezone.localdate()
    fitted = dict(data)
    earliest, latest = date_posted_bounds(company, today)
    posted = fitted.get("date_posted")
    if posted is not None:
        fitted["date_posted"] = min(max(posted, earliest), latest)
    valid = fitted.get("valid_through")
    if valid is not None:
        fitted["valid_through"] = min(valid, valid_through_latest(today))
    starts = fitted.get("starts_on")
    if isinstance(starts, datetime.date) and starts < STARTS_ON_EARLIEST:
        fitted["starts_on"] = None  # a start long past says nothing about the posting
    fitted["workplaces"] = _workplaces_without_foreign_postal_codes(
        list(fitted.get("workplaces") or [])[: settings.JOBS_MAX_WORKPLACES]
    )
    if str(fitted.get("salary_currency") or "EUR").upper() not in CURRENCIES:
        fitted.update(salary_min=None, salary_max=None, salary_currency="EUR", salary_period="")
    return fitted


def municipality_postal_codes(municipality: Municipality) -> set[str]:
    """Every postal code that serves `municipality`: its own list and those of its postal localities."""
    codes = set(municipality.postal_code_list)
    codes.update(
        PostalLocality.objects.filter(municipality=municipality).values_list("postal_code", flat=True).distinct()
    )
    return codes


def postal_code_problem(municipality: Municipality, postal_code: str) -> str | None:
    """The one rule for a workplace's postal code (form, API and crawler): five digits, and one that serves the
    municipality, when the gazetteer knows any of its codes. None when it is fine (or empty); else the message."""
    if not postal_code:
        return None
    if len(postal_code) != 5 or not postal_code.isascii() or not postal_code.isdigit():
        return _("A postal code has five digits.")
    codes = municipality_postal_codes(municipality)
    if codes and postal_code not in codes:
        return _("The postal code %(code)s does not belong to %(place)s (its postal codes: %(codes)s).") % {
            "code": postal_code,
            "place": municipality.name,
            "codes": ", ".join(sorted(codes)),
        }
    return None


def _workplaces_without_foreign_postal_codes(workplaces: list[Any]) -> list[Any]:
    """A crawled posting's workplaces, each postal code that does not belong to its municipality dropped (the place
    is what counts; a wrong code must not refuse the posting). Logged without the address."""
    if not workplaces:
        return workplaces
    codes = [str(w.get("municipality") or "") for w in workplaces if isinstance(w, dict)]
    known = Municipality.objects.in_bulk([c for c in codes if c], field_name="ags")
    out = []
    for wp in workplaces:
        municipality = known.get(str(wp.get("municipality") or "")) if isinstance(wp, dict) else None
        postal_code = _one_line(wp.get("postal_code")) if isinstance(wp, dict) else ""
        if municipality is not None and postal_code and postal_code_problem(municipality, postal_code):
            logger.warning(
                "dropped postal code %s: it does not belong to municipality %s", postal_code, municipality.ags
            )
            wp = {**wp, "postal_code": ""}
        out.append(wp)
    return out


class PostingErrors:
    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _too_long(max_length: int) -> str:
    return str(MAX_LENGTH_MESSAGE).format(max_length=max_length)


def _clean_title(value: Any, err: PostingErrors) -> str:
    title = _INVISIBLE_EDGES.sub("", _one_line(value))
    if not title:
        err.add("title", _("A title is required."))
    elif _BIDI_CONTROLS.search(title):
        err.add("title", _("The title contains characters that reverse the direction of the text; remove them."))
    elif not any(_is_visible(c) for c in title):
        err.add("title", _("The title needs visible characters."))
    elif len(title) > TITLE_MAX:
        err.add("title", _too_long(TITLE_MAX))
    return title


def _clean_workplaces(data: dict[str, Any], err: PostingErrors, *, place_pending: bool = False) -> list[dict[str, Any]]:
    workplaces = data.get("workplaces") or []
    if len(workplaces) > settings.JOBS_MAX_WORKPLACES:
        # Checked before anything is looked up: the count alone decides.
        err.add("workplaces", str(MAX_WORKPLACES_MESSAGE).format(max_length=settings.JOBS_MAX_WORKPLACES))
        return []
    if place_pending and data.get("status") != Status.DRAFT:
        err.add("workplaces", _("A posting whose place is still to be checked cannot be published."))
    if not workplaces and data.get("remote") != Remote.FULL and not place_pending:
        err.add("workplaces", _("Give at least one workplace, or mark the posting as fully remote."))
    codes = [_one_line(wp.get("municipality")) for wp in workplaces]
    known = Municipality.objects.in_bulk([c for c in codes if c], field_name="ags") if codes else {}
    resolved = []
    for i, (wp, ags) in enumerate(zip(workplaces, codes, strict=True), start=1):
        municipality = known.get(ags)
        if municipality is None:
            err.add(
                "workplaces",
                _("Workplace %(n)d: unknown municipality “%(ags)s” (expected an AGS such as 16062041).")
                % {"n": i, "ags": ags},
            )
            continue
        postal_code = _one_line(wp.get("postal_code"))
        problem = postal_code_problem(municipality, postal_code)
        if problem:
            err.add("workplaces", _("Workplace %(n)d: %(problem)s") % {"n": i, "problem": problem})
        street = _one_line(wp.get("street"))
        if len(street) > STREET_MAX:
            err.add(
                "workplaces",
                _("Workplace %(n)d: the street may have at most %(max)d characters.") % {"n": i, "max": STREET_MAX},
            )
        resolved.append({"municipality": municipality, "postal_code": postal_code, "street": street})
    return resolved


def _clean_dates(
    data: dict[str, Any], err: PostingErrors, *, company: Any, check_past: bool, given: Collection[str] | None
) -> tuple[datetime.date, datetime.date | None]:
    """Date posted and valid-through within their windows, so no date arithmetic after this can overflow."""
    today = timezone.localdate()
    date_posted = data.get("date_posted") or today
    if isinstance(date_posted, datetime.datetime):
        date_posted = date_posted.date()
    if given is None or "date_posted" in given:
        earliest, latest = date_posted_bounds(company, today)
        if date_posted > latest:
            err.add("date_posted", _("The date posted lies in the future."))
        elif date_posted < earliest:
            err.add(
                "date_posted",
                _(
                    "The date posted may not lie before %(date)s: not before the company joined, unless it is at "
                    "most %(days)d days ago."
                )
                % {"date": earliest.isoformat(), "days": settings.JOBS_DATE_POSTED_MAX_AGE_DAYS},
            )
    valid_through = data.get("valid_through")
    if isinstance(valid_through, datetime.datetime):
        valid_through = valid_through.date()
    if valid_through is not None:
        latest_valid = valid_through_latest(today)
        if check_past and valid_through < today:
            err.add("valid_through", _("The valid-through date lies in the past."))
        elif valid_through < date_posted:
            err.add("valid_through", _("The valid-through date lies before the date posted."))
        elif valid_through > latest_valid and (check_past or given is None or "valid_through" in given):
            err.add(
                "valid_through",
                _("The valid-through date may lie at most %(days)d days ahead (until %(date)s).")
                % {"days": settings.JOBS_VALID_THROUGH_MAX_DAYS, "date": latest_valid.isoformat()},
            )
    return date_posted, valid_through


def posting_clean(
    data: dict[str, Any],
    *,
    allowed_status: tuple[str, ...],
    check_past: bool = True,
    company: Any = None,
    given: Collection[str] | None = None,
    place_pending: bool = False,
) -> dict[str, Any]:
    """Check a complete posting; returns the data cleaned, with workplaces resolved to Municipality objects.

    `place_pending`: a crawled draft whose place a person is still to pick (crawlers.PlaceReview) may have none.

    `check_past` is off when an edit neither sets valid-through nor publishes, so an old posting's
    other fields can still be corrected. `given` names the fields this write sets (None: all, as on create);
    the date posted is held to its window only when it is set. `company` dates that window.
    """
    err = PostingErrors()
    cleaned = dict(data)

    cleaned["title"] = _clean_title(data.get("title"), err)

    description = strip_control_characters(str(data.get("description") or ""))
    if len(description) > settings.JOBS_DESCRIPTION_MAX_CHARS:
        err.add("description", _too_long(settings.JOBS_DESCRIPTION_MAX_CHARS))
    cleaned["description"] = description

    for name, choices in CHOICES.items():
        value = data.get(name)
        if value in (None, "") and name == "salary_period":
            continue
        if value not in choices.values:
            err.add(
                name,
                _("“%(value)s” is not one of %(choices)s.") % {"value": value, "choices": ", ".join(choices.values)},
            )

    types = data.get("employment_types") or []
    unknown = [t for t in types if t not in EmploymentType.values]
    if unknown:
        err.add(
            "employment_types",
            _("Unknown employment type(s): %(unknown)s. Allowed: %(allowed)s.")
            % {"unknown": ", ".join(map(str, unknown)), "allowed": ", ".join(EmploymentType.values)},
        )
    cleaned["employment_types"] = sorted(set(types), key=EmploymentType.values.index) if not unknown else types

    code = data.get("field")
    if code in (None, ""):
        cleaned["field"] = None
    else:
        field = OccupationalField.objects.filter(code=str(code)).first()
        if field is None:
            err.add("field", _("“%(code)s” is not a KldB 2010 two-digit occupational group.") % {"code": code})
        cleaned["field"] = field

    cleaned["workplaces"] = _clean_workplaces(data, err, place_pending=place_pending)

    cleaned["date_posted"], valid_through = _clean_dates(data, err, company=company, check_past=check_past, given=given)
    if valid_through is not None:
        cleaned["valid_through"] = valid_through

    starts_on = data.get("starts_on")
    if isinstance(starts_on, datetime.datetime):
        starts_on = starts_on.date()
    if starts_on is not None and not isinstance(starts_on, datetime.date):
        err.add("starts_on", _("The start date must be a date (YYYY-MM-DD)."))
    elif starts_on is not None and starts_on < STARTS_ON_EARLIEST:
        err.add(
            "starts_on",
            _("The start date may not lie before %(date)s.") % {"date": STARTS_ON_EARLIEST.isoformat()},
        )
    cleaned["starts_on"] = starts_on

    smin, smax = data.get("salary_min"), data.get("salary_max")
    for name, value in (("salary_min", smin), ("salary_max", smax)):
        if value is not None and Decimal(value) < 0:
            err.add(name, _("A salary cannot be negative."))
        elif value is not None and Decimal(value) >= SALARY_LIMIT:
            err.add(name, _("A salary must be below %(limit)s.") % {"limit": f"{SALARY_LIMIT:,.0f}"})
    if smin is not None and smax is not None and Decimal(smin) > Decimal(smax):
        err.add("salary_min", _("The minimum salary is above the maximum."))
    if (smin is not None or smax is not None) and not data.get("salary_period"):
        err.add("salary_period", _("Say whether the salary is per hour, month or year."))
    currency = _one_line(data.get("salary_currency") or "EUR").upper()
    if currency not in CURRENCIES:
        err.add("salary_currency", _("Use a three-letter ISO 4217 code such as EUR."))
    cleaned["salary_currency"] = currency

    apply_url = _one_line(data.get("apply_url"))
    if len(apply_url) > APPLY_URL_MAX:
        err.add("apply_url", _too_long(APPLY_URL_MAX))
    elif apply_url and not _is_http_url(apply_url):
        err.add("apply_url", _("The apply URL must be an http:// or https:// address."))
    cleaned["apply_url"] = apply_url
    apply_email = _one_line(data.get("apply_email"))
    if len(apply_email) > APPLY_EMAIL_MAX:
        err.add("apply_email", _too_long(APPLY_EMAIL_MAX))
    elif apply_email:
        try:
            EmailValidator()(apply_email)
        except ValidationError:
            err.add("apply_email", _("Enter a valid e-mail address."))
    cleaned["apply_email"] = apply_email

    status = data.get("status") or Status.DRAFT
    if status not in allowed_status:
        err.add(
            "status",
            _("Status “%(value)s” is not allowed here; use one of: %(allowed)s.")
            % {"value": status, "allowed": ", ".join(allowed_status)},
        )
    cleaned["status"] = status

    err.raise_if_any()
    return cleaned
