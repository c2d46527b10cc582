"""What the search pages say about a corrected search, and the links a "did you mean" offers: one source for the job
search and the candidate search (frontend/_search_notices.html and the place field of frontend/_search_form.html)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from search.query import SearchQueryError, did_you_mean


@dataclass(frozen=True)
class Correction:
    """A search run with what the person meant rather than what they typed: `kind` "place" or "q", what was typed,
    what was searched, and the link to the same search asked as corrected (its address then says what it finds)."""

    kind: str
    typed: str
    searched: str
    url: str


def _url(base: str, params: QueryDict, name: str, value: str) -> str:
    """The same search with one parameter changed, from its first page."""
    changed = params.copy()
    changed[name] = value
    changed.pop("page", None)
    return f"{base}?{changed.urlencode()}"


def corrections(base: str, params: QueryDict, *, place_corrected: str, q_corrected: str = "") -> list[Correction]:
    found = []
    if place_corrected:
        found.append(
            Correction("place", params.get("place", ""), place_corrected, _url(base, params, "place", place_corrected))
        )
    if q_corrected:
        found.append(Correction("q", params.get("q", ""), q_corrected, _url(base, params, "q", q_corrected)))
    return found


def place_suggestion_links(base: str, params: QueryDict, exc: SearchQueryError) -> list[tuple[str, str]]:
    """The places an unknown or shared place name may mean, each (label, link to the same search there)."""
    return [(label, _url(base, params, "place", label)) for label in exc.place_suggestions]


def form_errors(exc: SearchQueryError) -> dict[str, list[str]]:
    """The refusal's messages per parameter; the place's "did you mean" in words is left out when the page shows
    its suggestions as links instead."""
    errors: dict[str, Any] = {name: [str(m) for m in msgs] for name, msgs in exc.message_dict.items()}
    if exc.place_suggestions and "place" in errors:
        words = did_you_mean(exc.place_suggestions)
        errors["place"] = [m for m in errors["place"] if m != words]
    return errors
