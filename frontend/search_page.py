"""The markup of /jobs/, built in Python.

The results page must answer within 1.3 × the search API's server time for the same query (bench/pages.py), and
with the search itself taking 2–3 ms for a plain browse, the template engine's half a millisecond per hundred nodes
was most of the difference. So the page's blocks are string formatting: the parts that only depend on the language
(labels, URLs) are put together once per language, and every value from the request or the search is escaped here.
The layout around them is frontend/layout.py.
"""

from __future__ import annotations

import datetime
import functools
import re
from html import escape
from typing import Any

from django.urls import get_script_prefix, reverse
from django.utils.formats import date_format, number_format
from django.utils.html import conditional_escape
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from jobs.models import EmploymentType
from search.query import radius_choices_km
from search.results import Hit

from .templatetags.frontend import job_slug

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
POSTED_WITHIN = (
    (1, gettext_lazy("since yesterday")),
    (7, gettext_lazy("last 7 days")),
    (30, gettext_lazy("last 30 days")),
)
SORTS = (
    ("relevance", gettext_lazy("Relevance")),
    ("date", gettext_lazy("Newest")),
    ("distance", gettext_lazy("Distance")),
)


def _e(value: Any) -> str:
    return str(conditional_escape(value))


@functools.lru_cache(maxsize=16)
def _strings(language: str | None, prefix: str) -> dict[str, Any]:
    """Everything of the page that depends only on the language and the script prefix (the arguments key the
    cache): labels, URLs and the names of the working times."""
    return {
        "types": {k: escape(str(v)) for k, v in EmploymentType.choices},
        "jobs": _("Jobs"),
        "rss": _("RSS feed of this search"),
        "search_url": escape(reverse("frontend:job_search")),
        "suggest_url": _e(reverse("search-suggest")),
        "place_url": _e(reverse("place-search")),
        "job_search": _("Job search"),
        "what": _("What"),
        "what_hint": _("Job title, skill or company"),
        "where": _("Where"),
        "where_hint": _("Town or postal code"),
        "radius": _("Radius"),
        "sort_by": _("Sort by"),
        "search": _("Search"),
        "cannot_run": _("This search cannot be run as asked."),
        "unavailable": _("The search is unavailable at the moment. Please try again in a few minutes."),
        "new_search": _("Start a new search"),
        "filters": _("Filters"),
        "posted_within": _("Posted within"),
        "any_time": _("any time"),
        "apply": _("Apply filters"),
        "pages": _("Pages"),
        "page": _("Page"),
        "no_match": _("No postings match this search."),
        "try": _("Try this:"),
        "spelling": _("Or check the spelling, or search for a related job title."),
    }


def _t() -> dict[str, Any]:
    return _strings(get_language(), get_script_prefix())


# The option lists below are keyed by the language and the chosen value (the arguments), a few dozen at most.
@functools.lru_cache(maxsize=64)
def _sort_options(language: str | None, selected: str) -> str:
    return "".join(
        f'<option value="{value}"{" selected" if value == selected else ""}>{_e(label)}</option>'
        for value, label in SORTS
    )


@functools.lru_cache(maxsize=64)
def _radius_options(language: str | None, selected: float) -> str:
    only = _("only this place")
    return "".join(
        f'<option value="{r}"{" selected" if r == selected else ""}>'
        f"{_('%(r)s km') % {'r': number_format(r)} if r else only}</option>"
        for r in radius_choices_km(selected)
    )


@functools.lru_cache(maxsize=8192)
def _checkbox(name: str, value: str, label: str) -> tuple[str, str]:
    """A facet value's checkbox before and after its checked state. Keyed by the label as well, so a county or
    network the operator renames shows its new name at once."""
    box_id = escape(f"f-{name}-{_ID_UNSAFE.sub('-', value)}")
    return (
        f'<li class="check"><input type="checkbox" form="job-search" name="{escape(name)}" value="{escape(value)}" '
        f'id="{box_id}"',
        f'> <label for="{box_id}">{escape(label or value)}',
    )


