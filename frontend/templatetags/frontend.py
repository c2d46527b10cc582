"""Template helpers of the public pages: canonical posting URLs and links that keep the current search."""

from __future__ import annotations

import functools
import re
from html import escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import ngettext

from jobs.models import EmploymentType
from jobs.text import strip_gender_marker

register = template.Library()
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


@functools.lru_cache(maxsize=4096)
def job_slug(title: str) -> str:
    # The slug is only decoration for people and search engines; the id alone identifies the posting.
    return slugify(strip_gender_marker(title))[:80].strip("-") or "stelle"


@register.simple_tag
def job_url(pk: int, title: str) -> str:
    return reverse("frontend:job_detail", kwargs={"pk": pk, "slug": job_slug(title)})


@register.filter
def employment_type_label(code: str) -> str:
    try:
        return str(EmploymentType(code).label)
    except ValueError:
        return code


@register.simple_tag
def facet_fieldsets(facets: Any) -> SafeString:
    """One <fieldset> per facet, long ones folding their tail into <details> (kept open when a value there is
    chosen). Built in Python like the checkboxes: the sidebar is most of a results page's markup."""
    out = []
    for facet in facets:
        title = escape(str(facet.title))
        html = f'<fieldset><legend>{title}</legend><ul class="choice-list">{facet_checkboxes(facet, facet.top)}</ul>'
        if facet.more:
            n = len(facet.more)
            more = escape(ngettext("%(n)s more", "%(n)s more", n) % {"n": n})
            html += (
                f'<details class="facet-more"{" open" if facet.more_open else ""}><summary>{more}'
                f'<span class="visually-hidden"> – {title}</span></summary>'
                f'<ul class="choice-list">{facet_checkboxes(facet, facet.more)}</ul></details>'
            )
        out.append(html + "</fieldset>")
    return mark_safe("\n".join(out))  # noqa: S308 - built from escaped parts only


@register.simple_tag
def facet_checkboxes(facet: Any, values: Any) -> SafeString:
    """The <li> checkboxes of (some of) one facet's values, tied to the search form.

    Built with plain string formatting rather than an included template: a results page has about a hundred of
    them, and this keeps /jobs/ close to the search API's own time (bench/pages.py). Every value is escaped.
    """
    name = escape(facet.name)
    rows = []
    for v in values:
        box_id = escape(f"f-{facet.name}-{_ID_UNSAFE.sub('-', str(v.value))}")
        count = f' <span class="count">({int(v.count)})</span>' if facet.counted else ""
        rows.append(
            f'<li class="check"><input type="checkbox" form="job-search" name="{name}" value="{escape(v.value)}" '
            f'id="{box_id}"{" checked" if v.selected else ""}> '
            f'<label for="{box_id}">{escape(str(v.label or v.value))}{count}</label></li>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - built from escaped parts only


@register.simple_tag
def result_cards(cards: Any) -> SafeString:
    """The <li> cards of a results page, built like facet_checkboxes for the same reason.

    Every field is escaped except the snippet, which the search returns escaped with <mark> around matches.
    """
    out = []
    for c in cards:
        meta = f"<span>{escape(c.company)}</span>"
        if c.places:
            meta += f"<span>{escape(c.places)}</span>"
        if c.distance:
            meta += f"<span>{escape(c.distance)}</span>"
        meta += f'<span><time datetime="{escape(c.date_iso)}">{escape(c.date)}</time></span>'
        snippet = f'<p class="card-snippet">{c.snippet}</p>' if c.snippet else ""
        tags = "".join(f'<li class="tag">{escape(t)}</li>' for t in c.tags)
        out.append(
            f'<li class="card"><h2><a href="{escape(c.url)}">{escape(c.title)}</a></h2>'
            f'<p class="card-meta">{meta}</p>{snippet}<ul class="tags">{tags}</ul></li>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 - escaped parts and the search's escaped snippet only
