"""Career pages without markup: CSS selectors given per source, or links whose text reads like a job title."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from crawlers.types import RawPlace, RawPosting
from jobs.text import strip_gender_marker

from .jsonld import base_url_of

# "(m/w/d)" and friends: the surest sign a link text is a job title.
_GENDER = re.compile(r"[\(\[]?\s*(?:[mwfdx]\s*/\s*[mwfdx](?:\s*/\s*[mwfdx])?|gn\*?|all genders)\s*[\)\]]?", re.I)


def soup(page_html: str) -> BeautifulSoup:
    return BeautifulSoup(page_html, "lxml")


def _text(el: Tag | None) -> str:
    return " ".join(el.get_text(" ").split()) if el is not None else ""


def _link_of(el: Tag | None) -> str:
    if el is None:
        return ""
    if el.name == "a" and el.get("href"):
        return str(el["href"])
    inner = el.find("a", href=True)
    if isinstance(inner, Tag):
        return str(inner["href"])
    outer = el.find_parent("a", href=True)
    return str(outer["href"]) if outer is not None else ""


def extract_selectors(page_html: str, page_url: str, selectors: dict[str, str]) -> list[RawPosting]:
    """Postings from a list page using the source's selectors {"item", "title", "link", "place", "date"}."""
    doc = soup(page_html)
    base = base_url_of(page_html, page_url)
    title_sel = selectors.get("title") or "a"
    items = doc.select(selectors["item"]) if selectors.get("item") else [doc]
    postings = []
    for item in items:
        titles = item.select(title_sel) if not selectors.get("item") else [item.select_one(title_sel)]
        for i, title_el in enumerate(titles):
            title = _text(title_el)
            if not title or title_el is None:
                continue
            scope: Tag = item if selectors.get("item") else title_el

            def pick(key: str, i: int = i, scope: Tag = scope) -> Tag | None:
                sel = selectors.get(key)
                if not sel:
                    return None
                if selectors.get("item"):
                    return scope.select_one(sel)
                found = doc.select(sel)  # without an item selector, the n-th match belongs to the n-th title
                return found[i] if i < len(found) else None

            link_el = pick("link") or title_el
            href = _link_of(link_el)
            url = urljoin(base, href) if href else ""
            place = _text(pick("place"))
            postings.append(
                RawPosting(
                    title=title,
                    url=url,
                    date_posted=_text(pick("date")),
                    places=[RawPlace(text=place)] if place else [],
                    apply_url=url,
                    base_url=url or base,
                )
            )
    return postings


def job_links(page_html: str, page_url: str) -> list[RawPosting]:
    """Links on the same site whose text carries a gender marker ("Elektriker (m/w/d)"): postings by their title."""
    doc = soup(page_html)
    base = base_url_of(page_html, page_url)
    host = urlsplit(page_url).hostname
    found: dict[str, RawPosting] = {}
    for a in doc.find_all("a", href=True):
        title = _text(a)
        if not title or len(title) > 200 or not _GENDER.search(title) or not strip_gender_marker(title):
            continue
        url = urljoin(base, str(a["href"])).split("#")[0]
        if urlsplit(url).hostname != host or url in found:
            continue
        found[url] = RawPosting(title=title, url=url, apply_url=url, base_url=url)
    return list(found.values())


def main_content(page_html: str) -> str:
    """The HTML of a page's main content (for a posting described only by its page)."""
    doc = soup(page_html)
    for tag in doc(["script", "style", "nav", "header", "footer", "form", "noscript"]):
        tag.decompose()
    main = doc.find("main") or doc.find("article") or doc.select_one('[role="main"]') or doc.body
    return main.decode_contents() if isinstance(main, Tag) else ""
