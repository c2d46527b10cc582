"""The one HTML allow-list for posting descriptions, used for manual input and crawled pages alike."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin

import nh3

ALLOWED_TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "u", "a",
    "blockquote", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
# h1 belongs to the page, not the posting: demote it rather than lose its text.
_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)
# Anything that looks like a tag (or a comment): such a description is HTML; without one it is plain text.
_TAG_LIKE = re.compile(r"<(?:/?[a-zA-Z][^>]*|!--.*?--)>", re.DOTALL)
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def is_plain_text(text: str) -> bool:
    return not _TAG_LIKE.search(text)


def plain_text_to_html(text: str) -> str:
    """Plain text as HTML that keeps its layout: paragraphs at blank lines, line breaks at single newlines. Not
    escaped: sanitize_html, which this is part of, escapes what is not markup ("<", "&")."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [p.strip() for p in _BLANK_LINES.split(text) if p.strip()]
    return "".join("<p>" + "<br>\n".join(line.strip() for line in p.split("\n")) + "</p>" for p in paragraphs)


def sanitize_html(html: str, *, base_url: str | None = None) -> str:
    """Keep headings, paragraphs, lists, emphasis and links; drop everything else (scripts with their content).

    Plain text (no tag at all, as typed into a form, sent to the API or found by a crawler) keeps its paragraphs
    and line breaks (plain_text_to_html): every writer comes through here."""
    if not html:
        return ""
    if is_plain_text(html):
        html = plain_text_to_html(html)
    html = _H1.sub(r"<\1h2", html)

    def absolutize(tag: str, attr: str, value: str) -> str | None:
        if tag == "a" and attr == "href":
            return urljoin(base_url, value) if base_url else value
        return value

    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=absolutize,
        strip_comments=True,
    )
    return cleaned.strip()


_PARAGRAPH_BREAK = re.compile(r"</p>\s*<p>")
_LINE_BREAK = re.compile(r"<br>\n?")


def editable_text(html: str) -> str:
    """What a form's text box shows for stored, sanitized HTML: the plain text when the HTML is only what
    sanitize_html makes of plain text (paragraphs and line breaks), so a person edits words, not tags; the HTML
    otherwise (lists, bold, links), which the box accepts as well."""
    if not html.startswith("<p>") or not html.endswith("</p>"):
        return html
    text = unescape(_LINE_BREAK.sub("\n", _PARAGRAPH_BREAK.sub("\n\n", html[3:-4])))
    return text if is_plain_text(text) and sanitize_html(text) == html else html


def html_to_text(html: str) -> str:
    """Plain text of sanitized HTML, for indexing and snippets."""
    text = re.sub(r"<(br|/p|/li|/h\d|/dd|/dt)\b[^>]*>", "\n", html, flags=re.IGNORECASE)
    text = re.sub(r"<[^>]+>", " ", text)
    text = unescape(text)
    return re.sub(r"[ \t]+", " ", re.sub(r"\n\s*", "\n", text)).strip()
