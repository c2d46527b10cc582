"""The signed links of alert mails (django.core.signing, a salt per purpose): confirming a guest's alert, and
managing or unsubscribing one without logging in. A token names the alert only; a changed SECRET_KEY voids them."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import UNCONFIRMED_HOURS, Alert

CONFIRM_SALT = "alerts.confirm"
# The manage page and the one-click unsubscribe take the same token: whoever may change an alert may delete it.
MANAGE_SALT = "alerts.manage"


def confirm_token(alert: Alert) -> str:
    return signing.dumps(alert.pk, salt=CONFIRM_SALT, compress=False)


def manage_token(alert: Alert) -> str:
    return signing.dumps(alert.pk, salt=MANAGE_SALT, compress=False)


def alert_id_from_confirm(token: str) -> int | None:
    """The alert a confirmation link names, or None when it is forged or older than UNCONFIRMED_HOURS."""
    try:
        return int(signing.loads(token, salt=CONFIRM_SALT, max_age=UNCONFIRMED_HOURS * 3600))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def alert_id_from_manage(token: str) -> int | None:
    """The alert a manage or unsubscribe link names (they do not expire), or None when it is forged."""
    try:
        return int(signing.loads(token, salt=MANAGE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def confirm_url(alert: Alert) -> str:
    return settings.SITE_URL + reverse("alerts:confirm", args=[confirm_token(alert)])


def manage_url(alert: Alert) -> str:
    return settings.SITE_URL + reverse("alerts:manage", args=[manage_token(alert)])


def unsubscribe_url(alert: Alert) -> str:
    return settings.SITE_URL + reverse("alerts:unsubscribe", args=[manage_token(alert)])


def unsubscribe_headers(alert: Alert) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to the https URL."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(alert)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
