"""How a locked-out login answers (django-axes counts the failures; this module only shapes the answer).

Axes locks a user name from one address after ``AXES_FAILURE_LIMIT`` failed logins for ``AXES_COOLOFF_TIME``;
every further attempt during the lock restarts that time, so ``Retry-After`` is the whole cool-off.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.throttling import BaseThrottle


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as DRF's throttles see it (``REST_FRAMEWORK["NUM_PROXIES"]`` trusted proxies).

    Axes uses this too (``AXES_CLIENT_IP_CALLABLE``), so lockouts and throttles count the same client.
    """
    return BaseThrottle().get_ident(request)  # type: ignore[arg-type]


def retry_after_seconds(request: HttpRequest | None = None) -> int:
    cool_off = get_cool_off(request)
    return int(cool_off.total_seconds()) if cool_off else 0


def lockout_message(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "Too many failed logins with this user name from your address. Please try again in %(minutes)d minute.",
        "Too many failed logins with this user name from your address. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: 429 with Retry-After; a readable page, or JSON for the API."""
    seconds = retry_after_seconds(request)
    message = lockout_message(seconds)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(
            request,
            "account/locked_out.html",
            {"message": message, "title": _("Login paused")},
            status=429,
        )
    response["Retry-After"] = str(seconds)
    return response
