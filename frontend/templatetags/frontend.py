"""Template helpers of the public pages: canonical posting URLs and links that keep the current search."""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jobs.models import EmploymentType, SalaryPeriod
from jobs.text import strip_gender_marker

register = template.Library()


@functools.lru_cache(maxsize=4096)
def job_slug(title: str) -> str:
    # The slug is only decoration for people and search engines; the id alone identifies the posting.
    return slugify(strip_gender_marker(title))[:80].strip("-") or "stelle"


def posting_href(pk: int, slug: str) -> str:
    return reverse("frontend:job_detail", kwargs={"pk": pk, "slug": slug})


@register.simple_tag
def job_url(pk: int, title: str) -> str:
    return posting_href(pk, job_slug(title))


# Lists show the same few dates and working times again and again: each is formatted once per language (the result
# depends on nothing else), not once per card.
@register.filter
def employment_type_label(code: str) -> str:
    return _employment_type_label(code, get_language())


@functools.lru_cache(maxsize=256)
def _employment_type_label(code: str, language: str) -> str:
    try:
        return str(EmploymentType(code).label)
    except ValueError:
        return code


@register.filter
def localized_count(value: int) -> str:
    """A count as {{ value }} shows it (localize()), at a fraction of the cost: facets show a few hundred."""
    return _localized_count(value, get_language())


@functools.lru_cache(maxsize=4096)
def _localized_count(value: int, language: str) -> str:
    return str(formats.localize(value))


@register.filter
def short_date(value: datetime.date) -> str:
    """The date as the `date:"SHORT_DATE_FORMAT"` filter shows it."""
    return _short_date(value, get_language())


@functools.lru_cache(maxsize=1024)
def _short_date(value: datetime.date, language: str) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


# ---- salary: the one way every page shows it ------------------------------------------------------------------------
CURRENCY_SYMBOLS = {"EUR": "€"}


def _amount(value: Any) -> str:
    """An amount in the page's language: grouped thousands, cents only when there are any (3.200 / 12,50)."""
    number = Decimal(str(value))
    places = 0 if number == number.to_integral_value() else 2
    return formats.number_format(number, places, use_l10n=True, force_grouping=True)


def salary_text(minimum: Any, maximum: Any, currency: str = "EUR", period: str = "") -> str:
    """ "3.200–3.800 € pro Monat", "ab 15 € pro Stunde", "bis zu 2.000 € pro Monat"; "" without an amount."""
    if minimum is None and maximum is None:
        return ""
    symbol = CURRENCY_SYMBOLS.get(currency or "EUR", currency)
    if minimum is not None and maximum is not None and Decimal(str(minimum)) != Decimal(str(maximum)):
        text = _("%(min)s–%(max)s %(currency)s") % {
            "min": _amount(minimum),
            "max": _amount(maximum),
            "currency": symbol,
        }
    elif minimum is not None and maximum is not None:
        text = _("%(amount)s %(currency)s") % {"amount": _amount(minimum), "currency": symbol}
    elif minimum is not None:
        text = _("from %(amount)s %(currency)s") % {"amount": _amount(minimum), "currency": symbol}
    else:
        text = _("up to %(amount)s %(currency)s") % {"amount": _amount(maximum), "currency": symbol}
    if period in SalaryPeriod.values:
        text = f"{text} {SalaryPeriod(period).label}"
    return text


@register.filter
def monthly_salary(amount: Any) -> str:
    """A monthly amount in euros as postings show theirs ("3.200 € pro Monat"): a seeker's salary expectation."""
    return salary_text(amount, amount, "EUR", SalaryPeriod.MONTH) if amount is not None else ""


@register.filter
def salary(obj: Any) -> str:
    """The salary of a posting or a card (anything with salary_min, salary_max, salary_currency, salary_period)."""
    return salary_text(
        getattr(obj, "salary_min", None),
        getattr(obj, "salary_max", None),
        getattr(obj, "salary_currency", "") or "EUR",
        getattr(obj, "salary_period", "") or "",
    )


@register.simple_tag
def error_summary(form: Any) -> list[tuple[str, str, str]]:
    """(anchor, label, message) of each of a form's field errors, for the summary above it (_form_errors.html): the
    form's own `error_summary` where it has fields of its own making (the seeker profile's rows), else one entry a
    field error, linked to its field."""
    own = getattr(form, "error_summary", None)
    if callable(own):
        return list(own())
    out: list[tuple[str, str, str]] = []
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        if name in form.fields:
            field = form[name]
            # A hidden field has no place to go to: its error is listed without a link.
            anchor, label = ("" if field.is_hidden else field.auto_id or name), str(field.label)
        else:
            anchor, label = f"id_{name}", ""
        out.extend((anchor, label, str(e)) for e in errors)
    return out


@register.simple_tag(takes_context=True)
def language_next(context: Any) -> str:
    """Where the language switch returns to: this page, or after a refused form (a POST, whose address may take no
    GET: "/alerts/save/") the page the form was sent from, when that is a page of this site (else this page)."""
    request = context.get("request")
    if request is None:
        return "/"
    here = str(request.get_full_path())
    if request.method in ("GET", "HEAD"):
        return here
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if referer.netloc != request.get_host():
        return here
    back = referer.path + (f"?{referer.query}" if referer.query else "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return back if safe else here
