"""A changed password revokes every API token of its user, whatever path changed it.

The stored password hash is compared before and after the save, so the password-change page, the reset link,
the admin, ``changepassword`` and ``set_password()`` + ``save()`` are all covered without each having to remember.
Like Django's own session invalidation, any change of the stored hash counts, including Django re-hashing a password
with stronger parameters at login.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.services import revoke_all_tokens
from accounts.user_changes import stored_field_changes

_CHANGED = "_accounts_password_changed"


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.password_change.detect")
def detect_password_change(sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **_: Any) -> None:
    setattr(
        instance, _CHANGED, stored_field_changes(sender, instance, "password", raw=raw, update_fields=update_fields)
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.password_change.revoke")
def revoke_tokens_after_password_change(sender: Any, instance: Any, **_: Any) -> None:
    if getattr(instance, _CHANGED, False):
        setattr(instance, _CHANGED, False)
        revoke_all_tokens(instance)
