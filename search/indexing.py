"""Keeping the index in step with the database: the hook the job services call, and the update itself.

A write never fails because of the index: the services enqueue an update after commit; if the engine (or the
broker) is down, the ids are written to PendingIndexUpdate and search.retry_failed / search.reconcile catch up.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .backends.base import BaseSearchBackend, get_search_backend
from .documents import documents_for
from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)

# Set while a bulk write (e.g. the demo seed) collects its index updates to send them once instead of one by one.
_deferred_ids: ContextVar[set[int] | None] = ContextVar("search_deferred_ids", default=None)


@contextlib.contextmanager
def index_updates_deferred() -> Iterator[set[int]]:
    """Collect the ids of the updates committed inside the block instead of enqueuing each; the caller then enqueues
    them once (index_update_enqueue) or rebuilds the index (search_reindex)."""
    ids: set[int] = set()
    token = _deferred_ids.set(ids)
    try:
        yield ids
    finally:
        _deferred_ids.reset(token)


def index_update_enqueue(posting_ids: Sequence[int]) -> None:
    """Called once per committed change with the ids of the postings that changed."""
    ids = sorted({int(i) for i in posting_ids})
    if not ids:
        return
    deferred = _deferred_ids.get()
    if deferred is not None:
        deferred.update(ids)
        return
    from .tasks import index_update_task

    try:
        index_update_task.delay(ids)
    except Exception as exc:  # the broker is down: remember the ids, the periodic retry picks them up
        logger.warning("search: could not enqueue index update for %d postings: %s", len(ids), exc)
        pending_record(ids, f"enqueue failed: {exc}")


def index_update(posting_ids: Iterable[int], *, backend: BaseSearchBackend | None = None) -> bool:
    """Add or update the visible postings among `posting_ids` and remove the rest. False if the engine failed."""
    ids = sorted({int(i) for i in posting_ids})
    if not ids:
        return True
    backend = backend or get_search_backend()
    try:
        docs, gone = documents_for(ids, timezone.localdate())
        if docs:
            backend.add_bulk(docs)
        if gone:
            backend.delete(gone)
        backend.refresh()
    except Exception as exc:  # any engine failure: the write already succeeded, so record and retry later
        logger.warning("search: index update of %d postings failed: %s", len(ids), exc)
        pending_record(ids, str(exc))
        return False
    PendingIndexUpdate.objects.filter(posting_id__in=ids).delete()
    return True


def pending_record(ids: Iterable[int], error: str) -> None:
    ids = list(ids)
    with transaction.atomic():
        existing = set(PendingIndexUpdate.objects.filter(posting_id__in=ids).values_list("posting_id", flat=True))
        PendingIndexUpdate.objects.filter(posting_id__in=existing).update(
            attempts=F("attempts") + 1, last_error=error[:2000], updated_at=timezone.now()
        )
        PendingIndexUpdate.objects.bulk_create(
            [PendingIndexUpdate(posting_id=i, last_error=error[:2000]) for i in ids if i not in existing],
            ignore_conflicts=True,
        )


def pending_retry(*, batch_size: int = 1000, backend: BaseSearchBackend | None = None) -> int:
    """Retry the recorded failures; returns how many postings are still pending."""
    while True:
        ids = list(PendingIndexUpdate.objects.order_by("pk").values_list("posting_id", flat=True)[:batch_size])
        if not ids or not index_update(ids, backend=backend):
            break
    return PendingIndexUpdate.objects.count()


def index_reconcile(*, backend: BaseSearchBackend | None = None) -> dict[str, int]:
    """Compare the whole index with the database and repair what differs (missing, stale, extra)."""
    from .selectors import index_drift

    backend = backend or get_search_backend()
    pending_retry(backend=backend)
    drift = index_drift(backend=backend)
    index_update([*drift.missing, *drift.stale, *drift.extra], backend=backend)
    return {"missing": len(drift.missing), "stale": len(drift.stale), "extra": len(drift.extra)}
