"""Writes of the audit trail: one entry per change, recorded inside the change's own transaction.

Every write service calls `audit_record` inside its `transaction.atomic()` block, so an entry exists exactly when
the change committed. Diffs are kept small and free of secrets (see `_safe_value`).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import Action, AuditEntry

SYSTEM = "system"
# Field names whose values never enter the trail (only that they changed).
SECRET_MARKERS = ("password", "token", "secret", "key_hash")
REDACTED = "[redacted]"
LABEL_MAX = 200


def crawler_actor(source: Any) -> str:
    """The actor label of a crawler import: the crawl source's host and its reference (as in source_ref)."""
    return f"crawler: {source.host} ({source.source_ref})"[:LABEL_MAX]


def _short(text: str) -> str:
    """A long text (e.g. a description) as its start, length and digest: enough to see that and how it changed."""
    limit = settings.AUDIT_VALUE_MAX_CHARS
    if len(text) <= limit:
        return text
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"{text[: limit // 2]}… [{len(text)} chars, sha256 {digest}]"


def _is_secret(name: str) -> bool:
    return any(marker in name.lower() for marker in SECRET_MARKERS)


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))  # dates, decimals, UUIDs as JSON


def _shorten(value: Any) -> Any:
    if isinstance(value, str):
        return _short(value)
    if isinstance(value, list):
        return [_shorten(v) for v in value]
    if isinstance(value, dict):
        return {k: _shorten(v) for k, v in value.items()}
    return value


def audit_diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose (JSON) value differs."""
    before, after = before or {}, after or {}
    changes: dict[str, list[Any]] = {}
    for name in sorted(set(before) | set(after)):
        old, new = _plain(before.get(name)), _plain(after.get(name))
        if old == new:
            continue
        # A secret's change is recorded, never its value; a long text as its start, length and digest.
        changes[name] = [REDACTED, REDACTED] if _is_secret(name) else [_shorten(old), _shorten(new)]
    return changes


def _actor_of(actor: Any) -> tuple[Any, str]:
    if actor is None:
        return None, SYSTEM
    if isinstance(actor, str):
        return None, actor[:LABEL_MAX]
    if getattr(actor, "is_authenticated", False):
        return actor, actor.get_username()[:LABEL_MAX]
    return None, SYSTEM


def audit_record(
    *,
    actor: Any,
    action: Action,
    target: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Record one change. `actor` is a user, a label such as "crawler: crawl:7", or None for the system.

    Must be called inside the transaction of the change it records: outside one, the entry could stay although
    the change failed (or vanish although it committed), which the trail must never allow.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the transaction of the change it records")
    user, label = _actor_of(actor)
    return AuditEntry.objects.create(
        actor=user,
        actor_label=label,
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
        target_label=str(target)[:LABEL_MAX],
        changes=audit_diff(before, after),
        reason=reason,
    )


def audit_purge(*, now: datetime.datetime | None = None, days: int | None = None) -> int:
    """Delete the entries older than the retention period (AUDIT_RETENTION_DAYS); returns how many."""
    days = settings.AUDIT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    deleted, _ = AuditEntry.objects.filter(created_at__lt=cutoff).delete()
    return deleted
