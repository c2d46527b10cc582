"""/jobs/ and its RSS feed: the page form speaks the search API's parameters, so the URL is the whole search."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import logging
import re
from dataclasses import dataclass
from typing import Any, TypedDict

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import get_script_prefix, reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from config.caching import DEFAULT_TIMEOUT_SECONDS
from jobs.models import Contract, Remote
from jobs.validation import strip_control_characters
from search.backends.base import RETRY_AFTER_SECONDS, SearchBackendError
from search.query import (
    DATE_BUCKETS,
    DATE_FACET,
    MAX_REACHABLE,
    RADIUS_CHOICES_KM,
    SORTS,
    SearchQuery,
    SearchQueryError,
    default_radius_km,
    parse_radius_km,
    radius_choices_km,
)
from search.results import FacetValue, Hit, SearchResults
from search.selectors import POSTED_WITHIN_LABELS, places_of, search_jobs, search_miss_note

from . import selectors
from .cards import PostingCard
from .corrections import corrections, form_errors, place_suggestion_links
from .maps import map_view
from .pagination import PAGE_SIZE, Pages, last_page, page_links
from .templatetags.frontend import job_url, salary_text

logger = logging.getLogger(__name__)

SORT_LABELS = {
    "relevance": gettext_lazy("Relevance"),
    "date": gettext_lazy("Newest"),
    "distance": gettext_lazy("Distance"),
}
FACET_TITLES = {
    "county": gettext_lazy("County"),
    "area": gettext_lazy("Occupational area"),
    "field": gettext_lazy("Occupational field"),
    "employment_type": gettext_lazy("Working time"),
    "offer_type": gettext_lazy("Offer type"),
    "network": gettext_lazy("Network"),
}
FACET_ORDER = ("county", "area", "field", "employment_type", "offer_type", "network")
# The minimum monthly pay the salary filter offers (EUR; search.query's salary_min); another asked for is offered too.
SALARY_CHOICES = (2000, 2500, 3000, 3500, 4000, 5000)
# The page's content and each facet are rendered once per language and content (frontend/jobs/search.html caches them
# keyed by what they show, so a change of data is a new key, not a stale entry), and kept this long at most.
FRAGMENT_SECONDS = DEFAULT_TIMEOUT_SECONDS
FACET_TOP = 8


def canonical_params(params: QueryDict) -> QueryDict:
    """The search as the page's URL keeps it: no empty values, areas chosen in the field select moved to `area`,
    no radius without a place."""
    clean = QueryDict(mutable=True)
    for key in params:
        for value in params.getlist(key):
            value = value.strip()
            if not value:
                continue
            # The home form's field select offers whole areas too (one-digit codes).
            key_out = "area" if key == "field" and len(value) == 1 else key
            if value not in clean.getlist(key_out):
                clean.appendlist(key_out, value)
    if clean.get("place"):  # a place typed wins over a location given earlier ("jobs near me")
        clean.pop("lat", None)
        clean.pop("lon", None)
    if "radius_km" in clean and not (clean.get("place") or clean.get("lat")):
        clean.pop("radius_km")
    if clean.get("sort") == "distance" and not (clean.get("place") or clean.get("lat")):
        clean.pop("sort")
    if clean.get("page") == "1":
        clean.pop("page")
    return clean


def search_params(params: QueryDict) -> QueryDict:
    """What the search is asked: the page's parameters plus its page size."""
    asked = params.copy()
    asked["page_size"] = str(PAGE_SIZE)
    return asked


