"""Writes of seeker profiles: one transaction each, audited, the search index told on commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record
from companies.models import Company

from .consent import CONSENT_VERSION
from .models import MAX_BLOCKED_COMPANIES, SeekerProfile, Visibility
from .validation import profile_clean

# The fields kept in the audit trail's before/after: never the free texts, contact or salary (the trail is read by
# the operator, who may not see a hidden profile's contents).
_AUDITED = ("visibility", "consent_version")


def _profiles_changed(profile_ids: Iterable[int]) -> None:
    """Inside the transaction of a change: the index learns of it (the outbox of search.indexing)."""
    from search.indexing import profile_index_update_enqueue, profile_outbox_record

    ids = profile_outbox_record(profile_ids)
    if ids:
        transaction.on_commit(lambda: profile_index_update_enqueue(ids))


def profile_get_or_create(*, user: Any) -> SeekerProfile:
    """The seeker's profile; a hidden, empty one the first time."""
    profile, _created = SeekerProfile.objects.get_or_create(user=user)
    return profile


def profile_block_company(*, profile: SeekerProfile, company: Company, by: Any) -> SeekerProfile:
    """Add `company` to the companies that never see the profile (from a contact request, say); the index learns
    of it. Blocking a blocked company again changes nothing. Raises a ValidationError (block_company) when the
    profile blocks the most companies allowed already."""
    with transaction.atomic():
        profile = SeekerProfile.objects.select_for_update().get(pk=profile.pk)
        blocked = profile.blocked_companies.count()
        if profile.blocked_companies.filter(pk=company.pk).exists():
            return profile
        if blocked >= MAX_BLOCKED_COMPANIES:
            raise ValidationError(
                {"block_company": [_("Block at most %(n)d companies.") % {"n": MAX_BLOCKED_COMPANIES}]}
            )
        profile.blocked_companies.add(company)
        profile.updated_at = timezone.now()
        profile.stale_reminder_sent_at = None
        profile.save(update_fields=["updated_at", "stale_reminder_sent_at"])
        # How many, not which: whom a person keeps away (often their employer) is theirs to know.
        audit_record(
            actor=by,
            action=Action.PROFILE_BLOCK_COMPANY,
            target=profile,
            before={"blocked_companies": blocked},
            after={"blocked_companies": blocked + 1},
        )
        _profiles_changed([profile.pk])
    return profile


def _audit_state(profile: SeekerProfile) -> dict[str, Any]:
    return {name: getattr(profile, name) for name in _AUDITED}


def profile_update(
    *, profile: SeekerProfile, data: dict[str, Any], by: Any, given: Iterable[str] | None = None
) -> SeekerProfile:
    """Apply a write in the API's shape (`given`: the fields it sets; None, all of them, as a PUT). Raises a
    ValidationError naming every bad field; then nothing changes."""
    cleaned = profile_clean(data, profile=profile, given=None if given is None else set(given))
    consent = cleaned.pop("consent")
    relations = {name: cleaned.pop(name) for name in ("counties", "blocked_companies") if name in cleaned}
    with transaction.atomic():
        profile = SeekerProfile.objects.select_for_update().get(pk=profile.pk)
        before = _audit_state(profile)
        was_findable = profile.is_findable
        for name, value in cleaned.items():
            setattr(profile, name, value)
        now = timezone.now()
        if consent and profile.visibility != Visibility.HIDDEN:
            profile.consent_version, profile.consent_at = CONSENT_VERSION, now
        if profile.is_findable and not was_findable:
            profile.published_at = now
        profile.updated_at = now
        profile.stale_reminder_sent_at = None
        profile.save()
        for name, values in relations.items():
            getattr(profile, name).set(values)
        after = _audit_state(profile)
        if profile.is_findable and not was_findable:
            action = Action.PROFILE_PUBLISH
        elif was_findable and not profile.is_findable:
            action = Action.PROFILE_HIDE
        else:
            action = Action.PROFILE_UPDATE
        audit_record(actor=by, action=action, target=profile, before=before, after=after)
        _profiles_changed([profile.pk])
    return profile
