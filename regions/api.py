"""Public API for the gazetteer."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import CachedListMixin, cached_answer
from config.caching import Generation

from .models import County, Municipality
from .selectors import place_search


class CountyOutputSerializer(serializers.ModelSerializer[County]):
    class Meta:
        model = County
        fields = ["ags", "name", "slug", "lat", "lon"]


class MunicipalityBriefSerializer(serializers.ModelSerializer[Municipality]):
    county = serializers.CharField(source="county.name", read_only=True)
    county_ags = serializers.CharField(source="county_id", read_only=True)

    class Meta:
        model = Municipality
        fields = ["ags", "name", "county", "county_ags", "lat", "lon"]


class PlaceOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.ChoiceField(choices=["municipality", "locality"])
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the field is called "label" in the API
    postal_code = serializers.CharField()
    county_ags = serializers.CharField()
    county_name = serializers.CharField()
    municipality_ags = serializers.CharField(allow_null=True)
    lat = serializers.FloatField()
    lon = serializers.FloatField()


class CountyListApi(CachedListMixin, ListAPIView):  # type: ignore[type-arg]
    permission_classes = [AllowAny]
    list_depends_on = (Generation.REFERENCE,)
    serializer_class = CountyOutputSerializer
    pagination_class = None
    queryset = County.objects.order_by("name")


class PlaceSearchApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True, description="Name prefix or postal code")],
        responses=PlaceOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        q = request.query_params.get("q", "").strip()
        if not q:
            raise ValidationError({"q": [_("Type a place name or a postal code.")]})
        if len(q) > 100:
            raise ValidationError({"q": [_("At most 100 characters.")]})
        return Response(
            cached_answer(
                request,
                "places",
                lambda: PlaceOutputSerializer(place_search(q=q, limit=10), many=True).data,
                depends_on=(Generation.REFERENCE,),
            )
        )