# The search form's own fields; its other errors (the filters) are listed below it, each named by its filter.
FORM_FIELDS = ("q", "place", "radius_km", "sort")
PARAMETER_LABELS = {
    **FACET_TITLES,
    "contract": gettext_lazy("Contract"),
    "remote": gettext_lazy("Remote work"),
    "company": gettext_lazy("Company"),
    "salary_min": gettext_lazy("Minimum salary"),
    "posted_within_days": gettext_lazy("Posted within"),
    "lat": gettext_lazy("Latitude"),
    "lon": gettext_lazy("Longitude"),
    "page": gettext_lazy("Page"),
    "page_size": gettext_lazy("Page size"),
}
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def fingerprint(*parts: object) -> str:
    """A short digest of what a cached fragment shows besides the language (its key): the values given render alike
    when their reprs are alike (dataclasses, lists, tuples, strings, numbers, dates; no lazy translations)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


class FacetChoice(TypedDict):
    """A dict, not an object: the template engine finds a dict's keys at once, while for an object's attributes it
    first tries (and fails) a key lookup; the field facet renders ~140 of them when its fragment is not cached."""

    value: str
    label: Any
    count: int | None
    selected: bool
    control_id: str


@dataclass
class Facet:
    """One filter of the sidebar, as frontend/_facet.html shows it."""

    name: str
    title: Any
    choices: list[FacetChoice]
    input_type: str = "checkbox"

    # Long lists show their first entries; the rest fold away (and stay open when one of them is chosen).
    @property
    def fold_at(self) -> int | None:
        return FACET_TOP if len(self.choices) > FACET_TOP else None

    @property
    def folded(self) -> int:
        return max(0, len(self.choices) - FACET_TOP)

    @property
    def more_open(self) -> bool:
        return any(c["selected"] for c in self.choices[FACET_TOP:])

    @functools.cached_property
    def fingerprint(self) -> str:
        """The key of its cached fragment: the labels in it (a renamed network is a new fragment), the counts and
        what is chosen; the title and the choice names of contract, remote and date follow the language."""
        return fingerprint(self.name, [(c["value"], str(c["label"]), c["count"], c["selected"]) for c in self.choices])


def checkbox_facet(name: str, title: Any, values: list[FacetValue]) -> Facet:
    choices = [
        FacetChoice(
            value=v.value,
            label=v.label or v.value,
            count=v.count,
            selected=v.selected,
            control_id=f"f-{name}-{_ID_UNSAFE.sub('-', v.value)}",
        )
        for v in values
    ]
    return Facet(name=name, title=title, choices=choices)


def _facets(results: SearchResults, query: SearchQuery, posted_within: str) -> list[Facet]:
    facets = [
        checkbox_facet(name, FACET_TITLES[name], results.facets[name])
        for name in FACET_ORDER
        if results.facets.get(name)
    ]
    # Contract and remote have few choices: all of them stay in the sidebar, with 0 where nothing matches.
    facets.append(_all_choices_facet("contract", _("Contract"), Contract.choices, query.contract, results))
    facets.append(_all_choices_facet("remote", _("Remote work"), Remote.choices, query.remote, results))
    facets.append(_posted_within_facet(results, posted_within))
    facets.append(_company_facet(query.company))
    return facets


def _company_facet(chosen: tuple[str, ...]) -> Facet:
    """The companies with open postings (no counts: the search has no company facet); one asked for by a link
    that has none is offered too, so that it can be unticked. Built once per list of companies, choice and
    language in each process: the list is long and the same for most searches."""
    companies = selectors.companies_with_open_postings()
    return _company_facet_built(tuple(companies), chosen, get_language() or "")


@functools.lru_cache(maxsize=128)
def _company_facet_built(listed: tuple[tuple[str, str], ...], chosen: tuple[str, ...], _language: str) -> Facet:
    companies = dict(listed)
    for slug in chosen:
        companies.setdefault(slug, slug)
    values = [FacetValue(value=slug, count=0, label=name, selected=slug in chosen) for slug, name in companies.items()]
    facet = checkbox_facet("company", _("Company"), values)
    for choice in facet.choices:
        choice["count"] = None
    return facet


def _all_choices_facet(name: str, title: str, choices: Any, selected: tuple[str, ...], results: SearchResults) -> Facet:
    counts = {v.value: v.count for v in results.facets.get(name, [])}
    values = [FacetValue(value=v, count=counts.get(v, 0), label=label, selected=v in selected) for v, label in choices]
    return checkbox_facet(name, title, values)


def _posted_within_facet(results: SearchResults, chosen: str) -> Facet:
    """One choice of "any time" or the search's date buckets, each with how many postings it would give."""
    counts = {v.value: v.count for v in results.facets.get(DATE_FACET, [])}
    choices = [FacetChoice(value="", label=_("any time"), count=None, selected=not chosen, control_id="pw-any")]
    choices += [
        FacetChoice(
            value=str(days),
            label=POSTED_WITHIN_LABELS[str(days)],
            count=counts.get(str(days), 0),
            selected=chosen == str(days),
            control_id=f"pw-{days}",
        )
        for days in DATE_BUCKETS
    ]
    return Facet(name=DATE_FACET, title=_("Posted within"), choices=choices, input_type="radio")


