"""The list's fast paths give what the standard ones give: rows rendered by a plan (config.serializers) equal the
serializer's own representation, and a request without filters is answered as the filterset would answer it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from config.serializers import RowPlanListSerializer, row_function
from jobs.filters import JobPostingFilter
from jobs.models import JobPosting
from jobs.selectors import job_list_public
from jobs.serializers import JobPostingOutputSerializer
from tests.factories import CompanyFactory, make_posting

pytestmark = pytest.mark.django_db

NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def postings(company_a):  # type: ignore[no-untyped-def]
    """Every optional part of a posting set in one, left out in another."""
    bare_company = CompanyFactory(slug="ohne-website", name="Ohne Website KG", website="")
    return [
        make_posting(company_a),  # salary, apply URL and e-mail, valid_through, one workplace with street
        make_posting(
            bare_company,
            title="Lagerhelfer",
            description="",
            field=None,
            salary_min=None,
            salary_max=None,
            salary_period="",
            apply_url="",
            apply_email="jobs@example.org",
            valid_through=None,
            remote="full",
            employment_types=[],
            workplaces=[{"municipality": "16062041"}],
        ),
        make_posting(
            company_a,
            title="Elektrikerin",
            remote="hybrid",
            field="26",
            salary_min=Decimal("17.5"),
            salary_max=None,
            salary_period="hour",
            offer_type="apprenticeship",
            contract="fixed_term",
            employment_types=["part_time", "shift"],
            workplaces=[
                {"municipality": "16062041", "postal_code": "99734", "street": "Am Markt 1"},
                {"municipality": "16065067", "postal_code": "99706"},
                {"municipality": "16061089"},
            ],
        ),
        make_posting(company_a, title="Ohne Arbeitsort", workplaces=[], remote="full", salary_max=Decimal("4100.5")),
    ]


def _standard(rows: Any) -> list[dict[str, Any]]:
    return [JobPostingOutputSerializer(row).data for row in rows]


def test_the_list_serializer_of_postings_is_the_planned_one() -> None:
    assert isinstance(JobPostingOutputSerializer(many=True), RowPlanListSerializer)


def test_planned_rows_equal_the_serializers_own(postings):  # type: ignore[no-untyped-def]
    rows = list(job_list_public().order_by("id"))
    assert len(rows) == len(postings)
    planned = JobPostingOutputSerializer(rows, many=True).data
    standard = _standard(rows)
    assert planned == standard
    assert JSONRenderer().render(planned) == JSONRenderer().render(standard)
    assert [len(row["workplaces"]) for row in planned] == [1, 1, 3, 0]
    assert planned[1]["field"] is None and planned[1]["salary_min"] is None
    assert planned[2]["salary_min"] == "17.50"  # DRF's decimal format, as the standard field gives it


def test_planned_rows_equal_the_serializers_own_in_another_language(postings, settings):  # type: ignore[no-untyped-def]
    rows = list(job_list_public().order_by("id"))
    with override_settings(LANGUAGE_CODE="de", TIME_ZONE="America/New_York"):
        assert JobPostingOutputSerializer(rows, many=True).data == _standard(rows)


def test_the_list_answer_is_byte_for_byte_the_standard_one(api, postings):  # type: ignore[no-untyped-def]
    with override_settings(CACHES=NO_CACHE):
        answer = api.get("/api/v1/jobs/?page_size=3&page=1")
    assert answer.status_code == 200
    rows = list(job_list_public()[:3])
    expected = {
        "count": 4,
        "next": "http://testserver/api/v1/jobs/?page=2&page_size=3",
        "previous": None,
        "results": _standard(rows),
    }
    assert answer.content == JSONRenderer().render(expected)


class _OddShape(serializers.ModelSerializer[JobPosting]):
    """Fields the plan must leave to DRF: a null relation on a dotted source, a method, the context."""

    field_name = serializers.CharField(source="field.name", read_only=True)  # left out when there is no field
    company_name = serializers.CharField(source="company.name")
    shouted = serializers.SerializerMethodField()
    asked_by = serializers.SerializerMethodField()

    class Meta:
        model = JobPosting
        fields = ["id", "field_name", "company_name", "shouted", "asked_by", "expires_on"]
        list_serializer_class = RowPlanListSerializer

    def get_shouted(self, posting: JobPosting) -> str:
        return posting.title.upper()

    def get_asked_by(self, posting: JobPosting) -> str:
        return str(self.context.get("who", ""))


def test_fields_beyond_the_models_take_drfs_way(postings):  # type: ignore[no-untyped-def]
    rows = list(JobPosting.objects.select_related("field", "company").order_by("id"))
    for who in ("anna", "bernd"):  # a plan needing the context is made for each list, not kept
        planned = _OddShape(rows, many=True, context={"who": who}).data
        assert planned == [_OddShape(row, context={"who": who}).data for row in rows]
        assert {row["asked_by"] for row in planned} == {who}
    assert "field_name" not in planned[1] and planned[0]["field_name"]
    assert row_function(_OddShape())[1] is False
    assert row_function(JobPostingOutputSerializer())[1] is True


def test_a_request_without_filters_builds_no_filterset(api, postings, monkeypatch):  # type: ignore[no-untyped-def]
    built: list[Any] = []
    original = JobPostingFilter.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        built.append(kwargs.get("data"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(JobPostingFilter, "__init__", counting)
    with override_settings(CACHES=NO_CACHE):
        plain = api.get("/api/v1/jobs/?page=1&page_size=2")
        assert plain.status_code == 200 and plain.json()["count"] == 4
        assert built == []
        ordered = api.get("/api/v1/jobs/?ordering=title")
        assert ordered.status_code == 200
        assert [row["title"] for row in ordered.json()["results"]][:2] == ["Elektrikerin", "Lagerhelfer"]
        assert len(built) == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("county=99999", "county"),
        ("county=", "county"),  # an empty value is the filterset's to refuse, as before
        ("ordering=salary", "ordering"),
        ("posted_since=gestern", "posted_since"),
    ],
)
def test_filters_still_answer_as_before(api, postings, query, field):  # type: ignore[no-untyped-def]
    answer = api.get(f"/api/v1/jobs/?{query}")
    assert answer.status_code == 400 and list(answer.json()) == [field]


def test_without_filters_the_list_is_the_filtersets_list(postings):  # type: ignore[no-untyped-def]
    from django.http import QueryDict

    filtered = JobPostingFilter(QueryDict(""), queryset=job_list_public()).qs
    assert [p.pk for p in filtered] == [p.pk for p in job_list_public()] and len(postings) == 4
