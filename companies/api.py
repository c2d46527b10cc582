"""Public API for member companies and networks."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Count, Q
from django.utils import timezone
from rest_framework import permissions, serializers, viewsets
from rest_framework.generics import ListAPIView

from config.api import CachedListMixin, CachedPublicRetrieveMixin
from config.caching import Generation
from regions.api import MunicipalityBriefSerializer
from regions.models import County

from .models import Company, Network


class NetworkOutputSerializer(serializers.ModelSerializer[Network]):
    class Meta:
        model = Network
        fields = ["slug", "name", "kind", "description", "website"]


class CompanyOutputSerializer(serializers.ModelSerializer[Company]):
    municipality = MunicipalityBriefSerializer()
    networks: serializers.SlugRelatedField[Network] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    open_postings = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Company
        fields = [
            "slug", "name", "website", "careers_url", "description", "municipality", "street", "postal_code",
            "logo", "networks", "status", "open_postings",
        ]  # fmt: skip


class CompanyFilter(django_filters.FilterSet):
    network = django_filters.ModelChoiceFilter(
        field_name="networks", queryset=Network.objects.all(), to_field_name="slug"
    )
    county = django_filters.ModelChoiceFilter(field_name="municipality__county", queryset=County.objects.all())

    class Meta:
        model = Company
        fields: list[str] = []


class CompanyViewSet(CachedListMixin, CachedPublicRetrieveMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Approved member companies; members also see their own company while it is pending."""

    permission_classes = [permissions.AllowAny]
    # The list shows companies with their open postings, places and networks.
    list_depends_on = retrieve_depends_on = (Generation.POSTINGS, Generation.REFERENCE)
    serializer_class = CompanyOutputSerializer
    lookup_field = "slug"
    filterset_class = CompanyFilter

    def get_public_object(self) -> Company | None:
        return self._annotated(Company.objects.approved()).filter(slug=self.kwargs["slug"]).first()

    def get_queryset(self) -> Any:
        qs = Company.objects.approved()
        if self.action != "list" and self.request.user.is_authenticated:
            qs = qs | Company.objects.for_user(self.request.user)
        return self._annotated(qs)

    def _annotated(self, qs: Any) -> Any:
        return (
            qs.distinct()
            .select_related("municipality__county")
            .prefetch_related("networks")
            .annotate(
                open_postings=Count(
                    "postings",
                    filter=Q(postings__status="published", postings__expires_on__gte=timezone.localdate()),
                )
            )
            .order_by("name")
        )


class NetworkListApi(CachedListMixin, ListAPIView):  # type: ignore[type-arg]
    permission_classes = [permissions.AllowAny]
    list_depends_on = (Generation.REFERENCE,)
    serializer_class = NetworkOutputSerializer
    pagination_class = None
    queryset = Network.objects.order_by("name")
