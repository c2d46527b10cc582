from django.contrib import admin

from .models import LegalPage, LegalSection


class LegalSectionInline(admin.StackedInline):  # type: ignore[type-arg]
    model = LegalSection
    extra = 0
    fields = [("position", "key"), "heading", "body", "heading_en", "body_en"]


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The Impressum and the Datenschutzerklärung: German text required, English optional (German stands in)."""

    list_display = ["__str__", "title", "updated_at"]
    fields = ["kind", "title", "intro", "title_en", "intro_en"]
    inlines = [LegalSectionInline]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return ["kind"] if obj is not None else []
