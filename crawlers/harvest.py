"""Fetch → discover → extract for one source, without touching the database.

`read_start` and `read_detail` turn one fetched document into postings and pages to follow; `harvest` drives them
with a Fetcher. The benchmark's Scrapy spider drives the same two functions, so only the I/O engines differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import discover
from .discover import FEED_KINDS
from .extract import ExtractError
from .extract.ats import extract_dvinci, extract_greenhouse, extract_lever, extract_softgarden, load_json
from .extract.html import extract_selectors, job_links, main_content
from .extract.jsonld import base_url_of, extract_html
from .extract.personio import extract_personio
from .extract.rss import extract_rss
from .fetch import Fetcher, FetchError, decode_body
from .types import RawPosting

SITEMAP_DOCS = 3  # robots.txt sitemaps read at most per run (a sitemap index counts)


@dataclass
class Follow:
    url: str
    seed: RawPosting | None = None  # what the list page said about this posting (plain HTML sources)


@dataclass
class Step:
    postings: list[RawPosting] = field(default_factory=list)
    follow: list[Follow] = field(default_factory=list)
    feed: tuple[str, str] | None = None  # (kind, url) of an ATS feed the page embeds
    kind: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class Harvest:
    postings: list[RawPosting] = field(default_factory=list)
    # Read completely and well-formed: only then may postings missing from it be closed.
    complete: bool = False
    not_modified: bool = False
    kind: str = ""
    errors: list[dict[str, str]] = field(default_factory=list)
    failed_urls: set[str] = field(default_factory=set)  # detail pages not read: their postings still count
    etag: str = ""
    last_modified: str = ""
    fatal: bool = False  # the first document (or its feed) could not be fetched or read

    def error(self, url: str, reason: str) -> None:
        self.errors.append({"url": url, "reason": reason[:500]})


def read_feed(kind: str, body: bytes, url: str) -> list[RawPosting]:
    if kind == "personio":
        return extract_personio(body, url)
    if kind == "rss":
        return extract_rss(body, url)
    readers = {
        "greenhouse": extract_greenhouse,
        "lever": extract_lever,
        "softgarden": extract_softgarden,
        "dvinci": extract_dvinci,
    }
    return readers[kind](load_json(body), url)


def read_start(
    url: str, body: bytes, content_type: str, *, kind: str, selectors: dict[str, Any] | None, max_pages: int
) -> Step:
    """The first document of a source: postings on it, detail pages to follow, or an ATS feed it embeds."""
    if kind == "auto":
        kind = discover.sniff(body, content_type)
        if not kind:
            raise ExtractError("neither an HTML page nor a known feed format")
    if kind in FEED_KINDS:
        return Step(postings=read_feed(kind, body, url), kind=kind)
    text, _codec = decode_body(body, content_type)
    if not text.strip():
        raise ExtractError("empty body")
    if "<" not in text:
        raise ExtractError("not an HTML page")
    base = base_url_of(text, url)
    if kind == "html" and selectors:
        seeds = extract_selectors(text, url, selectors)
        with_page = [s for s in seeds if s.url]
        return Step(
            postings=[s for s in seeds if not s.url],
            follow=[Follow(s.url, s) for s in with_page[:max_pages]],
            kind=kind,
        )
    postings, errors = extract_html(text, url)
    if not postings:
        feeds = discover.embedded_feeds(text, base)
        if feeds:
            return Step(feed=feeds[0], kind=kind, errors=errors)
    by_url = {s.url: s for s in job_links(text, url)}
    links = discover.detail_links(text, url, base, limit=max_pages)
    ordered = list(dict.fromkeys([*links, *by_url]))[:max_pages]
    return Step(postings=postings, follow=[Follow(u, by_url.get(u)) for u in ordered], kind=kind, errors=errors)


def read_detail(follow: Follow, url: str, body: bytes, content_type: str) -> list[RawPosting]:
    """Postings of a detail page: its JobPosting markup, else the list page's seed described by the page text."""
    text, _codec = decode_body(body, content_type)
    postings, _errors = extract_html(text, url)
    if postings:
        for p in postings:
            if follow.seed is not None:
                p.places = p.places or follow.seed.places
                p.date_posted = p.date_posted or follow.seed.date_posted
        return postings
    if follow.seed is not None:
        seed = follow.seed
        seed.description = seed.description or main_content(text)
        seed.base_url = base_url_of(text, url)
        return [seed]
    return []


