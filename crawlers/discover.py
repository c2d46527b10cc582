"""Discovery: what a URL or a fetched page is, and where its postings are (an ATS feed, detail pages, a sitemap)."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .extract.personio import safe_xml

FEED_KINDS = frozenset({"personio", "greenhouse", "lever", "softgarden", "dvinci", "rss"})

# Hosted ATS boards → their machine-readable feed. Groups: the tenant (account, board, site).
_ATS_PATTERNS: list[tuple[str, re.Pattern[str], str]] = [
    (
        "personio",
        re.compile(r"^https?://([a-z0-9-]+)\.jobs\.personio\.(de|com)\b", re.I),
        "https://{0}.jobs.personio.{1}/xml?language=de",
    ),
    (
        "softgarden",
        re.compile(r"^https?://([a-z0-9-]+)\.career\.softgarden\.de\b", re.I),
        "https://{0}.career.softgarden.de/jobs.feed.json",
    ),
    (
        "greenhouse",
        re.compile(
            r"^https?://(?:boards|job-boards)(?:\.eu)?\.greenhouse\.io/(?:embed/job_board\?for=)?([\w-]+)", re.I
        ),
        "https://boards-api.greenhouse.io/v1/boards/{0}/jobs?content=true",
    ),
    (
        "greenhouse",
        re.compile(r"^https?://boards-api\.greenhouse\.io/v1/boards/([\w-]+)", re.I),
        "https://boards-api.greenhouse.io/v1/boards/{0}/jobs?content=true",
    ),
    (
        "lever",
        re.compile(r"^https?://jobs\.(?:eu\.)?lever\.co/([\w.-]+)", re.I),
        "https://api.lever.co/v0/postings/{0}?mode=json",
    ),
    (
        "lever",
        re.compile(r"^https?://api\.(?:eu\.)?lever\.co/v0/postings/([\w.-]+)", re.I),
        "https://api.lever.co/v0/postings/{0}?mode=json",
    ),
    (
        "dvinci",
        re.compile(r"^https?://([a-z0-9-]+)\.dvinci-hr\.com\b", re.I),
        "https://{0}.dvinci-hr.com/jobPublication/list.json",
    ),
]

_ATTR_URL = re.compile(r"""(?:src|href|data-src|data-url)\s*=\s*["']([^"']+)["']""", re.I)
_FEED_LINK = re.compile(r"""<link\b[^>]*\btype\s*=\s*["']application/(?:rss|atom)\+xml["'][^>]*>""", re.I)
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']+)["']""", re.I)
_ANCHOR = re.compile(r"""<a\b[^>]*\bhref\s*=\s*["']([^"'#][^"']*)["'][^>]*>(.*?)</a\s*>""", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
# Words in a link's path or text that point to a vacancy page.
_JOBBY = re.compile(
    r"job|stelle|karriere|career|position|vacanc|ausbildung|praktikum|offene-stellen|jobs?/|m-w-d|mwd|\(m/w/d\)|"
    r"\(w/m/d\)|\(m/f/d\)",
    re.I,
)
_SKIP_EXT = re.compile(r"\.(pdf|jpe?g|png|gif|svg|zip|docx?|xlsx?|mp4|css|js)(\?|$)", re.I)


def ats_account(url: str) -> tuple[str, str] | None:
    """(kind, account) when the URL is a hosted ATS board: the tenant part of its address (e.g. "acme" of
    https://acme.jobs.personio.de/)."""
    for kind, pattern, _template in _ATS_PATTERNS:
        match = pattern.match(url.strip())
        if match:
            return kind, match.group(1)
    return None


def ats_feed(url: str) -> tuple[str, str] | None:
    """(kind, feed URL) when the URL is a hosted ATS board (Personio, softgarden, Greenhouse, Lever, d.vinci)."""
    for kind, pattern, template in _ATS_PATTERNS:
        match = pattern.match(url.strip())
        if match:
            if kind == "personio" and "/xml" in url:
                return kind, url
            return kind, template.format(*match.groups())
    return None


def embedded_feeds(page_html: str, base_url: str) -> list[tuple[str, str]]:
    """ATS boards embedded or linked on a career page, and RSS/Atom feeds it advertises."""
    found: dict[str, tuple[str, str]] = {}
    for raw in _ATTR_URL.findall(page_html):
        url = urljoin(base_url, html.unescape(raw.strip()))
        ats = ats_feed(url)
        if ats and ats[1] not in found:
            found[ats[1]] = ats
    for tag in _FEED_LINK.findall(page_html):
        href = _HREF.search(tag)
        if href:
            url = urljoin(base_url, html.unescape(href.group(1)))
            found.setdefault(url, ("rss", url))
    return list(found.values())


def detail_links(page_html: str, page_url: str, base_url: str, *, limit: int) -> list[str]:
    """Same-site links that look like vacancy pages (by path or link text), in page order, at most `limit`."""
    host = urlsplit(page_url).hostname
    here = page_url.split("#")[0]
    out: dict[str, None] = {}
    for href, inner in _ANCHOR.findall(page_html):
        url = urljoin(base_url, html.unescape(href.strip())).split("#")[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.hostname != host or url == here or _SKIP_EXT.search(url):
            continue
        label = _TAG.sub(" ", inner)
        if _JOBBY.search(parts.path + "?" + parts.query) or _JOBBY.search(label):
            out[url] = None
            if len(out) >= limit:
                break
    return list(out)


def sitemap_urls(body: bytes, *, limit: int) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) of a sitemap document; only pages that look like vacancies."""
    root = safe_xml(body)
    pages, nested = [], []
    for loc in root.iter("{*}loc"):
        url = (loc.text or "").strip()
        parent = etree.QName(loc.getparent()).localname if loc.getparent() is not None else ""
        if parent == "sitemap":
            nested.append(url)
        elif _JOBBY.search(urlsplit(url).path):
            pages.append(url)
        if len(pages) >= limit:
            break
    return pages, nested


def sniff(body: bytes, content_type: str) -> str:
    """The kind of a fetched document by its content: a feed kind, "jsonld" for HTML, or "" if unknown."""
    head = body.lstrip()[:2048]
    ctype = content_type.lower()
    if head[:1] in (b"{", b"[") or "json" in ctype:
        import json

        try:
            data = json.loads(body)
        except ValueError:
            return ""
        if isinstance(data, dict):
            if isinstance(data.get("jobs"), list):
                return "greenhouse"
            if "dataFeedElement" in data:
                return "softgarden"
            return "jsonld"
        if isinstance(data, list) and data and isinstance(data[0], dict):
            if "hostedUrl" in data[0] or "categories" in data[0]:
                return "lever"
            if "jobPublicationURL" in data[0] or "position" in data[0]:
                return "dvinci"
            return "jsonld"
        return "lever" if data == [] else ""  # an empty list is a healthy board with no postings
    lowered = head.lower()
    if b"<workzag-jobs" in lowered:
        return "personio"
    if b"<rss" in lowered or b"<feed" in lowered or b"<rdf:rdf" in lowered:
        return "rss"
    if b"<html" in lowered or b"<!doctype html" in lowered or "html" in ctype or b"<body" in lowered:
        return "jsonld"
    return ""
