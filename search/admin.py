from django.contrib import admin

from .models import PendingIndexUpdate


@admin.register(PendingIndexUpdate)
class PendingIndexUpdateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("posting_id", "attempts", "updated_at", "last_error")
    readonly_fields = ("posting_id", "attempts", "created_at", "updated_at", "last_error")
