"""Writes of seeker profiles: one transaction each, audited, the search index told on commit."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.utils import timezone

from audit.models import Action
from audit.services import audit_record

from .consent import CONSENT_VERSION
from .models import SeekerProfile, Visibility
from .validation import profile_clean

# The fields kept in the audit trail's before/after: never the free texts, contact or salary (the trail is read by
# the operator, who may not see a hidden profile's contents).
_AUDITED = ("visibility", "consent_version")


# Set while a bulk write (the demo seed) collects the changed profiles to index them once (or leave them to
# search_reindex) instead of one update per profile; the outbox rows are recorded either way.
_deferred_ids: ContextVar[set[int] | None] = ContextVar("profiles_deferred_index_ids", default=None)


@contextlib.contextmanager
def profile_index_updates_deferred() -> Iterator[set[int]]:
    """Collect the ids of the profiles changed (and committed) inside the block instead of enqueuing an index update
    for each; the caller enqueues them once (search.indexing.profile_index_update_enqueue) or reindexes."""
    ids: set[int] = set()
    token = _deferred_ids.set(ids)
    try:
        yield ids
    finally:
        _deferred_ids.reset(token)


def _profiles_changed(profile_ids: Iterable[int]) -> None:
    """Inside the transaction of a change: the index learns of it (the outbox of search.indexing)."""
    from search.indexing import profile_index_update_enqueue, profile_outbox_record

    ids = profile_outbox_record(profile_ids)
    if not ids:
        return
    deferred = _deferred_ids.get()
    if deferred is not None:
        transaction.on_commit(lambda: deferred.update(ids))
    else:
        transaction.on_commit(lambda: profile_index_update_enqueue(ids))


def profile_get_or_create(*, user: Any) -> SeekerProfile:
    """The seeker's profile; a hidden, empty one the first time."""
    profile, _created = SeekerProfile.objects.get_or_create(user=user)
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
