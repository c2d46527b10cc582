"""Reads of job alerts."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .links import manage_token
from .models import Alert


def alerts_of(user: Any) -> QuerySet[Alert]:
    return Alert.objects.filter(user=user).order_by("created_at", "pk")


def alerts_about(user: Any) -> QuerySet[Alert]:
    """The alerts about a person: their own, and those saved as a guest with one of their verified addresses."""
    from allauth.account.models import EmailAddress

    guest = Q(pk__in=[])
    for address in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True):
        guest |= Q(user=None, email__iexact=address)
    return Alert.objects.filter(Q(user=user) | guest).order_by("created_at", "pk")


def alert_read(alert: Alert) -> dict[str, Any]:
    """The API's shape of an alert (the owner's own data: their search, never another's)."""
    return {
        "id": alert.pk,
        "name": alert.name,
        "params": alert.params,
        "frequency": alert.frequency,
        "created_at": alert.created_at.isoformat(),
        "paused": alert.paused_at is not None,
        "last_run_on": alert.last_run_on.isoformat() if alert.last_run_on else None,
    }


def alert_export(alert: Alert) -> dict[str, Any]:
    """Everything stored about an alert, for the owner's data export: with the postings each digest listed."""
    return {
        **alert_read(alert),
        "email": alert.email,
        "language": alert.language,
        "confirmed_at": alert.confirmed_at.isoformat() if alert.confirmed_at else None,
        "paused_at": alert.paused_at.isoformat() if alert.paused_at else None,
        "failures": alert.failures,
        "deliveries": [
            {
                "status": d.status,
                "created_at": d.created_at.isoformat(),
                "sent_at": d.sent_at.isoformat() if d.sent_at else None,
                "postings": [item["id"] for item in d.items],
                "total": d.total,
            }
            for d in alert.deliveries.order_by("created_at", "pk")
        ],
    }


def dashboard_alerts(user: Any) -> list[tuple[Alert, str]]:
    """The seeker's alerts with the token of each one's manage page."""
    return [(alert, manage_token(alert)) for alert in alerts_of(user)]
