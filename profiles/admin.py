"""Seeker profiles in the admin: that they exist and their state, never what they say.

The data protection officer's rule is "only what is needed": the operator (and a superuser, who gets the same view)
sees counts, visibility, dates and the consent text's version, and nothing a seeker wrote or uploaded: no headline,
about text, skills, name, e-mail, phone or CV, not even of a findable profile (approved companies see those through
their own pages, by the seeker's choice). Read only: every write goes through profiles.services (the seeker's, the
retention rule's, the account deletion's).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import SeekerProfile

# The only columns the admin reads (the queryset loads nothing else, so no template or later change can show more).
STATE_FIELDS = (
    "id", "visibility", "created_at", "updated_at", "published_at", "consent_version", "consent_at",
    "stale_reminder_sent_at",
)  # fmt: skip


@admin.register(SeekerProfile)
class SeekerProfileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["__str__", "visibility", "updated_at", "published_at", "consent_version", "stale_reminder_sent_at"]
    list_filter = ["visibility", "consent_version"]
    # How many profiles are hidden, pseudonymous or named: the counts beside each filter choice.
    show_facets = admin.ShowFacets.ALWAYS
    fields = list(STATE_FIELDS)
    readonly_fields = list(STATE_FIELDS)
    ordering = ["-updated_at"]
    # No search_fields: a search box over profiles would tell whether someone's name or text is among them.
    actions = None
    list_per_page = 50

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # The admin would filter on any of the model's own fields from the address (?headline__icontains=…): an
        # oracle for what profiles say. Only the listed filters.
        return lookup.split("__")[0] in self.list_filter

    def get_queryset(self, request: HttpRequest) -> QuerySet[SeekerProfile]:
        return super().get_queryset(request).only(*STATE_FIELDS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
