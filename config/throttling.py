"""API throttles for writes (429 with Retry-After, counted in the cache; rates in settings.API_THROTTLE_RATES).

A module of its own: DRF imports DEFAULT_THROTTLE_CLASSES while it defines APIView, so this must not import views.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class AnonWriteThrottle(AnonRateThrottle):
    """Writes by anonymous clients, per address (scope ``anon-write``); reads are not throttled."""

    scope = "anon-write"

    def allow_request(self, request: Request, view: APIView) -> bool:
        return request.method in SAFE_METHODS or super().allow_request(request, view)


class UserWriteThrottle(UserRateThrottle):
    """Writes, per logged-in user or else per address (scope ``user-write``); reads are not throttled."""

    scope = "user-write"

    def allow_request(self, request: Request, view: APIView) -> bool:
        return request.method in SAFE_METHODS or super().allow_request(request, view)
