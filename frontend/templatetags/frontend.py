"""Template helpers of the public pages: canonical posting URLs and links that keep the current search."""

from __future__ import annotations

import functools

from django import template
from django.urls import reverse
from django.utils.text import slugify

from jobs.models import EmploymentType
from jobs.text import strip_gender_marker

register = template.Library()


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