def _checkboxes(facet: Any, values: Any) -> str:
    """The <li> checkboxes of (some of) one facet's values, tied to the search form."""
    rows = []
    for v in values:
        before, after = _checkbox(facet.name, str(v.value), str(v.label or v.value))
        count = f' <span class="count">({int(v.count)})</span>' if facet.counted else ""
        rows.append(f"{before}{' checked' if v.selected else ''}{after}{count}</label></li>")
    return "\n".join(rows)


def _fieldsets(facets: Any) -> str:
    """One <fieldset> per facet, long ones folding their tail into <details> (kept open when a value there is
    chosen)."""
    out = []
    for facet in facets:
        title = escape(str(facet.title))
        html = f'<fieldset><legend>{title}</legend><ul class="choice-list">{_checkboxes(facet, facet.top)}</ul>'
        more = facet.more
        if more:
            n = len(more)
            label = escape(ngettext("%(n)s more", "%(n)s more", n) % {"n": n})
            html += (
                f'<details class="facet-more"{" open" if facet.more_open else ""}><summary>{label}'
                f'<span class="visually-hidden"> – {title}</span></summary>'
                f'<ul class="choice-list">{_checkboxes(facet, more)}</ul></details>'
            )
        out.append(html + "</fieldset>")
    return "\n".join(out)


def _cards(hits: list[Hit], t: dict[str, Any]) -> str:
    """The <li> cards of the results. Every field is escaped except the snippet, which the search returns escaped
    with <mark> around the matches."""
    types = t["types"]
    base = t["search_url"]
    dates: dict[datetime.date, str] = {}
    out = []
    for hit in hits:
        meta = f"<span>{escape(str(hit.company.get('name', '')))}</span>"
        if hit.places:
            meta += f"<span>{escape(', '.join(str(p.get('name', '')) for p in hit.places))}</span>"
        if hit.distance_km is not None:
            away = _("%(km)s km away") % {"km": round(hit.distance_km)}  # outside the f-string: makemessages
            meta += f"<span>{escape(away)}</span>"
        day = hit.date_posted
        if day not in dates:
            dates[day] = escape(date_format(day, "SHORT_DATE_FORMAT"))
        meta += f'<span><time datetime="{day.isoformat()}">{dates[day]}</time></span>'
        snippet = f'<p class="card-snippet">{hit.snippet}</p>' if hit.snippet else ""
        tags = f'<li class="tag">{escape(hit.field["name"])}</li>' if hit.field else ""
        tags += "".join(f'<li class="tag">{types[e] if e in types else escape(e)}</li>' for e in hit.employment_types)
        out.append(
            f'<li class="card"><h2><a href="{base}{hit.id}-{job_slug(hit.title)}/">{escape(hit.title)}</a></h2>'
            f'<p class="card-meta">{meta}</p>{snippet}<ul class="tags">{tags}</ul></li>'
        )
    return "\n".join(out)


def title(sq: dict[str, Any]) -> str:
    if sq["q"]:
        return _("“%(q)s” – jobs") % {"q": _e(sq["q"])}
    return str(_t()["jobs"])


def head(feed_url: str | None) -> str:
    link = ""
    if feed_url:
        rss = _t()["rss"]
        link = f'<link rel="alternate" type="application/rss+xml" title="{rss}" href="{_e(feed_url)}">'
    return f'{link}<meta name="robots" content="noindex, follow">'


def _error_list(errors: dict[str, Any], name: str) -> str:
    msgs = errors.get(name)
    if not msgs:
        return ""
    items = "".join(f"<li>{_e(m)}</li>" for m in msgs)
    return f'<ul class="errorlist" id="id_{name}_error">{items}</ul>'


def _invalid(errors: dict[str, Any], name: str) -> str:
    return f' aria-invalid="true" aria-describedby="id_{name}_error"' if errors.get(name) else ""