@dataclass(frozen=True)
class ActiveFilter:
    """A filter in force, shown above the results with a link to the same search without it."""

    label: str
    remove_url: str


def _without(params: QueryDict, name: str, value: str | None = None, *also: str, base: str = "") -> str:
    """The search's URL (the job search unless `base` names another page) without `name` (or only its `value`), and
    without the parameters `also` names."""
    rest = params.copy()
    if value is None:
        rest.pop(name, None)
    else:
        kept = [v for v in rest.getlist(name) if v != value]
        if kept:
            rest.setlist(name, kept)
        else:
            rest.pop(name, None)
    for other in also:
        rest.pop(other, None)
    rest.pop("page", None)  # another set of results starts at its first page
    base = base or reverse("frontend:job_search")
    return f"{base}?{rest.urlencode()}" if rest else base


def facet_filters(params: QueryDict, facets: list[Facet], *, base: str = "") -> list[ActiveFilter]:
    """The facet choices in force, each with the link to the same search without it (job and candidate search)."""
    return [
        ActiveFilter(f"{facet.title}: {choice['label']}", _without(params, facet.name, choice["value"], base=base))
        for facet in facets
        for choice in facet.choices
        if choice["selected"] and choice["value"]
    ]


def _active_filters(params: QueryDict, facets: list[Facet], query: SearchQuery) -> list[ActiveFilter]:
    """Every filter of the sidebar in force (the text and the place are the form's own): what the filter button
    counts and the list of removable filters shows."""
    active: list[ActiveFilter] = []
    if params.get("lat") and query.point is not None:
        active.append(
            ActiveFilter(str(_("Near your location")), _without(params, "lat", None, "lon", "radius_km", "sort"))
        )
    active += facet_filters(params, facets)
    if query.salary_min is not None:
        active.append(ActiveFilter(salary_text(query.salary_min, None, "EUR", "month"), _without(params, "salary_min")))
    return active


def _salary_choices(chosen: float | None) -> list[tuple[str, str, bool]]:
    """The salary select's options: (value, label, selected), "any" first."""
    amounts = sorted({*SALARY_CHOICES, *([chosen] if chosen is not None else [])})
    options = [("", str(_("any salary")), chosen is None)]
    for amount in amounts:
        value = str(int(amount)) if amount == int(amount) else str(amount)
        options.append((value, salary_text(amount, None, "EUR", "month"), amount == chosen))
    return options


def _pages(params: QueryDict, page: int, total: int) -> Pages:
    """The pager's pages: only the hits the search can page through count."""
    return page_links(params, page, last_page(min(total, MAX_REACHABLE)))


