"""A signed-in user's job alerts: /api/v1/me/alerts/ and /api/v1/me/alerts/{id}/. Thin views: the services judge
every write (params by the search's own parser: 400 naming `params.<parameter>`)."""

from __future__ import annotations

from typing import Any

from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.parsers import BoundedJSONParser

from .models import NAME_MAX, Alert, Frequency
from .selectors import alert_read, alerts_of
from .services import alert_create, alert_delete, alert_update

TAG = "me"


class AlertWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_MAX, required=False)
    params = serializers.DictField(
        help_text=gettext_lazy(
            "The job search's parameters (q, place, radius_km, county, field, area, employment_type, …), as "
            "/api/v1/search/jobs/ takes them; paging and sorting do not apply."
        )
    )
    frequency = serializers.ChoiceField(Frequency.choices)


class AlertReadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    params = serializers.DictField()
    frequency = serializers.ChoiceField(Frequency.choices)
    created_at = serializers.DateTimeField()
    paused = serializers.BooleanField(help_text=gettext_lazy("Paused after three failed sends; saving resumes it."))
    last_run_on = serializers.DateField(allow_null=True)


def _no_store(response: Response) -> Response:
    patch_cache_control(response, no_store=True, private=True)
    return response


def _object(request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise exceptions.ValidationError(
            {"non_field_errors": [_("Expected an object with the fields name, params, frequency.")]}
        )
    return dict(request.data)


class MyAlertListApi(APIView):
    permission_classes = (IsAuthenticated,)
    parser_classes = (BoundedJSONParser,)

    @extend_schema(operation_id="me_alerts_list", tags=[TAG], responses={200: AlertReadSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return _no_store(Response([alert_read(a) for a in alerts_of(request.user)]))

    @extend_schema(
        operation_id="me_alerts_create", tags=[TAG], request=AlertWriteSerializer, responses={201: AlertReadSerializer}
    )
    def post(self, request: Request) -> Response:
        data = _object(request)
        for required in ("params", "frequency"):
            if required not in data:
                raise exceptions.ValidationError({required: [_("This field is required.")]})
        alert = alert_create(
            user=request.user,
            params=data["params"],
            frequency=data["frequency"],
            name=data.get("name"),
            language=get_language() or "",
        )
        return _no_store(Response(alert_read(alert), status=status.HTTP_201_CREATED))


class MyAlertDetailApi(APIView):
    permission_classes = (IsAuthenticated,)
    parser_classes = (BoundedJSONParser,)

    def _alert(self, request: Request, pk: int) -> Alert:
        # Another user's alert is as unknown as a missing one (404): its existence is not told.
        alert = alerts_of(request.user).filter(pk=pk).first()
        if alert is None:
            raise exceptions.NotFound()
        return alert

    @extend_schema(operation_id="me_alerts_retrieve", tags=[TAG], responses={200: AlertReadSerializer})
    def get(self, request: Request, pk: int) -> Response:
        return _no_store(Response(alert_read(self._alert(request, pk))))

    @extend_schema(
        operation_id="me_alerts_partial_update",
        tags=[TAG],
        request=AlertWriteSerializer(partial=True),
        responses={200: AlertReadSerializer},
    )
    def patch(self, request: Request, pk: int) -> Response:
        alert = alert_update(alert=self._alert(request, pk), data=_object(request))
        return _no_store(Response(alert_read(alert)))

    @extend_schema(operation_id="me_alerts_destroy", tags=[TAG], responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        alert_delete(alert=self._alert(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
