from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

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
    """The region and its face on the home page: German texts first, the English ones optional (German stands in
    where they are empty). Saving makes the home page show the change at once (reference data generation)."""

    list_display = ["name", "is_default", "county_names", "has_face"]
    filter_horizontal = ["counties"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["image_preview"]

    class Media:
        css = {"all": ["frontend/admin.css"]}

    fieldsets = [
        (None, {"fields": ["name", "slug", "is_default", "counties"]}),
        (
            _("Home page (German)"),
            {"fields": ["tagline", "intro", "image", "image_preview", "image_alt"]},
        ),
        (
            _("Home page (English, optional)"),
            {
                "fields": ["tagline_en", "intro_en", "image_alt_en"],
                "description": _("Left empty, the German text is shown on the English pages."),
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).prefetch_related("counties")

    @admin.display(description=_("counties"))
    def county_names(self, obj: Region) -> str:
        return ", ".join(c.short_name for c in obj.counties.all())

    @admin.display(description=_("home page text"), boolean=True)
    def has_face(self, obj: Region) -> bool:
        return bool(obj.tagline or obj.intro)

    @admin.display(description=_("current image"))
    def image_preview(self, obj: Region) -> str:
        if not obj.image:
            return "–"
        return format_html('<img src="{}" alt="{}" class="region-preview">', obj.image.url, obj.image_alt)
