"""Reads of the operator dashboard: what needs doing today, and the region's figures (cached briefly)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

from companies.models import Company
from crawlers.models import CrawlRun, CrawlSource, Outcome
from jobs.models import JobPosting, OccupationalArea, Status
from regions.models import County, Region

from .models import PostingReport, SearchMiss, UnresolvedPlace

# A source counts as failing after this many failed runs in a row (or when its last run failed).
FAILING_AFTER_RUNS = 3
FIGURES_WEEKS = 12
SEARCH_MISS_DAYS = 30
UNRESOLVED_PLACE_DAYS = 30
LIST_LIMIT = 50
TOP_TERMS = 20
FIGURES_CACHE_SECONDS = 300


# --- What needs doing today -----------------------------------------------------------------------------------------


def companies_to_approve() -> list[Company]:
    return list(
        Company.objects.filter(status=Company.Status.PENDING)
        .select_related("municipality")
        .order_by("created_at", "id")[:LIST_LIMIT]
    )


def postings_to_review() -> list[JobPosting]:
    """Rejected postings their company edited and sent back."""
    return list(
        JobPosting.objects.filter(status=Status.IN_REVIEW)
        .select_related("company")
        .order_by("updated_at", "id")[:LIST_LIMIT]
    )


def postings_reported() -> list[JobPosting]:
    """Postings with open reports, the most reported first; each with its open reports (`open_reports`)."""
    open_reports = PostingReport.objects.open().order_by("created_at", "id")
    return list(
        JobPosting.objects.filter(Exists(PostingReport.objects.open().filter(posting_id=OuterRef("pk"))))
        .annotate(n_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .select_related("company")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
        .order_by("-n_reports", "id")[:LIST_LIMIT]
    )


@dataclass
class FailingSource:
    source: CrawlSource
    last_run: CrawlRun | None


def sources_failing() -> list[FailingSource]:
    """Enabled crawl sources that failed FAILING_AFTER_RUNS times in a row or whose last run failed."""
    latest = CrawlRun.objects.filter(source_id=OuterRef("pk")).order_by("-started_at", "-id")
    sources = list(
        CrawlSource.objects.filter(enabled=True)
        .annotate(last_outcome=Subquery(latest.values("outcome")[:1]), last_run_id=Subquery(latest.values("pk")[:1]))
        .filter(Q(consecutive_failures__gte=FAILING_AFTER_RUNS) | Q(last_outcome=Outcome.FAILED))
        .select_related("company")
        .order_by("-consecutive_failures", "id")[:LIST_LIMIT]
    )
    runs = CrawlRun.objects.in_bulk([s.last_run_id for s in sources if s.last_run_id])  # type: ignore[attr-defined]
    return [FailingSource(source=s, last_run=runs.get(s.last_run_id)) for s in sources]  # type: ignore[attr-defined]


def sources_to_approve() -> list[CrawlSource]:
    """Crawl sources off their company's own website (or ATS account): not crawled until the operator approves."""
    return list(
        CrawlSource.objects.filter(enabled=True, approved=False).select_related("company").order_by("id")[:LIST_LIMIT]
    )


def places_unresolved(*, today: datetime.date | None = None) -> list[UnresolvedPlace]:
    """Places crawl sources named in the last UNRESOLVED_PLACE_DAYS that the gazetteer does not know."""
    today = today or timezone.localdate()
    since = timezone.now() - datetime.timedelta(days=UNRESOLVED_PLACE_DAYS)
    return list(
        UnresolvedPlace.objects.filter(last_seen__gte=since)
        .select_related("source__company")
        .order_by("-count", "text")[:LIST_LIMIT]
    )


# --- Figures for the region -----------------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    value: int
    percent: float = 0.0  # of the largest value in its chart: the bar's length


@dataclass
class Figures:
    region: str
    first_day: datetime.date
    last_day: datetime.date
    counties: list[str]
    # One row per week: (its Monday, counts per county in the order of `counties`, the region's total).
    weeks: list[tuple[datetime.date, list[int], int]]
    week_bars: list[Bar]
    county_bars: list[Bar]
    area_bars: list[Bar]
    companies_active: int
    search_misses: list[Bar] = field(default_factory=list)
    # Over time per occupational area: the areas with postings (code, name), and per week the counts in that order.
    areas: list[tuple[str, str]] = field(default_factory=list)
    area_weeks: list[tuple[datetime.date, list[int]]] = field(default_factory=list)


