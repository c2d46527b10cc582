"""Who receives a product e-mail, and in which language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from companies.models import Company

# The permission that makes a staff user one of the operators who review new companies (the operators' group has
# it, as superusers do).
OPERATOR_PERMISSION = "companies.change_company"
_PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str


def _recipients(users: QuerySet) -> list[Recipient]:  # type: ignore[type-arg]
    rows = users.filter(is_active=True).exclude(email="").values_list("email", "language_preference__language")
    return [Recipient(email=email, language=language or settings.LANGUAGE_CODE) for email, language in rows]


def _unique(recipients: list[Recipient]) -> list[Recipient]:
    """One recipient per address (the first one's language), in a stable order."""
    seen: dict[str, Recipient] = {}
    for recipient in recipients:
        seen.setdefault(recipient.email.lower(), recipient)
    return sorted(seen.values(), key=lambda r: r.email.lower())


def user_recipients(*, user: Any) -> list[Recipient]:
    """The one person, if their account is active and has an e-mail address."""
    return _unique(_recipients(get_user_model().objects.filter(pk=user.pk)))


def company_recipients(*, company: Company) -> list[Recipient]:
    """The company's members who have an e-mail address (active accounts only)."""
    users = get_user_model().objects.filter(company_memberships__company=company)
    return _unique(_recipients(users))


def operator_recipients() -> list[Recipient]:
    """Active staff users allowed to change companies (directly, through a group or as superusers), and the
    addresses of the OPERATOR_EMAILS setting (in the site's default language)."""
    users = (
        get_user_model()
        .objects.with_perm(  # type: ignore[attr-defined]
            OPERATOR_PERMISSION, is_active=True, include_superusers=True, backend=_PERMISSION_BACKEND
        )
        .filter(is_staff=True)
    )
    configured = [Recipient(email=email, language=settings.LANGUAGE_CODE) for email in settings.OPERATOR_EMAILS]
    return _unique(_recipients(users) + configured)