def job_search(request: HttpRequest) -> HttpResponse:
    clean = canonical_params(request.GET)
    if clean.urlencode() != request.GET.urlencode():
        # One URL per search: shareable, cacheable, and the back button returns to the same page.
        target = reverse("frontend:job_search")
        return HttpResponseRedirect(f"{target}?{clean.urlencode()}" if clean else target)
    sq = _form_values(clean)
    context: dict[str, Any] = {
        "sq": sq,
        "radii": radius_choices_km(sq["radius_km"]),
        "sorts": [(value, SORT_LABELS[value]) for value in SORTS],
        "fragment_seconds": FRAGMENT_SECONDS,
    }
    here = reverse("frontend:job_search")
    try:
        query = SearchQuery.from_params(search_params(clean))
    except SearchQueryError as exc:
        errors = form_errors(exc)
        context["place_suggestions"] = place_suggestion_links(here, clean, exc)
        context["field_errors"] = {name: errors[name] for name in FORM_FIELDS if name in errors}
        # Each named by its filter: the filters are not on the page while the search cannot run.
        context["other_errors"] = [
            f"{PARAMETER_LABELS.get(name, name)}: {m}"
            for name, msgs in errors.items()
            if name not in FORM_FIELDS
            for m in msgs
        ]
        return _page(request, context, status=400)
    try:
        # The places of the results (the map) come with them, in the same question to the backend.
        results = search_jobs(dataclasses.replace(query, by_municipality=True))
        search_miss_note(query, results)
    except SearchBackendError:
        logger.exception("search backend failed")
        context["unavailable"] = True
        return _unavailable(_page(request, context, status=503))
    facets = _facets(results, query, sq["posted_within_days"])
    active = _active_filters(clean, facets, query)
    context.update(
        query=query,
        results=results,
        # Built only when the page's content fragment is rendered afresh (the template calls it); its key holds the
        # places' counts instead (_content_fingerprint).
        map=functools.cache(lambda: map_view(clean, places_of(results, query)) if results.total else None),
        cards=[PostingCard.from_hit(hit) for hit in results.hits],
        facets=facets,
        active_filters=active,
        salary_choices=_salary_choices(query.salary_min),
        pages=_pages(clean, query.page, results.total),
        feed_url=f"{reverse('frontend:job_feed')}?{clean.urlencode()}",
        widen=_widen_links(clean) if not results.total else [],
        corrections=corrections(here, clean, place_corrected=query.place_corrected, q_corrected=results.q_corrected),
    )
    return _page(request, context)


def _unavailable(response: HttpResponse) -> HttpResponse:
    """A page that needs the search while the engine fails: 503, with when to try again."""
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context["content_fingerprint"] = _content_fingerprint(context)
    return render(request, "frontend/jobs/search.html", context, status=status)


def _content_fingerprint(context: dict[str, Any]) -> str:
    """Everything the page's main content shows besides the language: the key of its cached fragment. The same
    search over the same postings renders the same content, and any change of what it shows is a new key."""
    results, query = context.get("results"), context.get("query")
    return fingerprint(
        get_script_prefix(),  # of every link in it
        context["sq"],
        context.get("field_errors"),
        context.get("other_errors"),
        context.get("place_suggestions"),
        context.get("corrections"),
        context.get("unavailable"),
        results.total if results else None,
        (query.page, query.offset, query.point) if query else None,
        [facet.fingerprint for facet in context.get("facets", ())],
        context.get("cards"),
        context.get("pages"),
        context.get("widen"),
        context.get("feed_url"),
        sorted(results.municipalities.items()) if results else None,  # the map's places
        context.get("active_filters"),
        context.get("salary_choices"),
    )


def _form_values(params: QueryDict) -> dict[str, Any]:
    radius = parse_radius_km(params.get("radius_km", ""))
    return {
        "q": params.get("q", ""),
        "place": params.get("place", ""),
        "radius_km": default_radius_km() if radius is None else radius,
        "fields": params.getlist("field"),
        "areas": params.getlist("area"),
        "sort": params.get("sort", ""),
        "posted_within_days": params.get("posted_within_days", ""),
        "lat": params.get("lat", ""),
        "lon": params.get("lon", ""),
    }


