"""GET /api/v1/companies/{slug}/crawl-status/: what the crawlers last saw on the company's career pages."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.models import Company

from .models import CrawlRun, CrawlSource


class CrawlRunOutputSerializer(serializers.ModelSerializer[CrawlRun]):
    class Meta:
        model = CrawlRun
        fields = [
            "started_at",
            "finished_at",
            "outcome",
            "complete",
            "not_modified",
            "http_statuses",
            "pages_fetched",
            "bytes_fetched",
            "found",
            "new",
            "updated",
            "unchanged",
            "closed",
            "skipped",
            "place_reviews",
            "errors",
            "duration",
        ]


class CrawlSourceOutputSerializer(serializers.ModelSerializer[CrawlSource]):
    last_run = serializers.SerializerMethodField()

    class Meta:
        model = CrawlSource
        fields = [
            "id", "url", "kind", "enabled", "approved", "approval_reason", "interval", "next_run_at",
            "consecutive_failures", "last_run",
        ]  # fmt: skip

    @extend_schema_field(CrawlRunOutputSerializer(allow_null=True))
    def get_last_run(self, obj: CrawlSource) -> dict[str, Any] | None:
        run = obj.runs.order_by("-started_at", "-id").first()
        return CrawlRunOutputSerializer(run).data if run else None


class CrawlStatusOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    company = serializers.SlugField()
    sources = CrawlSourceOutputSerializer(many=True)


class CrawlStatusApi(APIView):
    """For the company's members (and the operator): each source and its last run."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=CrawlStatusOutputSerializer)
    def get(self, request: Request, slug: str) -> Response:
        company = get_object_or_404(Company, slug=slug)
        if not Company.objects.for_user(request.user).filter(pk=company.pk).exists():
            raise PermissionDenied("Only members of this company can see its crawl status.")
        sources = company.crawl_sources.order_by("id")
        return Response({"company": company.slug, "sources": CrawlSourceOutputSerializer(sources, many=True).data})
