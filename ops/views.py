"""Probes for the load balancer and the orchestrator: /healthz (the process answers) and /readyz (it can work)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import readiness


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Alive: answers without touching the database, the index or the broker."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: 200 when database, search backend and broker answer, else 503 naming what is down."""
    ready, checks = readiness()
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
