"""Query parameters of GET /api/v1/jobs/; unknown values answer 400 naming the parameter."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Network
from regions.models import County, Municipality

from .models import Contract, EmploymentType, JobPosting, OccupationalArea, OccupationalField, OfferType, Remote


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's, with each "(descending)" label formatted when it is shown, in the reader's language:
    django-filter formats them once, at import, in the default language ("Date posted (absteigend)" in English)."""

    def build_choices(self, fields: Any, labels: Any) -> Any:
        descending = {
            f"-{param}": format_lazy(_("{label} (descending)"), label=labels.get(field, param))
            for field, param in fields.items()
        }
        return super().build_choices(fields, {**descending, **labels})


class JobPostingFilter(django_filters.FilterSet):
    county = django_filters.ModelMultipleChoiceFilter(
        field_name="workplaces__municipality__county",
        queryset=County.objects.all(),
        distinct=True,
        help_text="County AGS (five digits); repeat for several.",
    )
    municipality = django_filters.ModelMultipleChoiceFilter(
        field_name="workplaces__municipality",
        queryset=Municipality.objects.all(),
        distinct=True,
        help_text="Municipality AGS (eight digits); repeat for several.",
    )
    field = django_filters.ModelMultipleChoiceFilter(
        field_name="field", queryset=OccupationalField.objects.all(), help_text="KldB 2010 two-digit group."
    )
    area = django_filters.ModelMultipleChoiceFilter(
        field_name="field__area", queryset=OccupationalArea.objects.all(), help_text="KldB 2010 one-digit area."
    )
    employment_type = django_filters.MultipleChoiceFilter(
        choices=EmploymentType.choices, method="filter_employment_type"
    )
    offer_type = django_filters.MultipleChoiceFilter(choices=OfferType.choices)
    contract = django_filters.ChoiceFilter(choices=Contract.choices)
    remote = django_filters.MultipleChoiceFilter(choices=Remote.choices)
    company = django_filters.ModelChoiceFilter(
        field_name="company", queryset=Company.objects.all(), to_field_name="slug", help_text="Company slug."
    )
    network = django_filters.ModelChoiceFilter(
        field_name="company__networks",
        queryset=Network.objects.all(),
        to_field_name="slug",
        help_text="Network slug.",
    )
    posted_since = django_filters.DateFilter(field_name="date_posted", lookup_expr="gte")
    ordering = OrderingFilter(
        fields=(("date_posted", "date_posted"), ("title", "title"), ("salary_min", "salary_min"), ("id", "id")),
        field_labels={
            "date_posted": _("Date posted"),
            "title": _("Title"),
            "salary_min": _("Minimum salary"),
            "id": _("Number"),
        },
    )

    class Meta:
        model = JobPosting
        fields: list[str] = []

    def filter_employment_type(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.with_employment_type(*value) if value else queryset
