"""Snippets with the matched words marked: escaped HTML with <mark>, the same for every backend."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from django.utils.html import escape

from regions.text import fold

from . import analysis

_TOKEN = re.compile(r"\w+(?:-\w+)*", re.UNICODE)


_SCAN_CHARS = 3000  # where a snippet looks for matches: bounded, so long descriptions cost no more


@lru_cache(maxsize=100_000)
def _token_terms(token: str) -> frozenset[str]:
    """Every index term a word of the text stands for (its stems and compound parts), cached across snippets."""
    out: set[str] = set()
    for piece in (p for p in fold(token).split("-") if p):
        out.add(analysis.stem(piece))
        out.update(analysis.compound_parts(piece))
    return frozenset(out)


def snippet(texts: Iterable[str], terms: frozenset[str], length: int = 200, *, lead: int = 0) -> str:
    """A window of about `length` characters around the first match, matches wrapped in <mark>; without search
    words, the text from `lead` on (search.documents.lead_offset: past the company's shared opening paragraphs)."""
    text = " · ".join(t for t in texts if t)
    if not terms:
        return escape(_cut(text, lead if 0 < lead < len(text) else 0, length))
    spans: list[tuple[int, int]] = []
    scan_to = _SCAN_CHARS
    for m in _TOKEN.finditer(text, 0, _SCAN_CHARS):
        if m.start() > scan_to:
            break
        if not terms.isdisjoint(_token_terms(m.group())):
            if not spans:  # the window starts at or before the first match: nothing past it + length is shown
                scan_to = m.start() + length
            spans.append(m.span())
    start = 0
    if spans and spans[0][0] > length // 3:
        start = text.rfind(" ", 0, spans[0][0] - length // 4) + 1
    end = min(len(text), start + length)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    out: list[str] = ["…" if start > 0 else ""]
    pos = start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(escape(text[pos:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(text[pos:end]))
    if end < len(text):
        out.append(" …")
    return "".join(out)


def _cut(text: str, start: int, length: int) -> str:
    if len(text) - start <= length:
        return text[start:]
    cut = text.rfind(" ", start, start + length)
    return text[start : cut if cut > start else start + length] + " …"