def _widen_links(params: QueryDict) -> list[tuple[str, str]]:
    """Ways out of an empty result: a larger radius, then dropping each filter in turn."""
    base = reverse("frontend:job_search")
    links: list[tuple[str, str]] = []
    radius = parse_radius_km(params.get("radius_km", "")) if "radius_km" in params else default_radius_km()
    if params.get("place") and radius is not None and radius < max(RADIUS_CHOICES_KM):
        wider = next(r for r in RADIUS_CHOICES_KM if r > radius)
        p = params.copy()
        p["radius_km"] = str(wider)
        links.append((_("Widen the radius to %(km)d km") % {"km": wider}, f"{base}?{p.urlencode()}"))
    labels = {
        "q": _("Drop the search words"),
        "place": _("Search everywhere"),
        "county": _("Drop the county filter"),
        "field": _("Drop the field filter"),
        "area": _("Drop the area filter"),
        "employment_type": _("Drop the working-time filter"),
        "offer_type": _("Drop the offer-type filter"),
        "contract": _("Drop the contract filter"),
        "remote": _("Drop the remote filter"),
        "network": _("Drop the network filter"),
        "company": _("Drop the company filter"),
        "salary_min": _("Drop the salary filter"),
        "posted_within_days": _("Show older postings too"),
    }
    if "lat" in params:
        links.append((_("Search everywhere"), _without(params, "lat", None, "lon", "radius_km", "sort")))
    for key, label in labels.items():
        if key in params:
            p = params.copy()
            p.pop(key)
            if key == "place":
                p.pop("radius_km", None)
                if p.get("sort") == "distance":
                    p.pop("sort")
            links.append((label, f"{base}?{p.urlencode()}"))
    return links


def _xml_safe(value: Any) -> Any:
    return strip_control_characters(value) if isinstance(value, str) else value


class XmlSafeRssFeed(Rss201rev2Feed):
    """RSS 2.0 that leaves out the characters XML 1.0 cannot carry, wherever they come from (the query, a title
    stored before the way in cleaned them): one such character would otherwise fail the whole feed."""

    def __init__(self, title: str, link: str, description: str, **kwargs: Any) -> None:
        super().__init__(
            _xml_safe(title), _xml_safe(link), _xml_safe(description), **{k: _xml_safe(v) for k, v in kwargs.items()}
        )

    def add_item(self, title: str, link: str, description: str, **kwargs: Any) -> None:  # type: ignore[override]
        super().add_item(
            _xml_safe(title), _xml_safe(link), _xml_safe(description), **{k: _xml_safe(v) for k, v in kwargs.items()}
        )


class JobSearchFeed(Feed):
    """RSS 2.0 of the newest postings matching a search: /jobs/feed/ takes the same parameters as /jobs/."""

    feed_type = XmlSafeRssFeed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().__call__(request, *args, **kwargs)
        except SearchBackendError:
            logger.exception("search backend failed")
            text = _("The search is unavailable at the moment. Please try again in a few minutes.")
            return _unavailable(HttpResponse(text, content_type="text/plain; charset=utf-8"))

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> tuple[SearchQuery, str]:
        params = canonical_params(request.GET)
        asked = search_params(params)
        asked["sort"] = "date"
        asked.pop("page", None)
        try:
            query = SearchQuery.from_params(asked)
        except SearchQueryError:
            query = SearchQuery(sort="date", page_size=PAGE_SIZE)
        return query, params.urlencode()

    def title(self, obj: tuple[SearchQuery, str]) -> str:
        query = obj[0]
        return _("Jobs in Thuringia: %(q)s") % {"q": query.q} if query.q else _("Jobs in Thuringia")

    def link(self, obj: tuple[SearchQuery, str]) -> str:
        return f"{reverse('frontend:job_search')}?{obj[1]}"

    def description(self, obj: tuple[SearchQuery, str]) -> str:
        return _("The newest postings for this search on regiojobs.")

    def items(self, obj: tuple[SearchQuery, str]) -> list[Hit]:
        return search_jobs(obj[0]).hits

    def item_title(self, item: Hit) -> str:
        return f"{item.title} – {item.company.get('name', '')}"

    def item_description(self, item: Hit) -> str:
        places = ", ".join(p.get("name", "") for p in item.places)
        return f"{item.company.get('name', '')}{' · ' + places if places else ''}"

    def item_link(self, item: Hit) -> str:
        return job_url(item.id, item.title)

    def item_pubdate(self, item: Hit) -> datetime.datetime:
        return datetime.datetime.combine(item.date_posted, datetime.time(8, 0))
