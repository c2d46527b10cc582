"""What the dashboard lists, readable in the admin too (read-only: the dashboard's buttons and services change it)."""

from __future__ import annotations

from django.contrib import admin

from audit.admin import ReadOnlyMixin

from .models import PostingReport, SearchMiss, UnresolvedPlace


@admin.register(PostingReport)
class PostingReportAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("created_at", "posting", "reason", "resolution", "resolved_at")
    list_filter = ("reason", "resolution")
    list_select_related = ("posting",)
    search_fields = ("posting__title", "text")
    date_hierarchy = "created_at"


@admin.register(SearchMiss)
class SearchMissAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("day", "term", "count")
    search_fields = ("term",)
    date_hierarchy = "day"


@admin.register(UnresolvedPlace)
class UnresolvedPlaceAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("text", "source", "count", "first_seen", "last_seen")
    list_select_related = ("source__company",)
    search_fields = ("text", "source__url")
