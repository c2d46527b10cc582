"""Django's error answers in the site's own layout and language where Django's own are bare English pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token (usually a page left open too long, or cookies blocked). Django logs
    the reason itself; the page says what to do."""
    return render(request, "403_csrf.html", status=403)
