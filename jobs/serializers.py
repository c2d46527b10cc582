"""API shapes of a posting: one write shape (shared with crawlers and pages) and the richer read shape."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import serializers

from companies.models import Company
from config.serializers import RowPlanListSerializer
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
from .validation import (
    APPLY_EMAIL_MAX,
    APPLY_URL_MAX,
    MAX_LENGTH_MESSAGE,
    MAX_WORKPLACES_MESSAGE,
    STREET_MAX,
    TITLE_MAX,
)

# Lengths are checked while parsing too (they bound the work before the rules run), with the rules' own message.
TOO_LONG: dict[str, Any] = {"max_length": MAX_LENGTH_MESSAGE}


class WorkplaceInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    municipality = serializers.CharField(max_length=8, help_text="Municipality AGS, e.g. 16062041")
    postal_code = serializers.CharField(max_length=5, required=False, allow_blank=True, default="")
    street = serializers.CharField(
        max_length=STREET_MAX, required=False, allow_blank=True, default="", error_messages=TOO_LONG
    )


class BoundedListField(serializers.ListField):  # type: ignore[type-arg]
    """A list whose length is checked before its items are parsed (DRF's ListField checks after), so an oversized
    list is refused at once; the schema states it as maxItems."""

    def to_internal_value(self, data: Any) -> Any:
        if self.max_length is not None and isinstance(data, list) and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)

    def to_representation(self, data: Any) -> Any:
        # A posting's workplaces arrive as a related manager (the browsable API shows the write form filled in).
        return super().to_representation(data.all() if hasattr(data, "all") else data)


class JobPostingWriteSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Parses types and choices; the domain rules (jobs.validation) run in the service."""

    company = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Company.objects.all(),
        required=False,
        help_text="The slug of the company the posting is for (e.g. `harzer-praezisionsteile`). Needed when the "
        "user is a member of several companies (without it the answer is 400 naming `company` and listing the "
        "user's company slugs); a member of one company may leave it out. A posting never moves to another "
        "company: on PATCH it may only repeat the posting's own.",
    )
    title = serializers.CharField(max_length=TITLE_MAX, allow_blank=True, required=False, error_messages=TOO_LONG)
    description = serializers.CharField(
        max_length=settings.JOBS_DESCRIPTION_MAX_CHARS,
        allow_blank=True,
        required=False,
        error_messages=TOO_LONG,
        help_text="Simple HTML (paragraphs, lists, emphasis, links); anything else is removed.",
    )
    workplaces = BoundedListField(
        child=WorkplaceInputSerializer(),
        required=False,
        max_length=settings.JOBS_MAX_WORKPLACES,
        error_messages={"max_length": MAX_WORKPLACES_MESSAGE},
    )
    remote = serializers.ChoiceField(choices=Remote.choices, required=False)
    field = serializers.CharField(max_length=2, allow_blank=True, allow_null=True, required=False)
    employment_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EmploymentType.choices), required=False
    )
    offer_type = serializers.ChoiceField(choices=OfferType.choices, required=False)
    contract = serializers.ChoiceField(choices=Contract.choices, required=False)
    salary_min = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True, required=False)
    salary_max = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True, required=False)
    salary_currency = serializers.CharField(
        min_length=3, max_length=3, required=False, help_text="ISO 4217 code, e.g. EUR (default)."
    )
    salary_period = serializers.ChoiceField(choices=SalaryPeriod.choices, allow_blank=True, required=False)
    apply_url = serializers.CharField(
        max_length=APPLY_URL_MAX, allow_blank=True, required=False, error_messages=TOO_LONG, help_text="http(s) URL."
    )
    apply_email = serializers.CharField(
        max_length=APPLY_EMAIL_MAX, allow_blank=True, required=False, error_messages=TOO_LONG
    )
    date_posted = serializers.DateField(
        required=False,
        help_text="Default today; not in the future, not before the company joined (or up to "
        f"{settings.JOBS_DATE_POSTED_MAX_AGE_DAYS} days old).",
    )
    valid_through = serializers.DateField(
        allow_null=True,
        required=False,
        help_text=f"Not in the past, at most {settings.JOBS_VALID_THROUGH_MAX_DAYS} days ahead; "
        f"without it the posting expires {settings.JOBS_DEFAULT_VALIDITY_DAYS} days after it was posted.",
    )
    starts_on = serializers.DateField(
        allow_null=True,
        required=False,
        help_text="When the work (an apprenticeship, a dual study, a job) begins, if known; not before 2000-01-01.",
    )
    # Which status a write may set is the services' rule (jobs.services.job_update_statuses), not repeated here.
    status = serializers.ChoiceField(
        choices=Status.values,
        required=False,
        help_text="draft or published; an edit of a closed or expired posting may also keep its status (it stays "
        "closed until renewed). An edit of a rejected posting or one waiting for review keeps its status: "
        "resubmit it with POST /api/v1/jobs/{id}/resubmit/; the operator publishes it.",
    )

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
    # Empty strings where nothing was given: documented as such (the model fields' enum / format would say otherwise).
    salary_period = serializers.ChoiceField(
        choices=SalaryPeriod.choices, allow_blank=True, read_only=True, help_text="Empty when no salary is given."
    )
    apply_url = serializers.CharField(read_only=True, help_text="An http(s) URL, or empty.")
    apply_email = serializers.CharField(read_only=True, help_text="An e-mail address, or empty.")

    class Meta:
        model = JobPosting
        fields = [
            "id", "title", "description", "company", "workplaces", "remote", "field", "employment_types",
            "offer_type", "contract", "salary_min", "salary_max", "salary_currency", "salary_period",
            "apply_url", "apply_email", "date_posted", "valid_through", "starts_on", "expires_on", "status",
            "rejection_reason", "source", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields
        # A page of the public list is 20 of these with nested parts: rendered by a plan made once, not field by field.
        list_serializer_class = RowPlanListSerializer


class JobPostingCloseOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    status = serializers.CharField()
