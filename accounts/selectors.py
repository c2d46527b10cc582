"""Reads of the accounts."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase

from accounts.services import SIGNUP_KIND_SESSION_KEY, SignupKind


def signup_kind(*, session: SessionBase) -> SignupKind | None:
    """What the person chose at sign-up in this session (None: no sign-up here, or an unknown value)."""
    value = session.get(SIGNUP_KIND_SESSION_KEY)
    return SignupKind(value) if value in SignupKind.values else None


def email_unconfirmed(*, user: AbstractBaseUser) -> bool:
    """True for a user who signed up and has not opened the confirmation link yet: addresses, none verified. (Users
    the operator made before sign-up existed have none, or verified ones: accounts migration 0002.)"""
    addresses = EmailAddress.objects.filter(user_id=user.pk)
    return addresses.exists() and not addresses.filter(verified=True).exists()
