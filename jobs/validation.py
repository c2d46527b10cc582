"""Domain rules for a posting's data, shared by the API, the pages and the crawlers.

Input is the write shape with Python values (dates, decimals, lists); errors are raised as one
ValidationError keyed by field name, so every caller can show them next to the right field.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.models import Municipality

from .models import Contract, EmploymentType, OccupationalField, OfferType, Remote, SalaryPeriod, Status

TITLE_MAX = 200
WRITABLE_FIELDS = (
    "title", "description", "workplaces", "remote", "field", "employment_types", "offer_type", "contract",
    "salary_min", "salary_max", "salary_currency", "salary_period", "apply_url", "apply_email",
    "date_posted", "valid_through", "status",
)  # fmt: skip
CHOICES: dict[str, Any] = {
    "remote": Remote,
    "offer_type": OfferType,
    "contract": Contract,
    "salary_period": SalaryPeriod,
}


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


def posting_clean(data: dict[str, Any], *, allowed_status: tuple[str, ...], check_past: bool = True) -> dict[str, Any]:
    """Check a complete posting; returns the data with workplaces resolved to Municipality objects.

    `check_past` is off when an edit neither sets valid-through nor publishes, so an old posting's
    other fields can still be corrected.
    """
    err = PostingErrors()
    cleaned = dict(data)

    title = (data.get("title") or "").strip()
    if not title:
        err.add("title", _("A title is required."))
    elif len(title) > TITLE_MAX:
        err.add("title", _("The title may have at most %(max)d characters.") % {"max": TITLE_MAX})
    cleaned["title"] = title

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

    workplaces = data.get("workplaces") or []
    resolved = []
    wp_errors: list[str] = []
    for i, wp in enumerate(workplaces):
        ags = str(wp.get("municipality") or "")
        municipality = Municipality.objects.filter(ags=ags).first()
        if municipality is None:
            wp_errors.append(
                _("Workplace %(n)d: unknown municipality “%(ags)s” (expected an AGS such as 16062041).")
                % {"n": i + 1, "ags": ags}
            )
            continue
        postal_code = (wp.get("postal_code") or "").strip()
        if postal_code and (len(postal_code) != 5 or not postal_code.isdigit()):
            wp_errors.append(_("Workplace %(n)d: a postal code has five digits.") % {"n": i + 1})
        resolved.append(
            {"municipality": municipality, "postal_code": postal_code, "street": (wp.get("street") or "").strip()}
        )
    for message in wp_errors:
        err.add("workplaces", message)
    if not workplaces and data.get("remote") != Remote.FULL:
        err.add("workplaces", _("Give at least one workplace, or mark the posting as fully remote."))
    cleaned["workplaces"] = resolved

    date_posted = data.get("date_posted") or timezone.localdate()
    valid_through = data.get("valid_through")
    cleaned["date_posted"] = date_posted
    if valid_through is not None:
        if isinstance(valid_through, datetime.datetime):
            valid_through = valid_through.date()
        if check_past and valid_through < timezone.localdate():
            err.add("valid_through", _("The valid-through date lies in the past."))
        elif valid_through < date_posted:
            err.add("valid_through", _("The valid-through date lies before the date posted."))
        cleaned["valid_through"] = valid_through

    smin, smax = data.get("salary_min"), data.get("salary_max")
    for name, value in (("salary_min", smin), ("salary_max", smax)):
        if value is not None and Decimal(value) < 0:
            err.add(name, _("A salary cannot be negative."))
    if smin is not None and smax is not None and Decimal(smin) > Decimal(smax):
        err.add("salary_min", _("The minimum salary is above the maximum."))
    if (smin is not None or smax is not None) and not data.get("salary_period"):
        err.add("salary_period", _("Say whether the salary is per hour, month or year."))
    currency = (data.get("salary_currency") or "EUR").upper()
    if len(currency) != 3 or not currency.isalpha():
        err.add("salary_currency", _("Use a three-letter ISO 4217 code such as EUR."))
    cleaned["salary_currency"] = currency

    apply_url = (data.get("apply_url") or "").strip()
    if apply_url and not _is_http_url(apply_url):
        err.add("apply_url", _("The apply URL must be an http:// or https:// address."))
    cleaned["apply_url"] = apply_url
    apply_email = (data.get("apply_email") or "").strip()
    if apply_email:
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
