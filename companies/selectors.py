"""Reads about companies and who may act for them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from .models import Company, CompanyMembership


def user_can_act_for(*, user: AbstractBaseUser | AnonymousUser, company: Company) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "is_staff", False):
        return True
    return CompanyMembership.objects.filter(user=user, company=company).exists()


def companies_of_user(*, user: AbstractBaseUser | AnonymousUser) -> list[Company]:
    if not user.is_authenticated:
        return []
    return list(Company.objects.filter(memberships__user=user).order_by("name"))
