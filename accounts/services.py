"""Writes of the accounts: API tokens (issue one per login, revoke one, revoke all of a user's), verified addresses,
the sign-up's choice.

The tokens are django-rest-knox tokens: only a SHA-512 digest is stored, each expires after
``REST_KNOX["TOKEN_TTL"]`` (setting ``API_TOKEN_TTL_HOURS``).
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken


def issue_token(user: AbstractBaseUser) -> tuple[AuthToken, str]:
    """A new token for ``user``: the stored row (digest and expiry) and the token itself, shown only this once. The
    user's expired tokens go now (requests only look at the token they carry: accounts.authentication)."""
    AuthToken.objects.filter(user_id=user.pk, expiry__lt=timezone.now()).delete()
    return AuthToken.objects.create(user=user)


def tokens_purge_expired() -> int:
    """Delete every expired token (nightly): they authenticate nobody, and a user who never logs in again would
    otherwise keep them. Returns how many went."""
    deleted, _ = AuthToken.objects.filter(expiry__lt=timezone.now()).delete()
    return deleted


def revoke_token(token: AuthToken) -> None:
    token.delete()


def revoke_all_tokens(user: AbstractBaseUser) -> int:
    """Revoke every token of ``user``; returns how many there were."""
    deleted, _ = AuthToken.objects.filter(user_id=user.pk).delete()
    return deleted


def email_address_verified_set(*, user: AbstractBaseUser) -> None:
    """Mark the user's e-mail address as verified and primary (for logins made by the operator or the demo seed,
    whose addresses need no confirmation link)."""
    from allauth.account.models import EmailAddress

    email = getattr(user, "email", "")
    if not email:
        return
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).update(primary=False)
    EmailAddress.objects.update_or_create(
        user=user, email__iexact=email, defaults={"email": email, "verified": True, "primary": True}
    )


class SignupKind(models.TextChoices):
    SEEKER = "seeker", _("I am looking for work")
    COMPANY = "company", _("I want to register my company")


# The session remembers the choice through the verification link (allauth logs the person in in the same session).
SIGNUP_KIND_SESSION_KEY = "accounts_signup_kind"


def signup_kind_remember(*, session: SessionBase, kind: str) -> None:
    session[SIGNUP_KIND_SESSION_KEY] = SignupKind(kind).value
