"""The site layout (frontend/base.html) around a page whose blocks were built in Python.

Rendering base.html costs about half a millisecond a request: a few dozen nodes, translations and URL reversals that
give the same markup every time for a language and kind of visitor. So it is rendered once per process and key
(language, signed in or not, current URL name, script prefix) with placeholders for what changes per request (the
page's blocks, the CSRF token, the current path) and filled in per request. The results page uses it to stay within
1.3 × the search API's server time (bench/pages.py).

What the cached shape depends on is all in the key; the rest of the layout is code (templates, translation
catalogues), which a deploy restarts the process for. With DEBUG on the shape is rendered afresh every request, so
template edits show up at once. A request with flash messages renders the template as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

TEMPLATE = "frontend/_page.html"
_SLOT = re.compile("\x00([a-z_]+)\x00")
_shapes: dict[tuple[Any, ...], list[str]] = {}


@dataclass
class _Match:
    url_name: str | None


@dataclass
class _User:
    is_authenticated: bool


class _ShapeRequest:
    """What base.html reads from the request, with the current path as a placeholder."""

    def __init__(self, url_name: str | None) -> None:
        self.resolver_match = _Match(url_name)

    def get_full_path(self) -> str:
        return "\x00next\x00"


def _slot(name: str) -> SafeString:
    return mark_safe(f"\x00{name}\x00")  # noqa: S308 - a placeholder, replaced before anything is sent


def _shape(authenticated: bool, url_name: str | None) -> list[str]:
    """base.html split at its placeholders: text at even positions, slot names at odd ones."""
    html = get_template(TEMPLATE).render(
        {
            "request": _ShapeRequest(url_name),
            "user": _User(authenticated),
            "messages": (),
            "csrf_token": _slot("csrf_token"),
            "page_title": _slot("title"),
            "page_head": _slot("head"),
            "page_content": _slot("content"),
        }
    )
    return _SLOT.split(html)


def render_page(request: HttpRequest, *, title: str, head: str, content: str, status: int = 200) -> HttpResponse:
    """The page in the site layout. title, head and content are HTML (escaped by whoever built them)."""
    blocks = {"page_title": mark_safe(title), "page_head": mark_safe(head), "page_content": mark_safe(content)}  # noqa: S308
    if get_messages(request):
        # Flash messages are shown (and so consumed) by the template.
        return render(request, TEMPLATE, blocks, status=status)
    authenticated = request.user.is_authenticated
    match = request.resolver_match
    url_name = match.url_name if match else None
    key = (get_language(), authenticated, url_name, get_script_prefix())
    shape = _shapes.get(key)
    if shape is None:
        shape = _shape(authenticated, url_name)
        if not settings.DEBUG:
            _shapes[key] = shape
    values = {
        "title": title,
        "head": head,
        "content": content,
        # As the csrf context processor and {% csrf_token %} do: the token is also what sets the cookie.
        "csrf_token": conditional_escape(get_token(request)),
        "next": conditional_escape(request.get_full_path()),
    }
    parts = [values[part] if i % 2 else part for i, part in enumerate(shape)]
    return HttpResponse("".join(parts), status=status)