def _scaled(bars: list[Bar]) -> list[Bar]:
    top = max((b.value for b in bars), default=0)
    for b in bars:
        b.percent = round(100 * b.value / top, 1) if top else 0.0
    return bars


def region_counties() -> tuple[str, list[County]]:
    """The default region's name and counties (or those the settings name, before any Region exists)."""
    region = Region.objects.default()
    if region is not None:
        return region.name, list(region.counties.order_by("name"))
    default = settings.REGIOJOBS_DEFAULT_REGION
    return str(default["name"]), list(County.objects.filter(ags__in=default["counties"]).order_by("name"))


def _figures_build(today: datetime.date) -> Figures:
    name, counties = region_counties()
    county_ags = [c.ags for c in counties]
    # Whole weeks, Monday to Sunday, the current one last.
    first_day = today - datetime.timedelta(days=today.weekday() + 7 * (FIGURES_WEEKS - 1))
    # By the date each was posted (crawled ones keep their source's), counting every posting that went public.
    rows = (
        JobPosting.objects.filter(
            date_posted__gte=first_day,
            published_at__isnull=False,
            workplaces__municipality__county__in=county_ags,
        )
        .values_list("pk", "date_posted", "workplaces__municipality__county_id", "field__area_id")
        .distinct()
    )
    per_week_county: dict[tuple[int, str], set[int]] = {}
    per_week: dict[int, set[int]] = {}
    per_county: dict[str, set[int]] = {}
    per_area: dict[str | None, set[int]] = {}
    per_week_area: dict[tuple[int, str | None], set[int]] = {}
    for pk, posted, county, area in rows:
        week = min((posted - first_day).days // 7, FIGURES_WEEKS - 1)
        per_week_county.setdefault((week, county), set()).add(pk)
        per_week.setdefault(week, set()).add(pk)
        per_county.setdefault(county, set()).add(pk)
        per_area.setdefault(area, set()).add(pk)
        per_week_area.setdefault((week, area), set()).add(pk)
    weeks = [
        (
            first_day + datetime.timedelta(weeks=w),
            [len(per_week_county.get((w, ags), ())) for ags in county_ags],
            len(per_week.get(w, ())),
        )
        for w in range(FIGURES_WEEKS)
    ]
    areas = dict(OccupationalArea.objects.values_list("code", "name"))
    area_bars = [Bar(label=f"{code} {areas.get(code, '')}", value=len(ids)) for code, ids in per_area.items() if code]
    area_bars.sort(key=lambda b: (-b.value, b.label))
    area_codes = sorted(code for code in per_area if code)
    area_weeks = [
        (first_day + datetime.timedelta(weeks=w), [len(per_week_area.get((w, code), ())) for code in area_codes])
        for w in range(FIGURES_WEEKS)
    ]
    active = (
        Company.objects.approved()
        .filter(Exists(JobPosting.objects.visible(today).filter(company_id=OuterRef("pk"))))
        .count()
    )
    misses = (
        SearchMiss.objects.filter(day__gte=today - datetime.timedelta(days=SEARCH_MISS_DAYS - 1))
        .values("term")
        .annotate(total=Sum("count"))
        .order_by("-total", "term")[:TOP_TERMS]
    )
    return Figures(
        region=name,
        first_day=first_day,
        last_day=today,
        counties=[c.name for c in counties],
        weeks=weeks,
        week_bars=_scaled(
            [Bar(label=date_format(monday, "SHORT_DATE_FORMAT"), value=total) for monday, _c, total in weeks]
        ),
        county_bars=_scaled([Bar(label=c.name, value=len(per_county.get(c.ags, ()))) for c in counties]),
        area_bars=_scaled(area_bars),
        companies_active=active,
        search_misses=_scaled([Bar(label=m["term"], value=m["total"]) for m in misses]),
        areas=[(code, areas.get(code, "")) for code in area_codes],
        area_weeks=area_weeks,
    )


def region_figures(*, today: datetime.date | None = None) -> Figures:
    """The region's figures, cached for a few minutes (they are sums over weeks: a little lag is fine)."""
    today = today or timezone.localdate()
    key = f"moderation:figures:{today.isoformat()}:{get_language() or ''}"
    figures = cache.get_or_set(key, lambda: _figures_build(today), FIGURES_CACHE_SECONDS)
    return figures if isinstance(figures, Figures) else _figures_build(today)
