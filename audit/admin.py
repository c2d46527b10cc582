"""The audit trail for the operator: read-only, filterable, and each object's history on its own change page."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry

ENTRY_FIELDS = (
    "created_at", "actor", "actor_label", "action", "target_type", "target_id", "target_label", "changes_summary",
    "reason",
)  # fmt: skip
INLINE_FIELDS = ("created_at", "actor_label", "action", "changes_summary", "reason")


def _changes_html(obj: AuditEntry) -> SafeString:
    rows = (
        (name, json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False))
        for name, (old, new) in sorted(obj.changes.items())
    )
    return format_html_join("", "<div><strong>{}</strong>: {} → {}</div>", rows)


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created_at", "actor_label", "action", "target_type", "target_label", "changes_summary", "reason"]
    list_filter = ["action", "target_type", ("actor_label", admin.AllValuesFieldListFilter), "created_at"]
    search_fields = ["target_label", "=target_id", "actor_label", "reason"]
    date_hierarchy = "created_at"
    list_select_related = ["target_type"]
    fields = readonly_fields = ENTRY_FIELDS

    @admin.display(description=_("changes (before → after)"))
    def changes_summary(self, obj: AuditEntry) -> SafeString:
        return _changes_html(obj)


class AuditEntryInline(ReadOnlyMixin, GenericTabularInline):  # type: ignore[type-arg]
    """The object's history on its change page, newest first."""

    model = AuditEntry
    ct_field = "target_type"
    ct_fk_field = "target_id"
    extra = 0
    can_delete = False
    fields = readonly_fields = INLINE_FIELDS
    verbose_name_plural = _("history")

    @admin.display(description=_("changes (before → after)"))
    def changes_summary(self, obj: AuditEntry) -> SafeString:
        return _changes_html(obj)
