from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditHistoryMixin
from frontend.templatetags.frontend import employment_type_label
from regions.admin import ReferenceDataAdmin

from . import selectors, services
from .models import JobPosting, OccupationalArea, OccupationalField, Status, Workplace


class WorkplaceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Workplace
    extra = 0
    autocomplete_fields = ["municipality"]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, max_length=2000)


@admin.register(JobPosting)
class JobPostingAdmin(AuditHistoryMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "company", "status", "field", "date_posted", "expires_on", "source"]
    list_filter = [
        "status", "source", "offer_type", "contract", "remote", "field__area", "field",
        "workplaces__municipality__county", "company__status",
    ]  # fmt: skip
    search_fields = ["title", "company__name", "external_id", "workplaces__municipality__name"]
    date_hierarchy = "date_posted"
    list_select_related = ["company", "field"]
    raw_id_fields = ["company"]
    # Shown in words (the model keeps a JSON list of codes).
    exclude = ["employment_types"]
    readonly_fields = [
        "working_times",
        "status",
        "rejection_reason",
        "content_hash",
        "created_at",
        "updated_at",
        "published_at",
        "closed_at",
        "expires_on",
        "source",
        "source_ref",
        "external_id",
        "source_url",
        "audit_history",
    ]
    inlines = [WorkplaceInline]
    actions = ["reject", "close", "publish"]
    change_list_template = "admin/jobs/jobposting/change_list.html"

    @admin.display(description=_("employment types"))
    def working_times(self, obj: JobPosting) -> str:
        return ", ".join(employment_type_label(code) for code in obj.employment_types) or "–"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Content belongs to the company and changes only through the services (validation, sanitizing,
        # index); the operator reads a posting here and moderates with the actions.
        return obj is None and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Reject selected postings (with a reason)"))
    def reject(self, request: HttpRequest, queryset: QuerySet[JobPosting]) -> HttpResponse | None:
        if "apply" in request.POST:
            form = RejectForm(request.POST)
            if form.is_valid():
                for job in queryset:
                    services.job_reject(job=job, reason=form.cleaned_data["reason"], by=request.user)
                self.message_user(request, _("%d posting(s) rejected.") % queryset.count(), messages.SUCCESS)
                return None
        else:
            form = RejectForm()
        return render(
            request,
            "admin/jobs/jobposting/reject.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "postings": queryset,
                "opts": self.model._meta,
                "title": _("Reject postings"),
            },
        )

    @admin.action(description=_("Close selected postings"))
    def close(self, request: HttpRequest, queryset: QuerySet[JobPosting]) -> None:
        for job in queryset:
            try:
                services.job_close(job=job, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{job}: {'; '.join(exc.messages)}", messages.ERROR)

    @admin.action(description=_("Publish selected postings"))
    def publish(self, request: HttpRequest, queryset: QuerySet[JobPosting]) -> None:
        for job in queryset.exclude(status=Status.PUBLISHED):
            try:
                services.job_publish(job=job, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{job}: {'; '.join(exc.messages)}", messages.ERROR)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "counts_by_county": selectors.counts_by_county(),
            "counts_by_field": selectors.counts_by_field(),
        }
        return super().changelist_view(request, extra_context)


@admin.register(OccupationalField)
class OccupationalFieldAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "area"]
    list_filter = ["area"]
    search_fields = ["code", "name"]


@admin.register(OccupationalArea)
class OccupationalAreaAdmin(ReferenceDataAdmin):
    list_display = ["code", "name"]
