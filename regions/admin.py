from django.contrib import admin

from .models import County, Municipality, PostalLocality, Region


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["ags", "name", "slug"]
    search_fields = ["name", "ags"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["ags", "name", "county", "postal_codes"]
    list_filter = ["county"]
    search_fields = ["name", "ags", "postal_codes"]
    ordering = ["name"]


@admin.register(PostalLocality)
class PostalLocalityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["postal_code", "name", "municipality", "county"]
    list_filter = ["county"]
    search_fields = ["postal_code", "name"]
    raw_id_fields = ["municipality"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "is_default"]
    filter_horizontal = ["counties"]
    prepopulated_fields = {"slug": ["name"]}
