"""API shapes of a posting: one write shape (shared with crawlers and pages) and the richer read shape."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from companies.models import Company
from regions.api import MunicipalityBriefSerializer

from .models import (
    Contract,
    EmploymentType,
    JobPosting,
    OccupationalField,
    OfferType,
    Remote,
    SalaryPeriod,
    Status,
    Workplace,
)
from .validation import TITLE_MAX


class WorkplaceInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    municipality = serializers.CharField(max_length=8, help_text="Municipality AGS, e.g. 16062041")
    postal_code = serializers.CharField(max_length=5, required=False, allow_blank=True, default="")
    street = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class JobPostingWriteSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Parses types and choices; the domain rules (jobs.validation) run in the service."""

    company = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Company.objects.all(),
        required=False,
        help_text="Company slug; needed only by users who act for several companies.",
    )
    title = serializers.CharField(max_length=TITLE_MAX, allow_blank=True, required=False)
    description = serializers.CharField(allow_blank=True, required=False)
    workplaces = WorkplaceInputSerializer(many=True, required=False)
    remote = serializers.ChoiceField(choices=Remote.choices, required=False)
    field = serializers.CharField(max_length=2, allow_blank=True, allow_null=True, required=False)
    employment_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EmploymentType.choices), required=False
    )
    offer_type = serializers.ChoiceField(choices=OfferType.choices, required=False)
    contract = serializers.ChoiceField(choices=Contract.choices, required=False)
    salary_min = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True, required=False)
    salary_max = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True, required=False)
    salary_currency = serializers.CharField(max_length=3, required=False)
    salary_period = serializers.ChoiceField(choices=SalaryPeriod.choices, allow_blank=True, required=False)
    apply_url = serializers.CharField(max_length=500, allow_blank=True, required=False)
    apply_email = serializers.CharField(max_length=254, allow_blank=True, required=False)
    date_posted = serializers.DateField(required=False)
    valid_through = serializers.DateField(allow_null=True, required=False)
    status = serializers.ChoiceField(choices=[Status.DRAFT, Status.PUBLISHED], required=False)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": ["Expected a JSON object."]})
        return super().to_internal_value(data)


class WorkplaceOutputSerializer(serializers.ModelSerializer[Workplace]):
    municipality = MunicipalityBriefSerializer()

    class Meta:
        model = Workplace
        fields = ["municipality", "postal_code", "street"]


class OccupationalFieldOutputSerializer(serializers.ModelSerializer[OccupationalField]):
    area = serializers.CharField(source="area_id")
    area_name = serializers.CharField(source="area.name")

    class Meta:
        model = OccupationalField
        fields = ["code", "name", "area", "area_name"]


class CompanyBriefSerializer(serializers.ModelSerializer[Company]):
    class Meta:
        model = Company
        fields = ["slug", "name", "website"]


class JobPostingOutputSerializer(serializers.ModelSerializer[JobPosting]):
    company = CompanyBriefSerializer()
    workplaces = WorkplaceOutputSerializer(many=True)
    field = OccupationalFieldOutputSerializer(allow_null=True)

    class Meta:
        model = JobPosting
        fields = [
            "id", "title", "description", "company", "workplaces", "remote", "field", "employment_types",
            "offer_type", "contract", "salary_min", "salary_max", "salary_currency", "salary_period",
            "apply_url", "apply_email", "date_posted", "valid_through", "expires_on", "status",
            "rejection_reason", "source", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class JobPostingCloseOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    status = serializers.CharField()
