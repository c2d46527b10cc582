"""What an alert saves of a search: exactly the job search's request parameters, read and refused by the search's
own parser (search.query.SearchQuery.from_params), stored in one canonical form."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from search.query import SearchQuery

# The search parameters an alert keeps: every filter, the text and the place with its radius. Paging and sorting do
# not apply to a digest (it lists the newest), nor does "posted within" (a digest lists what is new since the last).
ALERT_PARAMETERS = (
    "q",
    "place",
    "lat",
    "lon",
    "radius_km",
    "county",
    "field",
    "area",
    "employment_type",
    "offer_type",
    "contract",
    "remote",
    "company",
    "network",
    "salary_min",
)
# The ones that take a list of values (the search also reads them comma-separated).
_MULTI = frozenset(
    {"county", "field", "area", "employment_type", "offer_type", "contract", "remote", "company", "network"}
)
# What the search page's URL may carry besides: dropped when a page saves its search.
PAGE_ONLY_PARAMETERS = ("page", "page_size", "sort", "posted_within_days")
MAX_VALUES = 50
MAX_VALUE_CHARS = 200


def _values(name: str, raw: Any) -> list[str]:
    items = raw if isinstance(raw, list | tuple) else [raw]
    out: list[str] = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise ValidationError({"params": [_("%(name)s: give text or numbers.") % {"name": name}]})
        text = str(item).strip()
        if len(text) > MAX_VALUE_CHARS:
            raise ValidationError({"params": [_("%(name)s: too long.") % {"name": name}]})
        if text:
            out.append(text)
    if len(out) > MAX_VALUES:
        raise ValidationError({"params": [_("%(name)s: too many values.") % {"name": name}]})
    return out


def params_clean(given: Any) -> dict[str, Any]:
    """The canonical parameters of a search to save, or a ValidationError naming `params` and the parameter: not an
    object, an unknown parameter, or a value the search refuses (its own message)."""
    if not isinstance(given, dict):
        raise ValidationError({"params": [_("Give the search as an object of search parameters.")]})
    unknown = sorted(str(k) for k in given if k not in ALERT_PARAMETERS)
    if unknown:
        raise ValidationError(
            {
                "params": [
                    _("Unknown search parameter(s): %(names)s. Allowed: %(allowed)s.")
                    % {"names": ", ".join(unknown), "allowed": ", ".join(ALERT_PARAMETERS)}
                ]
            }
        )
    clean: dict[str, Any] = {}
    for name in ALERT_PARAMETERS:
        if name not in given:
            continue
        values = _values(name, given[name])
        if not values:
            continue
        if name in _MULTI:
            split = [v.strip() for value in values for v in value.split(",") if v.strip()]
            clean[name] = sorted(dict.fromkeys(split))
        else:
            clean[name] = values[-1]
    if clean.get("place"):  # a place typed wins over a location, as on the search page
        clean.pop("lat", None)
        clean.pop("lon", None)
    query_of(clean)
    return clean


def query_of(params: dict[str, Any]) -> SearchQuery:
    """The search of saved parameters (SearchQueryError, a ValidationError, naming each bad one as `params.<name>`)."""
    from search.query import SearchQueryError

    try:
        return SearchQuery.from_params(params)
    except SearchQueryError as exc:
        raise ValidationError({f"params.{name}": messages for name, messages in exc.message_dict.items()}) from None


def params_key(params: dict[str, Any]) -> str:
    """Alerts with the same key ask the same search (so a run asks it once)."""
    return json.dumps(params, sort_keys=True, ensure_ascii=False)


def params_from_page(query: Any) -> dict[str, Any]:
    """The alert parameters of a search page's URL (a QueryDict): its filters, without paging and sorting."""
    return {name: query.getlist(name) for name in ALERT_PARAMETERS if query.getlist(name)}