def _form(c: dict[str, Any], t: dict[str, Any], language: str | None) -> str:
    sq = c["sq"]
    errors = c.get("errors") or {}
    radii = _radius_options(language, sq["radius_km"])
    sorts = _sort_options(language, sq["sort"])
    html = (
        f'<form id="job-search" class="search-form" method="get" action="{t["search_url"]}" role="search" '
        f'aria-label="{t["job_search"]}">\n'
        '  <div class="search-grid">\n'
        '    <div class="field">\n'
        f'      <label for="id_q">{t["what"]}</label>\n'
        f"      {_error_list(errors, 'q')}\n"
        f'      <input type="search" name="q" id="id_q" value="{_e(sq["q"])}" placeholder="{t["what_hint"]}" '
        f'autocomplete="off" list="q-suggestions" data-suggest="{t["suggest_url"]}" data-suggest-kind="text"'
        f"{_invalid(errors, 'q')}>\n"
        '      <datalist id="q-suggestions"></datalist>\n'
        "    </div>\n"
        '    <div class="field">\n'
        f'      <label for="id_place">{t["where"]}</label>\n'
        f"      {_error_list(errors, 'place')}\n"
        f'      <input type="search" name="place" id="id_place" value="{_e(sq["place"])}" '
        f'placeholder="{t["where_hint"]}" autocomplete="off" list="place-suggestions" data-suggest="{t["place_url"]}" '
        f'data-suggest-kind="place"{_invalid(errors, "place")}>\n'
        '      <datalist id="place-suggestions"></datalist>\n'
        "    </div>\n"
        '    <div class="field">\n'
        f'      <label for="id_radius_km">{t["radius"]}</label>\n'
        f"      {_error_list(errors, 'radius_km')}\n"
        f'      <select name="radius_km" id="id_radius_km"{_invalid(errors, "radius_km")}>\n'
        f"        {radii}\n"
        "      </select>\n"
        "    </div>\n"
        '    <div class="field">\n'
        f'      <label for="id_sort">{t["sort_by"]}</label>\n'
        f"      {_error_list(errors, 'sort')}\n"
        '      <select name="sort" id="id_sort">\n'
        f"        {sorts}\n"
        "      </select>\n"
        "    </div>\n"
        f'    <div><button type="submit" class="btn">{t["search"]}</button></div>\n'
        "  </div>\n"
    )
    if errors:
        # The fields above show their own errors; the rest are listed here.
        other = "".join(
            f"<li>{_e(m)}</li>" for name, msgs in errors.items() if name not in "q place radius_km sort" for m in msgs
        )
        html += (
            "  \n"
            '  <div class="note note-error" role="alert">\n'
            f"    <h1>{t['cannot_run']}</h1>\n"
            f'    <ul class="errorlist">{other}</ul>\n'
            f'    <p><a href="{t["search_url"]}">{t["new_search"]}</a></p>\n'
            "  </div>\n"
            "  "
        )
    else:
        html += "  "
    return html + "\n</form>\n"


def _count(n: int | None) -> str:
    return "" if n is None else f' <span class="count">({n})</span>'


@functools.lru_cache(maxsize=256)
def _posted_within(language: str | None, chosen: str, counts: tuple[int | None, ...]) -> str:
    """The radio buttons; `counts` holds each choice's number of postings (None when the search failed)."""
    return "".join(
        f'<li class="check"><input type="radio" form="job-search" name="posted_within_days" value="{days}" '
        f'id="pw-{days}"{" checked" if chosen == str(days) else ""}> <label for="pw-{days}">{_e(label)}'
        f"{_count(n)}</label></li>"
        for (days, label), n in zip(POSTED_WITHIN, counts, strict=True)
    )


