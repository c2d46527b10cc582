"""The API's token endpoints: log in (a new hashed, expiring token per login), log out, log out everywhere."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox import views as knox_views
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import TokenAuthentication
from accounts.lockout import lockout_message, retry_after_seconds
from accounts.selectors import email_unconfirmed
from accounts.services import issue_token
from config.throttling import ScopedThrottle


class LoginLockedOut(exceptions.APIException):
    """429 with Retry-After (DRF's exception handler sets the header from ``wait``)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "login_locked_out"

    def __init__(self, wait: int) -> None:
        self.wait = wait
        super().__init__(lockout_message(wait))


class TokenLoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send it as `Authorization: Token <token>`. Shown only this once."))
    expiry = serializers.DateTimeField(help_text=_("The token stops working at this time."))


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class CredentialsErrorSerializer(serializers.Serializer):
    username = serializers.ListField(child=serializers.CharField(), required=False)
    password = serializers.ListField(child=serializers.CharField(), required=False)
    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)


_TOO_MANY = OpenApiResponse(
    ErrorDetailSerializer,
    description=_("Too many attempts (per address, or failed logins per user name and address); see Retry-After."),
)
_NOT_AUTHENTICATED = OpenApiResponse(ErrorDetailSerializer, description=_("No valid, unexpired token was sent."))


class TokenLoginApi(APIView):
    """Exchange user name and password for a new API token."""

    authentication_classes = ()  # anonymous by design: the throttle counts per address, and no CSRF applies
    permission_classes = (AllowAny,)
    throttle_classes = (ScopedThrottle,)
    throttle_scope = "auth-token"

    @extend_schema(
        operation_id="auth_token_create",
        tags=["auth"],
        auth=[],
        request=TokenLoginSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(
                CredentialsErrorSerializer,
                description=_("Missing fields, wrong credentials, or an e-mail address not yet confirmed."),
            ),
            429: _TOO_MANY,
        },
        description=_(
            "Every login issues a new token; only its hash is stored. It expires after the configured time "
            "(API_TOKEN_TTL_HOURS), at logout, and when the user's password changes."
        ),
    )
    def post(self, request: Request) -> Response:
        form = TokenLoginSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        username, password = form.validated_data["username"], form.validated_data["password"]
        # django-axes' backend refuses a locked-out user name + address and counts every failure.
        user = authenticate(request=request, username=username, password=password)  # type: ignore[arg-type]
        if user is None:
            if not AxesProxyHandler.is_allowed(request, {"username": username}):
                raise LoginLockedOut(retry_after_seconds(request))  # type: ignore[arg-type]
            raise exceptions.ValidationError(
                {"non_field_errors": [_("Unable to log in with the user name and password provided.")]},
                code="authorization",
            )
        if email_unconfirmed(user=user):
            # Like the login page: an account exists only once its address is confirmed.
            raise exceptions.ValidationError(
                {"non_field_errors": [_("Please confirm your e-mail address first: open the link we sent you.")]},
                code="email_unconfirmed",
            )
        instance, token = issue_token(user)
        user_logged_in.send(sender=user.__class__, request=request, user=user)  # last_login, axes' reset
        return Response(TokenSerializer({"token": token, "expiry": instance.expiry}).data)


class TokenLogoutApi(knox_views.LogoutView):
    """Revoke the token this request was made with."""

    authentication_classes = (TokenAuthentication,)

    @extend_schema(
        operation_id="auth_logout",
        tags=["auth"],
        request=None,
        responses={204: OpenApiResponse(description=_("The token is revoked.")), 401: _NOT_AUTHENTICATED},
    )
    def post(self, request: Request, format: Any = None) -> Response:
        return super().post(request, format)


class TokenLogoutAllApi(knox_views.LogoutAllView):
    """Revoke every token of this request's user."""

    authentication_classes = (TokenAuthentication,)

    @extend_schema(
        operation_id="auth_logout_all",
        tags=["auth"],
        request=None,
        responses={204: OpenApiResponse(description=_("All tokens of the user are revoked.")), 401: _NOT_AUTHENTICATED},
    )
    def post(self, request: Request, format: Any = None) -> Response:
        return super().post(request, format)
