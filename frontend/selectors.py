"""Reads the pages need beyond the search: home page lists, company pages, the company area."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Network
from config import caching
from config.caching import Generation
from crawlers.models import CrawlRun, CrawlSource
from jobs.models import JobPosting, OccupationalField, OfferType, Workplace
from jobs.selectors import job_list_public
from regions.models import County, Municipality, Region


def _open_postings_count() -> Any:
    """A company's number of visible postings, as a subquery over JobPosting.objects.visible() (the one rule)."""
    counted = (
        JobPosting.objects.visible()
        .filter(company_id=OuterRef("pk"))
        .order_by()
        .values("company_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def postings_fragment_version() -> str:
    """What a cached page fragment built from postings and reference data is keyed by, besides the language and its
    own parameters: both generations, and today's date (postings expire at midnight without any write)."""
    return caching.versioned_key(timezone.localdate().isoformat(), Generation.POSTINGS, Generation.REFERENCE)


def newest_postings(*, limit: int = 6) -> list[JobPosting]:
    return list(job_list_public().order_by("-date_posted", "-id")[:limit])


def networks_with_counts() -> list[Network]:
    return list(
        Network.objects.annotate(
            n_companies=Count("companies", filter=Q(companies__status=Company.Status.APPROVED), distinct=True)
        ).order_by("name")
    )


def similar_postings(*, posting: JobPosting, limit: int = 4) -> list[JobPosting]:
    """Other visible postings of the same occupational field, those in the same county first."""
    if posting.field_id is None:
        return []
    qs = job_list_public().filter(field_id=posting.field_id).exclude(pk=posting.pk)
    counties = {w.municipality.county_id for w in posting.workplaces.all()}
    near = list(qs.filter(workplaces__municipality__county__in=counties).distinct()[:limit]) if counties else []
    if len(near) < limit:
        near += list(qs.exclude(pk__in=[p.pk for p in near])[: limit - len(near)])
    return near


def posting_uncached(*, pk: int) -> JobPosting | None:
    """A posting with what its page shows, read from the database now (a preview, inside its transaction)."""
    return (
        JobPosting.objects.filter(pk=pk)
        .select_related("company__municipality", "field__area")
        .prefetch_related(Prefetch("workplaces", queryset=Workplace.objects.select_related("municipality__county")))
        .first()
    )


def posting_for_page(*, pk: int) -> JobPosting | None:
    """Any posting by id, with what the page shows; the view decides who may see it (404, 410 or the page).

    Cached: the posting page is the most requested page after the search."""

    def build() -> JobPosting | None:
        return (
            JobPosting.objects.filter(pk=pk)
            .select_related("company__municipality", "field__area")
            .prefetch_related(Prefetch("workplaces", queryset=Workplace.objects.select_related("municipality__county")))
            .first()
        )

    return caching.cached(f"posting-page:{pk}", build, depends_on=(Generation.POSTINGS, Generation.REFERENCE))


@dataclass(frozen=True)
class CompanyGroup:
    title: str
    companies: list[Company]


def companies_public(*, network: str = "", county: str = "") -> QuerySet[Company]:
    qs = (
        Company.objects.approved()
        .select_related("municipality__county")
        .prefetch_related("networks")
        .annotate(n_open=_open_postings_count())
        .order_by("name")
    )
    if network:
        qs = qs.filter(networks__slug=network)
    if county:
        qs = qs.filter(municipality__county_id=county)
    return qs


def companies_by_county(companies: QuerySet[Company]) -> list[CompanyGroup]:
    groups: dict[str, list[Company]] = {}
    for company in companies:
        groups.setdefault(company.municipality.county.name, []).append(company)
    return [CompanyGroup(title=name, companies=items) for name, items in sorted(groups.items())]


def company_public(*, slug: str) -> tuple[Company | None, int]:
    """An approved company by its slug, and how many open postings it has (0 for None): what its page needs on every
    request, read from the cache in one round trip until a posting or a company changes, or the day does (postings
    expire at midnight without any write)."""

    def company() -> Company | None:
        return (
            Company.objects.approved()
            .select_related("municipality__county")
            .prefetch_related("networks")
            .filter(slug=slug)
            .first()
        )

    def open_count() -> int:
        return JobPosting.objects.visible().filter(company__slug=slug).count()

    # Cached under a digest of the slug: the key stays short whatever the address says.
    digest = hashlib.sha256(slug.encode()).hexdigest()[:32]
    names = {"company": f"company-page:{digest}", "count": f"company-open-count:{digest}:{timezone.localdate()}"}
    found = caching.cached_many(
        {names["company"]: company, names["count"]: open_count},
        depends_on=(Generation.POSTINGS, Generation.REFERENCE),
    )
    found_company = found[names["company"]]
    return found_company, found[names["count"]] if found_company is not None else 0


def company_open_postings(*, company: Company, offset: int = 0, limit: int | None = None) -> list[JobPosting]:
    """The company's open postings, newest first; `limit` of them from `offset` for one page of the list."""
    qs = job_list_public().filter(company=company).order_by("-date_posted", "-id")
    return list(qs[offset:] if limit is None else qs[offset : offset + limit])


def companies_for_area(*, user: Any) -> list[Company]:
    """The companies a user acts for in the company area, each with its postings prefetched by status."""
    postings = JobPosting.objects.select_related("field").prefetch_related("workplaces__municipality")
    return list(
        Company.objects.filter(memberships__user=user)
        .select_related("municipality")
        .prefetch_related(Prefetch("postings", queryset=postings.order_by("status", "-updated_at")))
        .order_by("name")
    )


def municipality_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Municipalities grouped by county, for a select that works without JavaScript."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for m in Municipality.objects.select_related("county").order_by("county__name", "name"):
        groups.setdefault(m.county.name, []).append((m.ags, m.name))
    return list(groups.items())


def field_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for f in OccupationalField.objects.select_related("area").order_by("code"):
        groups.setdefault(f"{f.area.code} {f.area.name}", []).append((f.code, f"{f.code} {f.name}"))
    return list(groups.items())


@dataclass(frozen=True)
class SourceHealth:
    source: CrawlSource
    last_run: CrawlRun | None


def crawl_health(*, company: Company) -> list[SourceHealth]:
    """The company's crawl sources, each with its most recent run."""
    sources = list(CrawlSource.objects.filter(company=company).order_by("id"))
    if not sources:  # most companies: no second query to build (its subquery costs more than the first's run)
        return []
    latest = CrawlRun.objects.filter(source_id=OuterRef("source_id")).order_by("-started_at", "-id").values("pk")[:1]
    runs = {run.source_id: run for run in CrawlRun.objects.filter(source__in=sources, pk=Subquery(latest))}
    return [SourceHealth(source=s, last_run=runs.get(s.pk)) for s in sources]


# --- the region's face, network pages, Ausbildung -------------------------------------------------------------------


def default_region() -> Region | None:
    """The region the board presents (its face on the home page, the Ausbildung page), with its counties; cached
    until reference data changes (an operator's edit of a region bumps it)."""

    def build() -> Region | None:
        return Region.objects.filter(is_default=True).prefetch_related("counties").first()

    return caching.cached("default-region", build, depends_on=(Generation.REFERENCE,))


@dataclass(frozen=True)
class CountyCount:
    county: County
    count: int


@dataclass(frozen=True)
class RegionFace:
    """What the home page shows of the default region."""

    region: Region
    counties: list[CountyCount]
    networks: list[Network]
    apprenticeships: int


def _region_postings(region: Region) -> QuerySet[JobPosting]:
    return JobPosting.objects.visible().filter(
        workplaces__municipality__county__in=[c.pk for c in region.counties.all()]
    )


def region_networks(*, region: Region) -> list[Network]:
    """The networks with approved member companies in the region, each with how many (n_companies)."""
    in_region = Q(
        companies__status=Company.Status.APPROVED,
        companies__municipality__county__in=[c.pk for c in region.counties.all()],
    )
    return list(
        Network.objects.filter(in_region)
        .annotate(n_companies=Count("companies", filter=in_region, distinct=True))
        .order_by("name")
    )


def region_face(*, county_counts: dict[str, int]) -> RegionFace | None:
    """The default region with its counties (and the open postings in each, from the search's county facet:
    `county_counts`, AGS → count), its networks and how many apprenticeships it offers; None without a region."""
    region = default_region()
    if region is None:
        return None
    apprenticeships = (
        _region_postings(region).filter(offer_type=OfferType.APPRENTICESHIP).values("pk").distinct().count()
    )
    return RegionFace(
        region=region,
        counties=[CountyCount(c, county_counts.get(c.pk, 0)) for c in region.counties.all()],
        networks=region_networks(region=region),
        apprenticeships=apprenticeships,
    )


def network_public(*, slug: str) -> tuple[Network | None, int]:
    """A network by its slug and how many open postings its approved members have (0 for None), cached like the
    company page until a posting, a company or reference data changes, or the day does."""

    def network() -> Network | None:
        members = Company.objects.approved().select_related("municipality").order_by("name")
        return Network.objects.filter(slug=slug).prefetch_related(Prefetch("companies", queryset=members)).first()

    def open_count() -> int:
        return JobPosting.objects.visible().filter(company__networks__slug=slug).values("pk").distinct().count()

    digest = hashlib.sha256(slug.encode()).hexdigest()[:32]
    names = {"network": f"network-page:{digest}", "count": f"network-open-count:{digest}:{timezone.localdate()}"}
    found = caching.cached_many(
        {names["network"]: network, names["count"]: open_count},
        depends_on=(Generation.POSTINGS, Generation.REFERENCE),
    )
    found_network = found[names["network"]]
    return found_network, found[names["count"]] if found_network is not None else 0


def network_open_postings(*, network: Network, offset: int = 0, limit: int = 20) -> list[JobPosting]:
    """The open postings of the network's member companies, newest first: one page of them."""
    members = Company.objects.filter(networks=network).values("pk")
    qs = job_list_public().filter(company__in=members).order_by("-date_posted", "-id")
    return list(qs[offset : offset + limit])


def apprenticeships(*, region: Region | None) -> list[JobPosting]:
    """The region's open apprenticeships and dual study places (all of Thuringia without a region): the soonest
    start first, those without a start date last, then the newest."""
    qs = job_list_public().filter(offer_type=OfferType.APPRENTICESHIP)
    if region is not None:
        in_region = _region_postings(region).filter(offer_type=OfferType.APPRENTICESHIP).values("pk")
        qs = qs.filter(pk__in=in_region)
    return list(qs.order_by(F("starts_on").asc(nulls_last=True), "-date_posted", "-id"))


def companies_with_open_postings() -> list[tuple[str, str]]:
    """(slug, name) of the approved companies with a visible posting, by name: the company filter of /jobs/. Cached
    until a posting or a company changes, or the day does."""

    def build() -> list[tuple[str, str]]:
        return list(
            Company.objects.approved()
            .annotate(n_open=_open_postings_count())
            .filter(n_open__gt=0)
            .order_by("name")
            .values_list("slug", "name")
        )

    return caching.cached(
        f"search-companies:{timezone.localdate()}", build, depends_on=(Generation.POSTINGS, Generation.REFERENCE)
    )


@dataclass(frozen=True)
class SitemapEntry:
    """One address of the sitemap: a path (the sitemaps framework adds scheme and host) and when it last changed."""

    path: str
    lastmod: datetime.datetime | None = None


def _sitemap_postings() -> list[SitemapEntry]:
    from .templatetags.frontend import job_slug, posting_href

    rows = JobPosting.objects.visible().order_by("pk").values_list("pk", "title", "updated_at")
    return [SitemapEntry(posting_href(pk, job_slug(title)), updated) for pk, title, updated in rows.iterator()]


def _sitemap_companies() -> list[SitemapEntry]:
    rows = Company.objects.approved().order_by("pk").values_list("slug", "updated_at")
    return [SitemapEntry(reverse("frontend:company_detail", args=[slug]), updated) for slug, updated in rows]


def _sitemap_networks() -> list[SitemapEntry]:
    slugs = Network.objects.order_by("pk").values_list("slug", flat=True)
    return [SitemapEntry(reverse("frontend:network_detail", args=[slug])) for slug in slugs]


SITEMAP_BUILDERS = {"jobs": _sitemap_postings, "companies": _sitemap_companies, "networks": _sitemap_networks}


def sitemap_entries(section: str) -> list[SitemapEntry]:
    """The public addresses of one sitemap section ("jobs", "companies", "networks"), cached until a posting or a
    company changes (a closed posting leaves at once: its service bumps the generation) or the day does (postings
    expire at midnight without any write)."""
    name = f"sitemap:{section}:{timezone.localdate()}"
    return caching.cached(  # type: ignore[no-any-return]
        name, SITEMAP_BUILDERS[section], depends_on=(Generation.POSTINGS, Generation.REFERENCE)
    )
