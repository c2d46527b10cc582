"""Writes of job alerts: create (a guest's waits for the confirmation link), confirm, change, delete, unsubscribe,
and the removal of unconfirmed ones. Each write is one transaction; a guest's confirmation mail is sent when it
commits."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import send_templated_mail

from .links import confirm_url, manage_url, unsubscribe_headers, unsubscribe_url
from .models import NAME_MAX, UNCONFIRMED_HOURS, Alert, Frequency
from .params import params_clean, query_of

log = logging.getLogger(__name__)
# Per signed-in user, and per guest address (confirmed or not): enough for anyone's searches, too few to spam with.
MAX_ALERTS_PER_USER = 20
MAX_ALERTS_PER_GUEST_ADDRESS = 5


def _frequency(value: Any) -> str:
    if value not in Frequency.values:
        raise ValidationError(
            {"frequency": [_("Choose one of: %(allowed)s.") % {"allowed": ", ".join(Frequency.values)}]}
        )
    return str(value)


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError({"name": [_("Give the alert a name.")]})
    name = " ".join(value.split())
    if len(name) > NAME_MAX:
        raise ValidationError({"name": [_("At most %(max)d characters, please.") % {"max": NAME_MAX}]})
    return name


def _language(value: str) -> str:
    return value if value in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def default_name(params: dict[str, Any]) -> str:
    """A name for an alert saved without one: its words and place ("Pflege, Nordhausen, 25 km")."""
    query = query_of(params)
    parts = [query.q] if query.q else []
    if query.point is not None:
        parts.append(query.point.label)
        if query.radius_km is not None:
            parts.append(f"{query.effective_radius_km:g} km" if query.radius_km else _("only there"))
    return (", ".join(parts) or _("All jobs"))[:NAME_MAX]


def alert_create(
    *,
    user: Any | None,
    params: Any,
    frequency: Any,
    name: Any = None,
    email: str = "",
    language: str = "",
) -> Alert:
    """A signed-in user's alert (active at once) or a guest's (`email`; active once confirmed by the link mailed to
    that address). ValidationError naming the field: name, params (or params.<parameter>), frequency, email."""
    clean = params_clean(params)
    frequency = _frequency(frequency)
    # A guest's alert is named by its search: a name typed by whoever filled the form would go, in a mail from this
    # site, to an address that may not be theirs.
    name = _name(name) if name not in (None, "") and user is not None else default_name(clean)
    now = timezone.now()
    with transaction.atomic():
        if user is not None:
            if Alert.objects.filter(user=user).count() >= MAX_ALERTS_PER_USER:
                raise ValidationError(
                    {"non_field_errors": [_("At most %(max)d alerts, please.") % {"max": MAX_ALERTS_PER_USER}]}
                )
            return Alert.objects.create(
                user=user,
                name=name,
                params=clean,
                frequency=frequency,
                language=_language(language),
                confirmed_at=now,
                watermark=now,
            )
        address = email.strip()
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError({"email": [_("Enter a valid e-mail address.")]}) from None
        if Alert.objects.filter(user=None, email__iexact=address).count() >= MAX_ALERTS_PER_GUEST_ADDRESS:
            raise ValidationError(
                {"email": [_("This address has as many alerts as it may have. Delete one from its mails first.")]}
            )
        alert = Alert.objects.create(
            email=address, name=name, params=clean, frequency=frequency, language=_language(language), watermark=now
        )
        _mail(alert, "alerts/mail/confirm", {"link": confirm_url(alert)})
    return alert


def _mail(alert: Alert, template: str, context: dict[str, Any]) -> None:
    """A mail about one alert to its address, with the alert's signed manage and one-click unsubscribe links."""
    send_templated_mail(
        to=[alert_address(alert)],
        template=template,
        context={
            **context,
            "name": alert.name,
            "manage_url": manage_url(alert),
            "unsubscribe_url": unsubscribe_url(alert),
        },
        language=alert.language,
        headers=unsubscribe_headers(alert),
    )


def alert_address(alert: Alert) -> str:
    """Where the alert's mails go: the guest's address, or the user's current one."""
    return alert.user.email if alert.user_id is not None and alert.user is not None else alert.email


def alert_confirm(*, alert_id: int) -> Alert | None:
    """A guest confirms by the link: active from now on (new postings from now on). None when the alert is gone
    (deleted, or removed unconfirmed). Confirming again changes nothing."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(pk=alert_id).first()
        if alert is not None and alert.confirmed_at is None:
            now = timezone.now()
            alert.confirmed_at = alert.watermark = now
            alert.save(update_fields=["confirmed_at", "watermark", "updated_at"])
    return alert


def alert_update(*, alert: Alert, data: dict[str, Any]) -> Alert:
    """Change the name, search or frequency (those given). Saving an alert resumes one paused after failed sends."""
    fields: dict[str, Any] = {}
    if "name" in data:
        fields["name"] = _name(data["name"])
    if "params" in data:
        fields["params"] = params_clean(data["params"])
    if "frequency" in data:
        fields["frequency"] = _frequency(data["frequency"])
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        for key, value in fields.items():
            setattr(alert, key, value)
        alert.failures, alert.paused_at = 0, None
        alert.save()
    return alert


def alert_delete(*, alert: Alert) -> None:
    """The alert and what it sent (deliveries, the postings listed) go."""
    Alert.objects.filter(pk=alert.pk).delete()


def alert_unsubscribe(*, alert_id: int) -> bool:
    """The one-click unsubscribe (and the manage page's delete): the alert is deleted. False when it was gone."""
    deleted, _rows = Alert.objects.filter(pk=alert_id).delete()
    return bool(deleted)


def alerts_purge_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Delete guests' alerts left unconfirmed for UNCONFIRMED_HOURS; how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=UNCONFIRMED_HOURS)
    _total, per_model = Alert.objects.filter(confirmed_at=None, created_at__lt=cutoff).delete()
    count = per_model.get(Alert._meta.label, 0)
    log.info("removed %d unconfirmed alert(s)", count)
    return count
