from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import CrawlRun, CrawlSource


class CrawlRunInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CrawlRun
    extra = 0
    max_num = 0
    can_delete = False
    _shown = ("started_at", "outcome", "found", "new", "updated", "unchanged", "closed", "pages_fetched", "duration")
    fields = _shown
    readonly_fields = _shown
    ordering = ["-started_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CrawlRun]:
        return super().get_queryset(request).order_by("-started_at")


@admin.register(CrawlSource)
class CrawlSourceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "company", "url", "kind", "enabled", "approved", "next_run_at", "consecutive_failures", "last_outcome",
    ]  # fmt: skip
    list_filter = ["approved", "kind", "enabled", "operator_added"]
    search_fields = ["company__name", "url"]
    autocomplete_fields = ["company"]
    readonly_fields = [
        "approved",
        "approval_reason",
        "host",
        "etag",
        "last_modified",
        "miss_counts",
        "consecutive_failures",
        "locked_until",
    ]
    actions = ["crawl_now", "approve"]
    inlines = [CrawlRunInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

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

    @admin.action(description=_("Crawl the selected sources now"))
    def crawl_now(self, request: HttpRequest, queryset: QuerySet[CrawlSource]) -> None:
        from .tasks import crawl_source

        for source in queryset:
            crawl_source.delay(source.pk)
        messages.info(request, _("%(n)d crawl(s) started.") % {"n": queryset.count()})


@admin.register(CrawlRun)
class CrawlRunAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "source",
        "started_at",
        "outcome",
        "complete",
        "found",
        "new",
        "updated",
        "unchanged",
        "closed",
        "pages_fetched",
        "duration",
    ]
    list_filter = ["outcome", "complete"]
    search_fields = ["source__company__name", "source__url"]
    date_hierarchy = "started_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
