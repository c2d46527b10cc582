"""The audit trail for the operator: read-only, filterable, and each object's history on its own change page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.formatting import local_datetime

from .models import AuditEntry

ENTRY_FIELDS = (
    "created_at", "actor_label", "action", "target_type", "target_id", "target_label", "changes_summary",
    "reason",
)  # fmt: skip


def _value_text(value: Any, choices: dict[str, str]) -> str:
    """A recorded value as people read it: a choice by its label, a list item by item, nothing as a dash."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        return "; ".join(_value_text(item, choices) for item in value)
    if isinstance(value, dict):
        return ", ".join(str(v) for v in value.values() if v not in (None, "", [], {})) or "–"
    return str(choices.get(str(value), value))


def _changes_html(obj: AuditEntry) -> SafeString:
    """What changed, one line per field: the field's label and its values before and after, in words (not JSON)."""
    model = obj.target_type.model_class() if obj.target_type_id else None
    rows = []
    for name, (old, new) in sorted(obj.changes.items()):
        label: Any = name
        choices: dict[str, str] = {}
        try:
            field: Any = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            field = None
        if field is not None:
            # A reverse relation (a posting's workplaces) is named by the related model's plural.
            reverse = field.auto_created and not field.concrete
            label = field.related_model._meta.verbose_name_plural if reverse else field.verbose_name
            choices = {str(k): str(v) for k, v in (getattr(field, "flatchoices", None) or [])}
        rows.append((label, _value_text(old, choices), _value_text(new, choices)))
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


class AuditHistoryMixin:
    """Adds the object's history (newest first) to its admin change page, with a link to all of it.

    A read-only field rather than an inline: an inline would add a formset that every POST of the form must carry.
    """

    audit_history_size = 20

    @admin.display(description=_("history"))
    def audit_history(self, obj: Any) -> SafeString | str:
        if obj is None or obj.pk is None:
            return ""
        entries = AuditEntry.objects.for_object(obj)
        shown = list(entries[: self.audit_history_size])
        if not shown:
            return gettext("No recorded changes yet.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (local_datetime(e.created_at), e.actor_label,
                 e.get_action_display(),
                 _changes_html(e), e.reason)
                for e in shown
            ),
        )  # fmt: skip
        url = reverse("admin:audit_auditentry_changelist") + "?" + urlencode(
            {"target_type__id__exact": str(ContentType.objects.get_for_model(obj).pk), "target_id": str(obj.pk)}
        )  # fmt: skip
        return format_html(
            '<table class="audit-history"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>'
            '</thead><tbody>{}</tbody></table><p><a href="{}">{}</a></p>',
            gettext("when"), gettext("actor"), gettext("action"), gettext("changes (before → after)"),
            gettext("reason"), rows, url, gettext("All %(n)d entries of this object") % {"n": entries.count()},
        )  # fmt: skip
