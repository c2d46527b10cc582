"""Reads about companies and who may act for them."""

from __future__ import annotations

from typing import Any

from .models import Company, CompanyMembership


def user_can_act_for(*, user: Any, company: Company) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "is_staff", False):
        return True
    return CompanyMembership.objects.filter(user=user, company=company).exists()


def companies_of_user(*, user: Any) -> list[Company]:
    if not user.is_authenticated:
        return []
    return list(Company.objects.filter(memberships__user=user).order_by("name"))
