"""Whether a save of a user changes one stored field: read in pre_save, so post_save can act on the change only."""

from __future__ import annotations

from typing import Any


def stored_field_changes(sender: Any, instance: Any, field: str, *, raw: bool, update_fields: Any) -> bool:
    """True when saving `instance` writes a new value of `field` over the stored one (never for a new user, a fixture
    load, or a save whose update_fields leave the field out, e.g. the last_login update at every login: no query)."""
    if raw or instance.pk is None or instance._state.adding:
        return False
    if update_fields is not None and field not in update_fields:
        return False
    stored = sender._default_manager.filter(pk=instance.pk).values_list(field, flat=True).first()
    return stored is not None and stored != getattr(instance, field)
