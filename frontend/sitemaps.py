"""sitemap.xml through Django's sitemaps framework: an index of sections, each split into pages of at most 50,000
addresses (Sitemap.limit, the protocol's maximum), and robots.txt pointing to it."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .selectors import SitemapEntry, sitemap_entries


class _EntrySitemap(Sitemap):  # type: ignore[type-arg]
    section = ""

    def items(self) -> list[SitemapEntry]:
        return sitemap_entries(self.section)

    def location(self, item: SitemapEntry) -> str:
        return item.path

    def lastmod(self, item: SitemapEntry) -> datetime.datetime | None:
        return item.lastmod


class PostingSitemap(_EntrySitemap):
    section = "jobs"
    changefreq = "daily"


class CompanySitemap(_EntrySitemap):
    section = "companies"
    changefreq = "weekly"


class NetworkSitemap(_EntrySitemap):
    section = "networks"
    changefreq = "weekly"


class StaticSitemap(Sitemap):  # type: ignore[type-arg]
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["frontend:home", "frontend:job_search", "frontend:company_list", "frontend:apprenticeships"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS: dict[str, Any] = {
    "pages": StaticSitemap,
    "jobs": PostingSitemap,
    "companies": CompanySitemap,
    "networks": NetworkSitemap,
}

# What crawlers need not visit: private areas and the API (the search page stays crawlable: it links the postings,
# and its own meta tag keeps it out of the index).
ROBOTS_DISALLOW = ("/admin/", "/api/", "/accounts/", "/company-area/", "/seeker/", "/i18n/")


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
