"""The retention rule of published profiles (the privacy page's promise): a profile its seeker has not changed for
PROFILES_STALE_DAYS days is hidden, after ONE reminder PROFILES_STALE_REMINDER_DAYS days before.

The notice period is counted from the reminder, not only from the last change: a profile that became stale while the
job did not run (or before the rule existed) gets its reminder first and is hidden PROFILES_STALE_REMINDER_DAYS days
later. Dates are whole local days. Each profile is handled in its own transaction, re-checked under a row lock (a
seeker's update in between wins), so a run that stops halfway leaves consistent data and the next run carries on;
mails are sent when that transaction commits. Log lines carry counts only.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation

from audit.models import Action
from audit.services import audit_record
from notifications.services import send_templated_mail

from .models import FINDABLE, SeekerProfile, Visibility
from .services import _profiles_changed

log = logging.getLogger(__name__)

MAIL_STALE_REMINDER = "notifications/mail/profile_stale_reminder"
MAIL_STALE_HIDDEN = "notifications/mail/profile_stale_hidden"


def _start_of(day: datetime.date) -> datetime.datetime:
    """Local midnight at the start of `day`, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _editor_link() -> str:
    return settings.SITE_URL + reverse("frontend:seeker_profile")


def _changed_before(day: datetime.date) -> Q:
    """Last changed by the seeker on `day` or earlier (a profile never changed counts from its creation)."""
    cutoff = _start_of(day + datetime.timedelta(days=1))
    return Q(updated_at__lt=cutoff) | Q(updated_at__isnull=True, created_at__lt=cutoff)


def hide_date(profile: SeekerProfile, *, reminded: datetime.date) -> datetime.date:
    """The day a profile reminded on `reminded` is hidden unless its seeker changes it: PROFILES_STALE_DAYS after
    the last change, but never less than PROFILES_STALE_REMINDER_DAYS after the reminder."""
    changed = timezone.localdate(profile.updated_at or profile.created_at)
    return max(
        changed + datetime.timedelta(days=settings.PROFILES_STALE_DAYS),
        reminded + datetime.timedelta(days=settings.PROFILES_STALE_REMINDER_DAYS),
    )


def stale_to_remind(*, today: datetime.date) -> QuerySet[SeekerProfile]:
    """Published profiles due for their one reminder on `today`."""
    days = settings.PROFILES_STALE_DAYS - settings.PROFILES_STALE_REMINDER_DAYS
    return SeekerProfile.objects.filter(
        _changed_before(today - datetime.timedelta(days=days)),
        visibility__in=FINDABLE,
        stale_reminder_sent_at__isnull=True,
    )


def stale_to_hide(*, today: datetime.date) -> QuerySet[SeekerProfile]:
    """Published profiles due to be hidden on `today`: unchanged for PROFILES_STALE_DAYS days and reminded at least
    PROFILES_STALE_REMINDER_DAYS days ago."""
    notice = today - datetime.timedelta(days=settings.PROFILES_STALE_REMINDER_DAYS)
    return SeekerProfile.objects.filter(
        _changed_before(today - datetime.timedelta(days=settings.PROFILES_STALE_DAYS)),
        visibility__in=FINDABLE,
        stale_reminder_sent_at__lt=_start_of(notice + datetime.timedelta(days=1)),
    )


def _mail(
    profile: SeekerProfile, *, template: str, context: dict[str, Any], hide_on: datetime.date | None = None
) -> None:
    """To the profile's owner, in their language (the hiding date written as their language writes dates)."""
    user = profile.user
    if not user.is_active or not user.email:
        return
    preference = getattr(user, "language_preference", None)
    language = preference.language if preference is not None else settings.LANGUAGE_CODE
    if hide_on is not None:
        with translation.override(language):
            context = {**context, "hide_on": formats.date_format(hide_on, "DATE_FORMAT")}
    send_templated_mail(to=[user.email], template=template, context=context, language=language)


def _each(
    queryset: QuerySet[SeekerProfile],
    handle: Callable[[SeekerProfile], None],
    progress: Callable[[int, int], None] | None,
) -> int:
    """Run `handle` on every profile of `queryset`, each in its own transaction, on a fresh locked copy that
    still matches (a seeker's change in between takes it out). Returns how many were handled."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    done = 0
    for i, pk in enumerate(ids, start=1):
        with transaction.atomic():
            profile = queryset.select_for_update().select_related("user").filter(pk=pk).first()
            if profile is not None:
                handle(profile)
                done += 1
        if progress:
            progress(i, len(ids))
    return done


def profiles_remind_stale(
    *, today: datetime.date | None = None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Send the one reminder to every published profile that is PROFILES_STALE_REMINDER_DAYS days from being
    hidden (or past it, unreminded). Returns how many were reminded."""
    now = timezone.now()
    # Run as on another day (tests, the command's --today): the reminder is recorded on that day.
    if today is not None and today != timezone.localdate(now):
        now = _start_of(today)
    today = timezone.localdate(now)

    def remind(profile: SeekerProfile) -> None:
        profile.stale_reminder_sent_at = now
        profile.save(update_fields=["stale_reminder_sent_at"])
        context = {"days": settings.PROFILES_STALE_DAYS, "link": _editor_link()}
        _mail(profile, template=MAIL_STALE_REMINDER, context=context, hide_on=hide_date(profile, reminded=today))

    count = _each(stale_to_remind(today=today), remind, progress)
    log.info("profiles: %d stale profile(s) reminded", count)
    return count


def profiles_hide_stale(
    *, today: datetime.date | None = None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Hide every published profile unchanged for PROFILES_STALE_DAYS days whose reminder is at least
    PROFILES_STALE_REMINDER_DAYS days old: audited (by the system), the index told, the seeker told. Returns how many
    were hidden."""
    today = today or timezone.localdate()

    def hide(profile: SeekerProfile) -> None:
        before = {"visibility": profile.visibility}
        profile.visibility = Visibility.HIDDEN
        # Not `updated_at`: that is the seeker's own last change.
        profile.save(update_fields=["visibility"])
        audit_record(
            actor=None,
            action=Action.PROFILE_AUTO_HIDE,
            target=profile,
            before=before,
            after={"visibility": profile.visibility},
        )
        _profiles_changed([profile.pk])
        context = {"days": settings.PROFILES_STALE_DAYS, "link": _editor_link()}
        _mail(profile, template=MAIL_STALE_HIDDEN, context=context)

    count = _each(stale_to_hide(today=today), hide, progress)
    log.info("profiles: %d stale profile(s) hidden", count)
    return count


def profiles_retention(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily run: hide what is due, then remind what is due (a profile is never reminded and hidden the same
    day: hiding needs a reminder at least PROFILES_STALE_REMINDER_DAYS old)."""
    hidden = profiles_hide_stale(today=today)
    reminded = profiles_remind_stale(today=today)
    return {"hidden": hidden, "reminded": reminded}
