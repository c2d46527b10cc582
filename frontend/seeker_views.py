"""The job seeker's pages: the dashboard of their profile (the exchange's seeker side)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from profiles.services import profile_get_or_create


@login_required
def seeker_dashboard(request: HttpRequest) -> HttpResponse:
    profile = profile_get_or_create(user=request.user)
    return render(request, "frontend/seeker/dashboard.html", {"profile": profile})
