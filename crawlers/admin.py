"""The crawl health of every career page, for the operator: a list of sources and one of runs that fit a 1,280 px
screen (short columns, headers that wrap), times in local time, HTTP status counts and errors in words."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from config.formatting import local_datetime, status_counts

from .models import CrawlRun, CrawlSource

# The run's counters, shown as numbers in the source's inline; and everything the run's page shows.
RUN_COUNTS = ("found", "new", "updated", "closed", "pages_fetched")
RUN_FIELDS = (
    "source", "started", "finished", "outcome", "complete", "not_modified", "statuses", "pages_fetched",
    "bytes_fetched", "found", "new", "updated", "unchanged", "closed", "skipped", "place_reviews", "error_list",
    "took",
    "last_sign_of_life",
)  # fmt: skip


def _lines(items: list[str]) -> SafeString | str:
    return format_html('<ul class="admin-lines">{}</ul>', format_html_join("", "<li>{}</li>", ((i,) for i in items)))


class CrawlRunDisplay:
    """How a run reads in the lists and on its page (shared by the run admin and the source's inline)."""

    @admin.display(description=_("started"), ordering="started_at")
    def started(self, run: CrawlRun) -> str:
        return local_datetime(run.started_at)

    @admin.display(description=_("duration"), ordering="duration")
    def took(self, run: CrawlRun) -> str:
        return "–" if run.duration is None else gettext("%(s)s s") % {"s": f"{run.duration:.0f}"}

    @admin.display(description=_("HTTP statuses"))
    def statuses(self, run: CrawlRun) -> SafeString | str:
        return _lines(status_counts(run.http_statuses)) if run.http_statuses else "–"

    @admin.display(description=_("errors"))
    def error_list(self, run: CrawlRun) -> SafeString | str:
        rows = [f"{e.get('reason', '')} ({e.get('url', '')})" for e in run.errors if isinstance(e, dict)]
        return _lines(rows) if rows else "–"


class CrawlRunInline(CrawlRunDisplay, admin.TabularInline):  # type: ignore[type-arg]
    model = CrawlRun
    extra = 0
    max_num = 0
    can_delete = False
    _shown = ("started", "outcome", *RUN_COUNTS, "took", "statuses")
    fields = _shown
    readonly_fields = _shown
    ordering = ["-started_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CrawlRun]:
        return super().get_queryset(request).order_by("-started_at")


@admin.register(CrawlSource)
class CrawlSourceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["company", "address", "kind", "enabled", "approved", "next_run", "failures", "last_outcome"]
    list_filter = ["approved", "kind", "enabled", "operator_added"]
    list_select_related = ["company"]
    search_fields = ["company__name", "url"]
    autocomplete_fields = ["company"]
    readonly_fields = [
        "approved", "approval_reason", "host", "etag", "last_modified", "misses", "consecutive_failures", "held_until",
    ]  # fmt: skip
    exclude = ["miss_counts"]
    actions = ["crawl_now", "approve"]
    inlines = [CrawlRunInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("URL"), ordering="url")
    def address(self, obj: CrawlSource) -> SafeString:
        """The URL without its scheme, in a cell that may wrap (a career page's address is often long)."""
        shown = obj.url.split("://", 1)[-1]
        return format_html('<span class="admin-url">{}</span>', shown)

    @admin.display(description=_("next run"), ordering="next_run_at")
    def next_run(self, obj: CrawlSource) -> str:
        return local_datetime(obj.next_run_at)

    @admin.display(description=_("failures in a row"), ordering="consecutive_failures")
    def failures(self, obj: CrawlSource) -> int:
        return obj.consecutive_failures

    @admin.display(description=_("last run"))
    def last_outcome(self, obj: CrawlSource) -> str:
        run = obj.runs.order_by("-started_at").first()
        return run.get_outcome_display() if run else "–"

    @admin.action(description=_("Approve the selected sources (they are crawled from now on)"))
    def approve(self, request: HttpRequest, queryset: QuerySet[CrawlSource]) -> None:
        from .pipeline import source_approve

        waiting = [source for source in queryset if not source.approved]
        for source in waiting:
            source_approve(source=source, by=request.user)
        messages.success(request, _("%(n)d source(s) approved.") % {"n": len(waiting)})

    @admin.display(description=_("held by a worker until"))
    def held_until(self, obj: CrawlSource) -> str:
        return local_datetime(obj.locked_until) if obj.locked_until else "–"

    @admin.display(description=_("consecutive misses"))
    def misses(self, obj: CrawlSource) -> SafeString | str:
        rows = [
            ngettext("%(key)s: missing in %(n)d run", "%(key)s: missing in %(n)d runs", n) % {"key": key, "n": n}
            for key, n in sorted(obj.miss_counts.items())
        ]
        return _lines(rows) if rows else "–"

    @admin.action(description=_("Crawl the selected sources now"))
    def crawl_now(self, request: HttpRequest, queryset: QuerySet[CrawlSource]) -> None:
        from .tasks import crawl_source

        for source in queryset:
            crawl_source.delay(source.pk)
        messages.info(request, _("%(n)d crawl(s) started.") % {"n": queryset.count()})


@admin.register(CrawlRun)
class CrawlRunAdmin(CrawlRunDisplay, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["company", "started", "outcome", "complete", "found", "new", "updated", "closed", "took"]
    list_display_links = ["company", "started"]
    list_filter = ["outcome", "complete"]
    list_select_related = ["source__company"]
    search_fields = ["source__company__name", "source__url"]
    date_hierarchy = "started_at"
    fields = readonly_fields = RUN_FIELDS

    @admin.display(description=_("source"), ordering="source__company__name")
    def company(self, run: CrawlRun) -> SafeString:
        return format_html('{}<br><span class="admin-url">{}</span>', run.source.company, run.source.host)

    @admin.display(description=_("finished"), ordering="finished_at")
    def finished(self, run: CrawlRun) -> str:
        return local_datetime(run.finished_at) if run.finished_at else "–"

    @admin.display(description=_("last sign of life"))
    def last_sign_of_life(self, run: CrawlRun) -> str:
        return local_datetime(run.heartbeat_at)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
