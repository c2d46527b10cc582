from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from config.caching import Generation, bump

from .models import County, Municipality, PostalLocality, Region


class ReferenceDataAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The admin of reference data that has no service of its own (the gazetteer, the KldB classification): an edit
    makes every cached value built from reference data stale, so search and pages show it at once."""

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        bump(Generation.REFERENCE)  # again on commit, after the form's many-to-many fields are saved too

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        super().delete_model(request, obj)
        bump(Generation.REFERENCE)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        bump(Generation.REFERENCE)


@admin.register(County)
class CountyAdmin(ReferenceDataAdmin):
    list_display = ["ags", "name", "slug"]
    search_fields = ["name", "ags"]


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceDataAdmin):
    list_display = ["ags", "name", "county", "postal_codes"]
    list_filter = ["county"]
    search_fields = ["name", "ags", "postal_codes"]
    ordering = ["name"]


@admin.register(PostalLocality)
class PostalLocalityAdmin(ReferenceDataAdmin):
    list_display = ["postal_code", "name", "municipality", "county"]
    list_filter = ["county"]
    search_fields = ["postal_code", "name"]
    raw_id_fields = ["municipality"]


@admin.register(Region)
class RegionAdmin(ReferenceDataAdmin):
    list_display = ["name", "is_default"]
    filter_horizontal = ["counties"]
    prepopulated_fields = {"slug": ["name"]}