def _sitemap_follow(fetcher: Fetcher, url: str, max_pages: int, result: Harvest) -> list[Follow]:
    queue = fetcher.sitemaps(url)[:SITEMAP_DOCS]
    pages: list[str] = []
    read = 0
    while queue and read < SITEMAP_DOCS and len(pages) < max_pages:
        sitemap = queue.pop(0)
        read += 1
        try:
            page = fetcher.get(sitemap, feed=True)
            found, nested = discover.sitemap_urls(page.body, limit=max_pages)
        except (FetchError, ExtractError) as exc:
            result.error(sitemap, f"sitemap: {exc}")
            continue
        pages.extend(found)
        queue.extend(nested)
    return [Follow(u) for u in dict.fromkeys(pages)][:max_pages]


def harvest(
    url: str,
    *,
    fetcher: Fetcher,
    kind: str = "auto",
    selectors: dict[str, Any] | None = None,
    etag: str = "",
    last_modified: str = "",
    max_pages: int = 200,
) -> Harvest:
    result = Harvest(kind=kind)
    if kind == "auto" and (ats := discover.ats_feed(url)):
        kind, url = ats
    try:
        page = fetcher.get(url, feed=kind in FEED_KINDS, etag=etag, last_modified=last_modified)
    except FetchError as exc:
        result.error(exc.url or url, f"{exc}")
        result.fatal = True
        return result
    if page.not_modified:
        result.not_modified = True
        result.etag, result.last_modified = etag, last_modified
        return result
    try:
        step = read_start(page.url, page.body, page.content_type, kind=kind, selectors=selectors, max_pages=max_pages)
        embeds_feed = step.feed is not None
        if step.feed is not None:
            kind, feed_url = step.feed
            feed_page = fetcher.get(feed_url, feed=True)
            step = read_start(
                feed_page.url, feed_page.body, feed_page.content_type, kind=kind, selectors=None, max_pages=max_pages
            )
    except (FetchError, ExtractError) as exc:
        result.error(getattr(exc, "url", "") or url, f"{exc}")
        result.fatal = True
        return result
    result.kind = step.kind
    for reason in step.errors:
        result.error(page.url, reason)
    follow = step.follow
    if not step.postings and not follow and step.kind not in FEED_KINDS:
        follow = _sitemap_follow(fetcher, page.url, max_pages, result)
    postings = list(step.postings)
    for item in follow:
        try:
            detail = fetcher.get(item.url)
            postings.extend(read_detail(item, detail.url, detail.body, detail.content_type))
        except FetchError as exc:
            result.failed_urls.add(item.url)
            result.error(item.url, f"{exc}")
    result.postings = _dedupe(postings)
    # A feed read without error is complete even when empty. An HTML page is complete only when it yielded
    # postings and all its JSON-LD could be read: "no postings found" on a redesigned page must not close anything.
    if step.kind in FEED_KINDS:
        result.complete = True
    else:
        result.complete = bool(result.postings) and not step.errors
    if not follow and not embeds_feed:
        # Validators only help when the first document holds everything; detail pages may change on their own.
        result.etag = page.headers.get("etag", "")
        result.last_modified = page.headers.get("last-modified", "")
    return result


def _dedupe(postings: list[RawPosting]) -> list[RawPosting]:
    seen: dict[str, RawPosting] = {}
    for p in postings:
        if p.key and p.key not in seen:
            seen[p.key] = p
    return list(seen.values())
