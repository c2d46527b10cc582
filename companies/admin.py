from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit.admin import AuditHistoryMixin

from .models import Company, CompanyMembership, Network
from .services import (
    company_approve,
    company_delete,
    company_save,
    company_set_networks,
    company_suspend,
    membership_remove,
    membership_save,
    network_delete,
    network_save,
)


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CompanyMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(AuditHistoryMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "status", "municipality", "county", "postings_count", "created_at"]
    list_filter = ["status", "networks", "municipality__county"]
    search_fields = ["name", "slug", "website", "municipality__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality"]
    filter_horizontal = ["networks"]
    inlines = [MembershipInline]
    readonly_fields = ["audit_history"]
    actions = ["approve", "suspend"]
    # Company sites are typed without a scheme more often than not; https is the right guess today.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Company]:
        return super().get_queryset(request).select_related("municipality__county").annotate(n=Count("postings"))

    @admin.display(description=_("county"), ordering="municipality__county__name")
    def county(self, obj: Company) -> str:
        return obj.municipality.county.name

    @admin.display(description=_("postings"), ordering="n")
    def postings_count(self, obj: Company) -> int:
        return obj.n  # type: ignore[attr-defined,no-any-return]

    @admin.action(description=_("Approve selected companies"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        for company in queryset:
            company_approve(company=company, by=request.user)
        n = queryset.count()
        self.message_user(request, ngettext("%d company approved.", "%d companies approved.", n) % n, messages.SUCCESS)

    @admin.action(description=_("Suspend selected companies"))
    def suspend(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        for company in queryset:
            company_suspend(company=company, by=request.user)
        n = queryset.count()
        self.message_user(
            request, ngettext("%d company suspended.", "%d companies suspended.", n) % n, messages.WARNING
        )

    # Every write of the form goes through the services (audit trail; a status change updates search).
    def save_model(self, request: HttpRequest, obj: Company, form: Any, change: bool) -> None:
        company_save(company=obj, by=request.user)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if "networks" in form.cleaned_data:
            company_set_networks(company=form.instance, networks=form.cleaned_data["networks"], by=request.user)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not CompanyMembership:
            return  # the history inline is read-only
        instances = formset.save(commit=False)
        for membership in formset.deleted_objects:
            membership_remove(membership=membership, by=request.user)
        for membership in instances:
            membership_save(membership=membership, by=request.user)

    def delete_model(self, request: HttpRequest, obj: Company) -> None:
        company_delete(company=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        for company in queryset:
            company_delete(company=company, by=request.user)


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # Through the services: a renamed network shows in the search facets at once.
    def save_model(self, request: HttpRequest, obj: Network, form: Any, change: bool) -> None:
        network_save(network=obj)

    def delete_model(self, request: HttpRequest, obj: Network) -> None:
        network_delete(network=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Network]) -> None:
        for network in queryset:
            network_delete(network=network)


@admin.register(CompanyMembership)
class CompanyMembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "company", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "company__name"]
    raw_id_fields = ["user", "company"]

    def save_model(self, request: HttpRequest, obj: CompanyMembership, form: Any, change: bool) -> None:
        membership_save(membership=obj, by=request.user)

    def delete_model(self, request: HttpRequest, obj: CompanyMembership) -> None:
        membership_remove(membership=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CompanyMembership]) -> None:
        for membership in queryset:
            membership_remove(membership=membership, by=request.user)
