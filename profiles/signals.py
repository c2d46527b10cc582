"""The index and the private files follow a profile however it goes or changes hands with its account.

Services tell the index of their own changes; these receivers cover the writes no service makes: a profile deleted
with its user from the admin, the shell or a cascade (its index entry and CV file must go too), and an account
deactivated or reactivated (an inactive account's profile is not findable).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from accounts.user_changes import stored_field_changes

from .models import SeekerProfile
from .services import _file_remove_on_commit, _profiles_changed

_ACTIVE_CHANGED = "_profiles_active_changed"


@receiver(post_delete, sender=SeekerProfile, dispatch_uid="profiles.deleted")
def profile_deleted(sender: Any, instance: SeekerProfile, **_: Any) -> None:
    _profiles_changed([instance.pk])
    _file_remove_on_commit(instance.cv.name)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="profiles.user_active.detect")
def user_active_detect(sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **_: Any) -> None:
    changed = stored_field_changes(sender, instance, "is_active", raw=raw, update_fields=update_fields)
    setattr(instance, _ACTIVE_CHANGED, changed)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="profiles.user_active.reindex")
def user_active_reindex(sender: Any, instance: Any, **_: Any) -> None:
    if getattr(instance, _ACTIVE_CHANGED, False):
        setattr(instance, _ACTIVE_CHANGED, False)
        _profiles_changed(SeekerProfile.objects.filter(user_id=instance.pk).values_list("pk", flat=True))
