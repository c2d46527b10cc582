"""/jobs/ and its RSS feed: the page form speaks the search API's parameters, so the URL is the whole search."""

from __future__ import annotations

import datetime
import functools
import logging
import math
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from jobs.models import Contract, Remote
from jobs.validation import strip_control_characters
from search.backends.base import RETRY_AFTER_SECONDS, SearchBackendError
from search.query import (
    MAX_REACHABLE,
    RADIUS_CHOICES_KM,
    SearchQuery,
    SearchQueryError,
    default_radius_km,
    parse_radius_km,
)
from search.results import FacetValue, Hit, SearchResults
from search.selectors import search_jobs

from . import search_page
from .layout import render_page
from .templatetags.frontend import job_url

logger = logging.getLogger(__name__)

FACET_TITLES = {
    "county": gettext_lazy("County"),
    "area": gettext_lazy("Occupational area"),
    "field": gettext_lazy("Occupational field"),
    "employment_type": gettext_lazy("Working time"),
    "offer_type": gettext_lazy("Offer type"),
    "network": gettext_lazy("Network"),
}
FACET_ORDER = ("county", "area", "field", "employment_type", "offer_type", "network")
PAGE_SIZE = 20
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
    if "radius_km" in clean and not (clean.get("place") or clean.get("lat")):
        clean.pop("radius_km")
    if clean.get("sort") == "distance" and not clean.get("place"):
        clean.pop("sort")
    if clean.get("page") == "1":
        clean.pop("page")
    return clean


def search_params(params: QueryDict) -> QueryDict:
    """What the search is asked: the page's parameters plus its page size."""
    asked = params.copy()
    asked["page_size"] = str(PAGE_SIZE)
    return asked


@dataclass
class Facet:
    name: str
    title: str
    values: list[FacetValue]
    counted: bool = True

    # Long lists show their first entries; the rest fold away (and stay open when one of them is chosen).
    @property
    def top(self) -> list[FacetValue]:
        return self.values[:FACET_TOP]

    @property
    def more(self) -> list[FacetValue]:
        return self.values[FACET_TOP:]

    @property
    def more_open(self) -> bool:
        return any(v.selected for v in self.more)


def _facets(results: SearchResults, query: SearchQuery) -> list[Facet]:
    facets = [
        Facet(name=name, title=str(FACET_TITLES[name]), values=results.facets.get(name, []))
        for name in FACET_ORDER
        if results.facets.get(name)
    ]
    # Contract and remote have few choices: all of them stay in the sidebar, with 0 where nothing matches.
    contract, remote = _static_choices(get_language())
    facets.append(_all_choices_facet("contract", _("Contract"), contract, query.contract, results))
    facets.append(_all_choices_facet("remote", _("Remote work"), remote, query.remote, results))
    return facets


@functools.lru_cache(maxsize=16)
def _static_choices(language: str | None) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The contract and remote choices with their labels in a language (the argument keys the cache)."""
    return tuple(tuple((v, str(label)) for v, label in choices) for choices in (Contract.choices, Remote.choices))


def _all_choices_facet(name: str, title: str, choices: Any, selected: tuple[str, ...], results: SearchResults) -> Facet:
    counts = {v.value: v.count for v in results.facets.get(name, [])}
    values = [FacetValue(value=v, count=counts.get(v, 0), label=label, selected=v in selected) for v, label in choices]
    return Facet(name=name, title=title, values=values)


def _pages(params: QueryDict, page: int, total: int) -> list[tuple[int | None, str]]:
    """Page numbers around the current one, first and last, with gaps (None); each with its link."""
    last = max(1, math.ceil(min(total, MAX_REACHABLE) / PAGE_SIZE))
    wanted = sorted(p for p in {1, last, page - 1, page, page + 1} if 1 <= p <= last)
    rest = params.copy()
    rest.pop("page", None)
    base = rest.urlencode()
    pages: list[tuple[int | None, str]] = []
    for p in wanted:
        if pages and pages[-1][0] is not None and p - pages[-1][0] > 1:  # type: ignore[operator]
            pages.append((None, ""))
        query = base if p == 1 else f"{base}&page={p}" if base else f"page={p}"
        pages.append((p, f"?{query}"))
    return pages


def job_search(request: HttpRequest) -> HttpResponse:
    clean = canonical_params(request.GET)
    if clean.urlencode() != request.GET.urlencode():
        # One URL per search: shareable, cacheable, and the back button returns to the same page.
        target = reverse("frontend:job_search")
        return HttpResponseRedirect(f"{target}?{clean.urlencode()}" if clean else target)
    context: dict[str, Any] = {
        "params": clean,
        "sq": _form_values(clean),
    }
    try:
        query = SearchQuery.from_params(search_params(clean))
    except SearchQueryError as exc:
        context["errors"] = exc.message_dict
        return _page(request, context, status=400)
    try:
        results = search_jobs(query)
    except SearchBackendError:
        logger.exception("search backend failed")
        context["unavailable"] = True
        return _unavailable(_page(request, context, status=503))
    context.update(
        query=query,
        results=results,
        facets=_facets(results, query),
        pages=_pages(clean, query.page, results.total),
        feed_url=f"{reverse('frontend:job_feed')}?{clean.urlencode()}",
        widen=_widen_links(clean) if not results.total else [],
    )
    return _page(request, context)


def _unavailable(response: HttpResponse) -> HttpResponse:
    """A page that needs the search while the engine fails: 503, with when to try again."""
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render_page(
        request,
        title=search_page.title(context["sq"]),
        head=search_page.head(context.get("feed_url")),
        content=search_page.content(context),
        status=status,
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
        "posted_within_days": _("Show older postings too"),
    }
    for key, label in labels.items():
        if key in params:
            p = params.copy()
            p.pop(key)
            if key == "place":
                p.pop("radius_km", None)
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
