"""API throttles: 429 with Retry-After, counted in the cache, rates from settings.API_THROTTLE_RATES.

A module of its own: DRF imports DEFAULT_THROTTLE_CLASSES while it defines APIView, so this must not import views.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, SimpleRateThrottle, UserRateThrottle

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class _RatesFromSettings(SimpleRateThrottle):
    """DRF binds the rates when it is imported; this reads them from the settings on every request instead."""

    def get_rate(self) -> str | None:
        rates = api_settings.DEFAULT_THROTTLE_RATES or {}
        if self.scope not in rates:
            raise ImproperlyConfigured(f"No throttle rate for scope {self.scope!r} in API_THROTTLE_RATES.")
        rate = rates[self.scope]
        return None if rate is None else str(rate)  # None: not throttled


class AnonWriteThrottle(_RatesFromSettings, AnonRateThrottle):
    """Writes by anonymous clients, per address (scope ``anon-write``); reads are not throttled."""

    scope = "anon-write"

    def allow_request(self, request: Request, view: APIView) -> bool:
        return request.method in SAFE_METHODS or super().allow_request(request, view)


class UserWriteThrottle(_RatesFromSettings, UserRateThrottle):
    """Writes, per logged-in user or else per address (scope ``user-write``); reads are not throttled."""

    scope = "user-write"

    def allow_request(self, request: Request, view: APIView) -> bool:
        return request.method in SAFE_METHODS or super().allow_request(request, view)


class ScopedThrottle(_RatesFromSettings, ScopedRateThrottle):
    """Per view's ``throttle_scope``: per user, or per address for anonymous clients (the token endpoint)."""
