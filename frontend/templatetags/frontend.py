"""Template helpers of the public pages: canonical posting URLs and links that keep the current search."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from jobs.models import EmploymentType
from jobs.text import strip_gender_marker

register = template.Library()


def job_slug(title: str) -> str:
    # The slug is only decoration for people and search engines; the id alone identifies the posting.
    return slugify(strip_gender_marker(title))[:80].strip("-") or "stelle"


@register.simple_tag
def job_url(pk: int, title: str) -> str:
    return reverse("frontend:job_detail", kwargs={"pk": pk, "slug": job_slug(title)})


@register.simple_tag(takes_context=True)
def url_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (None drops one): pagination keeps the search."""
    params: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if key == "page" and str(value) == "1":
            continue  # page 1 is the search's canonical URL without a page
        if value not in (None, ""):
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def employment_type_label(code: str) -> str:
    try:
        return str(EmploymentType(code).label)
    except ValueError:
        return code


@register.simple_tag
def facet_checkboxes(facet: Any, values: Any) -> SafeString:
    """The <li> checkboxes of (some of) one facet's values, tied to the search form.

    Built with plain string formatting rather than an included template: a results page has about a hundred of
    them, and this keeps /jobs/ close to the search API's own time (bench/pages.py). Every value is escaped.
    """
    name = escape(facet.name)
    rows = []
    for v in values:
        box_id = escape(f"f-{facet.name}-{slugify(v.value)}")
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