def _sidebar(c: dict[str, Any], t: dict[str, Any]) -> str:
    chosen = c["sq"]["posted_within_days"]
    results = c.get("results")
    if results is None:
        counts: tuple[int | None, ...] = (None,) * len(POSTED_WITHIN)
    else:
        found = {v.value: v.count for v in results.facets.get("posted_within_days", [])}
        counts = tuple(found.get(str(days), 0) for days, _label in POSTED_WITHIN)
    within = _posted_within(get_language(), chosen, counts)
    return (
        '  <aside class="facets" aria-labelledby="filters-h">\n'
        f'    <h2 id="filters-h">{t["filters"]}</h2>\n'
        f"    {_fieldsets(c['facets'])}\n"
        "    <fieldset>\n"
        f"      <legend>{t['posted_within']}</legend>\n"
        '      <ul class="choice-list">\n'
        '        <li class="check"><input type="radio" form="job-search" name="posted_within_days" value="" '
        f'id="pw-any"{"" if chosen else " checked"}> <label for="pw-any">{t["any_time"]}</label></li>\n'
        f"        {within}\n"
        "      </ul>\n"
        "    </fieldset>\n"
        f'    <button type="submit" form="job-search" class="btn">{t["apply"]}</button>\n'
        "  </aside>\n"
    )


def _pagination(c: dict[str, Any], t: dict[str, Any]) -> str:
    pages = c["pages"]
    if len(pages) <= 1:
        return ""
    current = c["query"].page
    items = []
    for p, href in pages:
        if p is None:
            link = '<span aria-hidden="true">…</span>'
        else:
            here = ' aria-current="page"' if p == current else ""
            link = f'<a href="{_e(href)}"{here}><span class="visually-hidden">{t["page"]} </span>{p}</a>'
        items.append(f"\n        <li>{link}</li>\n        ")
    return (
        f'\n    <nav class="pagination" aria-label="{t["pages"]}">\n'
        "      <ul>\n"
        f"        {''.join(items)}"
        "\n      </ul>\n"
        "    </nav>\n"
        "    "
    )


def _results(c: dict[str, Any], t: dict[str, Any]) -> str:
    results = c["results"]
    query = c["query"]
    n = results.total
    heading = ngettext("%(n)s job", "%(n)s jobs", n) % {"n": n}
    if query.point:
        near = _("near %(place)s") % {"place": _e(query.point.label)}
        heading += f" <small>{near}</small>"
    html = (
        '  <section aria-labelledby="results-h">\n'
        '    <div class="results-head">\n'
        f'      <h1 id="results-h">{heading}</h1>\n'
        f'      <a href="{_e(c["feed_url"])}">{t["rss"]}</a>\n'
        "    </div>\n"
        "    "
    )
    if results.hits:
        # Snippets come from the search already escaped, with <mark> around the matches.
        html += (
            "\n"
            f'    <ol class="cards" start="{query.offset + 1}">\n'
            "      \n"
            f"      {_cards(results.hits, t)}\n"
            "    </ol>\n"
            "    "
            f"{_pagination(c, t)}"
            "\n"
            "    "
        )
    else:
        widen = ""
        if c["widen"]:
            links = "".join(f'<li><a href="{_e(url)}">{_e(label)}</a></li>' for label, url in c["widen"])
            widen = f"<p>{t['try']}</p><ul>{links}</ul>"
        html += (
            "\n"
            '    <div class="note">\n'
            f"      <p><strong>{t['no_match']}</strong></p>\n"
            f"      {widen}\n"
            f"      <p>{t['spelling']}</p>\n"
            "    </div>\n"
            "    "
        )
    return html + "\n  </section>\n"


def content(c: dict[str, Any]) -> str:
    """The page's main content: the form, and when the search ran, the filters and the results."""
    language = get_language()
    t = _t()
    html = f"\n{_form(c, t, language)}\n"
    if c.get("unavailable"):
        html += f'\n<div class="note note-error" role="alert"><p>{t["unavailable"]}</p></div>\n'
    if "results" in c:
        html += f'\n<div class="results-layout">\n{_sidebar(c, t)}\n{_results(c, t)}</div>\n'
    return html + "\n"
