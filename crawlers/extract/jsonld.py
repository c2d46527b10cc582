"""JobPostings embedded in HTML: JSON-LD (read tolerantly, as pages in the wild are often broken), microdata, RDFa."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from typing import Any
from urllib.parse import urljoin

from crawlers.types import RawPosting

from .schema import SCHEMA_PREFIXES, job_posting_nodes, posting_from_schema

_SCRIPT = re.compile(
    r"""<script\b[^>]*\btype\s*=\s*["']?\s*application/ld\+json\s*["']?[^>]*>(.*?)</script\s*>""",
    re.IGNORECASE | re.DOTALL,
)
_BASE = re.compile(r"""<base\b[^>]*\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_LEADING = ("<!--", "//<![CDATA[", "/*<![CDATA[*/", "<![CDATA[")
_TRAILING = ("-->", "//]]>", "/*]]>*/", "]]>", ";")


def base_url_of(page_html: str, page_url: str) -> str:
    """What relative URLs on a page resolve against: <base href> if present, else the page URL."""
    match = _BASE.search(page_html[:20000])
    return urljoin(page_url, html.unescape(match.group(1).strip())) if match else page_url


def _strip_wrappers(raw: str) -> str:
    s = raw.strip()
    changed = True
    while changed:
        changed = False
        for lead in _LEADING:
            if s.startswith(lead):
                s, changed = s[len(lead) :].strip(), True
        for trail in _TRAILING:
            if s.endswith(trail):
                s, changed = s[: -len(trail)].strip(), True
    return s


def _clean(s: str) -> str:
    """Drop JS comments, then trailing commas, outside strings (the string contents stay untouched)."""
    return _scan(_scan(s, comments=True), comments=False)


def _scan(s: str, *, comments: bool) -> str:
    out: list[str] = []
    i, n = 0, len(s)
    in_string = False
    while i < n:
        ch = s[i]
        if in_string:
            out.append(ch)
            if ch == "\\" and i + 1 < n:
                out.append(s[i + 1])
                i += 2
                continue
            if ch == '"':
                in_string = False
            i += 1
            continue
        if ch == '"':
            in_string = True
        elif comments and s.startswith("//", i):
            end = s.find("\n", i)
            i = n if end < 0 else end
            continue
        elif comments and s.startswith("/*", i):
            end = s.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        elif ch == "," and not comments:
            j = i + 1
            while j < n and s[j] in " \t\r\n":
                j += 1
            if j >= n or s[j] in "}]":
                i += 1
                continue
        out.append(ch)
        i += 1
    return "".join(out).strip().rstrip(";").strip()


def _decode_all(s: str) -> Any:
    """One JSON value, or several written one after another (returned as a list)."""
    decoder = json.JSONDecoder(strict=False)  # strict=False admits raw control characters inside strings
    values = []
    i = 0
    while i < len(s):
        while i < len(s) and s[i] in " \t\r\n;,":
            i += 1
        if i >= len(s):
            break
        value, i = decoder.raw_decode(s, i)
        values.append(value)
    if not values:
        raise ValueError("empty JSON-LD block")
    return values[0] if len(values) == 1 else values


def loads_tolerant(raw: str) -> Any:
    """Parse a JSON-LD block as browsers and search engines forgive it; raises ValueError if it cannot be read."""
    s = _strip_wrappers(raw)
    attempts = [s, _clean(s)]
    if "&quot;" in s or "&#" in s:
        unescaped = _strip_wrappers(html.unescape(s))
        attempts += [unescaped, _clean(unescaped)]
    last: Exception | None = None
    for attempt in attempts:
        try:
            return _decode_all(attempt)
        except ValueError as exc:
            last = exc
    raise ValueError(f"unreadable JSON-LD: {last}")


def json_ld_values(page_html: str) -> tuple[list[Any], list[str]]:
    """The parsed JSON-LD blocks of a page and the reasons for those that could not be parsed."""
    values, errors = [], []
    for match in _SCRIPT.finditer(page_html):
        body = match.group(1)
        if not body.strip():
            continue
        try:
            values.append(loads_tolerant(body))
        except ValueError as exc:
            errors.append(str(exc)[:300])
    return values, errors


def _bare(key: str) -> str:
    for prefix in SCHEMA_PREFIXES:
        key = key.removeprefix(prefix)
    return key


def _compact_rdfa(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """extruct's expanded RDFa graph → nested schema.org objects as in JSON-LD."""
    by_id = {n["@id"]: n for n in nodes if isinstance(n, dict) and "@id" in n}

    def convert(node: dict[str, Any], depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {"@type": [_bare(t) for t in node.get("@type", [])]}
        for key, value in node.items():
            if key.startswith("@"):
                continue
            items: list[Any] = []
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and "@value" in item:
                    items.append(" ".join(str(item["@value"]).split()))
                elif isinstance(item, dict) and item.get("@id") in by_id and depth < 5:
                    items.append(convert(by_id[item["@id"]], depth + 1))
            if items:
                out[_bare(key)] = items[0] if len(items) == 1 else items
        return out

    return [convert(n, 0) for n in nodes if isinstance(n, dict)]


def structured_data(page_html: str, page_url: str) -> tuple[list[Any], list[str]]:
    """All schema.org data on a page: JSON-LD blocks, plus microdata and RDFa when the page carries any."""
    values, errors = json_ld_values(page_html)
    lowered = page_html.lower()
    if "jobposting" in lowered and ("itemtype" in lowered or "typeof" in lowered):
        import extruct

        try:
            data = extruct.extract(
                page_html, base_url=page_url, syntaxes=["microdata", "rdfa"], uniform=True, errors="ignore"
            )
        except Exception as exc:  # extruct raises whatever its parsers raise on broken markup
            errors.append(f"microdata/RDFa: {exc}"[:300])
        else:
            values.extend(data.get("microdata") or [])
            values.extend(_compact_rdfa(data.get("rdfa") or []))
    return values, errors


def postings_from_values(values: list[Any], page_url: str, base_url: str = "") -> list[RawPosting]:
    """The postings of all of a page's structured data, read as one document: a posting in one script block may
    point at its organization or place in another, and a posting given twice (two plugins) counts once."""
    postings: dict[tuple[str, str], RawPosting] = {}
    for node in job_posting_nodes(values):
        posting = posting_from_schema(node, page_url, base_url)
        if posting is not None:
            postings.setdefault((posting.key, posting.title), posting)
    keys = Counter(p.key for p in postings.values())
    for posting in postings.values():
        if keys[posting.key] > 1 and not posting.external_id:
            # Several postings on one page without id, @id or page of their own: the title tells them apart, so
            # that each keeps its own record from run to run instead of overwriting the other.
            posting.external_id = f"{posting.url}#{posting.title}"
    return list(postings.values())


def extract_html(page_html: str, page_url: str) -> tuple[list[RawPosting], list[str]]:
    """JobPostings of an HTML page and the reasons for blocks that could not be read."""
    base = base_url_of(page_html, page_url)
    values, errors = structured_data(page_html, base)
    return postings_from_values(values, page_url, base), errors
