"""Keeping the index in step with the database: the outbox the job services write to, and the update itself.

A write never fails because of the index, and no index update is lost with the broker: the services record the
changed posting ids in PendingIndexUpdate inside their own transaction (`outbox_record`), and enqueue the update
task after commit. The task indexes and deletes the rows it handled; `outbox_drain` (search.drain_outbox, every
minute) indexes the rows left behind by a lost message, a dead worker or an engine that was down.

Seeker profiles (the second document kind) go the same way with their own outbox (PendingProfileIndexUpdate,
written by profiles.services and by a company's deletion when profiles blocked it), task (search.profile_index_update)
and update (`profile_index_update`: the findable profiles are added, every other id removed). The periodic drain and
reconciliation cover both kinds.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.caching import Generation, bump
from jobs.models import JobPosting

from .backends.base import BaseSearchBackend, get_search_backend
from .documents import CompanyTexts, IndexDocument, documents_for, indexable_postings
from .models import PendingIndexUpdate, PendingProfileIndexUpdate
from .profile_documents import profile_documents_for

logger = logging.getLogger(__name__)

# Set while a bulk write (e.g. the demo seed) collects its index updates to send them once instead of one by one:
# one per document kind.
_deferred_ids: ContextVar[set[int] | None] = ContextVar("search_deferred_ids", default=None)
_deferred_profile_ids: ContextVar[set[int] | None] = ContextVar("search_deferred_profile_ids", default=None)


@contextlib.contextmanager
def _deferring(var: ContextVar[set[int] | None]) -> Iterator[set[int]]:
    ids: set[int] = set()
    token = var.set(ids)
    try:
        yield ids
    finally:
        var.reset(token)


def index_updates_deferred() -> contextlib.AbstractContextManager[set[int]]:
    """Collect the ids of the updates committed inside the block instead of enqueuing each; the caller then enqueues
    them once (index_update_enqueue) or rebuilds the index (search_reindex)."""
    return _deferring(_deferred_ids)


def profile_index_updates_deferred() -> contextlib.AbstractContextManager[set[int]]:
    """index_updates_deferred for the profiles (profile_index_update_enqueue)."""
    return _deferring(_deferred_profile_ids)


# ---- the outbox mechanics, shared by both document kinds (a model with a unique id column `key`) -------------------


def _outbox_record(model: Any, key: str, ids: Iterable[int]) -> list[int]:
    ids = sorted({int(i) for i in ids})
    if ids:
        now = timezone.now()
        # A row that is already waiting gets a new `updated_at`, so an update that read the object before this
        # write cannot remove it (see `_outbox_done`).
        model.objects.bulk_create(
            [model(**{key: i}, created_at=now, updated_at=now) for i in ids],
            update_conflicts=True,
            unique_fields=[key],
            update_fields=["updated_at"],
        )
    return ids


def _outbox_seen(model: Any, key: str, ids: list[int]) -> list[tuple[int, datetime.datetime]]:
    """What the outbox says before the objects are read: only these row versions are done when the update is."""
    return list(model.objects.filter(**{f"{key}__in": ids}).values_list(key, "updated_at"))


def _outbox_done(model: Any, key: str, seen: list[tuple[int, datetime.datetime]]) -> None:
    by_version: dict[datetime.datetime, list[int]] = defaultdict(list)
    for object_id, updated_at in seen:
        by_version[updated_at].append(object_id)
    for updated_at, handled in by_version.items():
        model.objects.filter(**{f"{key}__in": handled}, updated_at=updated_at).delete()


def _outbox_drain(
    model: Any, key: str, update: Any, *, grace: float | None, batch_size: int, backend: BaseSearchBackend | None
) -> int:
    """Index the outbox rows older than `grace` seconds (younger ones belong to a task still on its way) with
    `update`; stops at the first engine failure (the rows stay for next time). Returns how many rows wait."""
    grace = settings.SEARCH_OUTBOX_GRACE_SECONDS if grace is None else grace
    cutoff = timezone.now() - datetime.timedelta(seconds=grace)
    last_pk = 0
    while True:
        rows = list(
            model.objects.filter(pk__gt=last_pk, created_at__lte=cutoff)
            .order_by("pk")
            .values_list("pk", key)[:batch_size]
        )
        if not rows:
            break
        last_pk = rows[-1][0]
        if not update([object_id for _pk, object_id in rows], backend=backend):
            break
    return int(model.objects.count())


# ---- postings --------------------------------------------------------------------------------------------------------


def outbox_record(posting_ids: Iterable[int]) -> list[int]:
    """Record that these postings changed; call it inside the transaction of the change. Returns the ids."""
    return _outbox_record(PendingIndexUpdate, "posting_id", posting_ids)


def index_update_enqueue(posting_ids: Sequence[int]) -> None:
    """Called after commit with the ids of the postings that changed (already in the outbox)."""
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
    except Exception as exc:  # the broker is down: the outbox rows stay, the drain picks them up
        logger.warning("search: could not enqueue index update for %d postings: %s", len(ids), exc)
        pending_record(ids, f"enqueue failed: {exc}")


def index_update(posting_ids: Iterable[int], *, backend: BaseSearchBackend | None = None) -> bool:
    """Add or update the visible postings among `posting_ids` and remove the rest. False if the engine failed."""
    ids = sorted({int(i) for i in posting_ids})
    if not ids:
        return True
    seen = _outbox_seen(PendingIndexUpdate, "posting_id", ids)
    backend = backend or get_search_backend()
    today = timezone.localdate()
    texts = CompanyTexts(today)
    try:
        docs, gone = documents_for(ids, today, texts)
        if docs:
            backend.add_bulk(docs)
        if gone:
            backend.delete(gone)
        backend.refresh()
    except Exception as exc:  # any engine failure: the write already succeeded, so record and retry later
        logger.warning("search: index update of %d postings failed: %s", len(ids), exc)
        pending_record(ids, str(exc))
        return False
    # Pages cache what they read from the index too (the home page's counts): the index lags behind the write
    # that bumped the generation, so a value built in between is dropped now that the index has caught up.
    bump(Generation.POSTINGS)
    _outbox_done(PendingIndexUpdate, "posting_id", seen)
    index_update_enqueue(outbox_record(_boilerplate_changed(ids, docs, gone, texts)))
    return True


def _boilerplate_changed(
    ids: list[int], docs: Sequence[IndexDocument], gone: Sequence[int], texts: CompanyTexts
) -> list[int]:
    """The other visible postings of each company whose boilerplate these updates changed (a posting added, changed
    or gone can make a sentence the company's boilerplate, or no longer): they rank differently now, so they are
    indexed again. Each company's last boilerplate is kept in the cache; without it (a cold cache) the siblings
    are indexed again once. A change this misses (the cache evicted between two updates) the hourly reconciliation
    finds, as the documents' digests include the boilerplate."""
    companies = {d.company_id for d in docs}
    if gone:
        companies |= set(JobPosting.objects.filter(pk__in=gone).values_list("company_id", flat=True))
    if not companies:
        return []
    texts.load(companies)
    changed = []
    for company_id in sorted(companies):
        key = f"search:boilerplate:v1:{company_id}"
        signature = texts.boilerplate_signature(company_id)
        if cache.get(key) != signature:
            cache.set(key, signature, timeout=None)
            changed.append(company_id)
    if not changed:
        return []
    siblings = indexable_postings(texts.today).filter(company_id__in=changed).exclude(pk__in=ids)
    return list(siblings.values_list("pk", flat=True))


def pending_record(ids: Iterable[int], error: str) -> None:
    """Count a failed attempt for these postings (creating their outbox rows if they have none)."""
    _pending_record(PendingIndexUpdate, "posting_id", ids, error)


def _pending_record(model: Any, key: str, ids: Iterable[int], error: str) -> None:
    ids = list(ids)
    with transaction.atomic():
        existing = set(model.objects.filter(**{f"{key}__in": ids}).values_list(key, flat=True))
        model.objects.filter(**{f"{key}__in": existing}).update(
            attempts=F("attempts") + 1, last_error=error[:2000], updated_at=timezone.now()
        )
        model.objects.bulk_create(
            [model(**{key: i}, attempts=1, last_error=error[:2000]) for i in ids if i not in existing],
            ignore_conflicts=True,
        )


def outbox_drain(
    *, grace: float | None = None, batch_size: int = 1000, backend: BaseSearchBackend | None = None
) -> int:
    """Index the outbox rows older than `grace` seconds (younger ones belong to a task still on its way).

    Returns how many rows are still waiting. Stops at the first engine failure (the rows stay for next time).
    """
    return _outbox_drain(
        PendingIndexUpdate, "posting_id", index_update, grace=grace, batch_size=batch_size, backend=backend
    )


def pending_retry(*, batch_size: int = 1000, backend: BaseSearchBackend | None = None) -> int:
    """Index everything in the outbox now, whatever its age; returns how many postings are still pending."""
    return outbox_drain(grace=0, batch_size=batch_size, backend=backend)


def index_reconcile(*, backend: BaseSearchBackend | None = None) -> dict[str, int]:
    """Compare the whole index with the database and repair what differs (missing, stale, extra)."""
    from .selectors import index_drift

    backend = backend or get_search_backend()
    pending_retry(backend=backend)
    drift = index_drift(backend=backend)
    index_update([*drift.missing, *drift.stale, *drift.extra], backend=backend)
    return {"missing": len(drift.missing), "stale": len(drift.stale), "extra": len(drift.extra)}


# ---- the second document kind: seeker profiles -----------------------------------------------------------------------


def profile_outbox_record(profile_ids: Iterable[int]) -> list[int]:
    """Record that these profiles changed; call it inside the transaction of the change. Returns the ids."""
    return _outbox_record(PendingProfileIndexUpdate, "profile_id", profile_ids)


def profile_index_update_enqueue(profile_ids: Sequence[int]) -> None:
    """Called after commit with the ids of the profiles that changed (already in the outbox)."""
    ids = sorted({int(i) for i in profile_ids})
    if not ids:
        return
    deferred = _deferred_profile_ids.get()
    if deferred is not None:
        deferred.update(ids)
        return
    from .tasks import profile_index_update_task

    try:
        profile_index_update_task.delay(ids)
    except Exception as exc:  # the broker is down: the outbox rows stay, the drain picks them up
        logger.warning("search: could not enqueue index update for %d profiles: %s", len(ids), exc)
        profile_pending_record(ids, f"enqueue failed: {exc}")


def profile_index_update(profile_ids: Iterable[int], *, backend: BaseSearchBackend | None = None) -> bool:
    """Add or update the findable profiles among `profile_ids` and remove the rest (hidden, deleted, of an
    inactive account). False if the engine failed (the ids stay in the outbox)."""
    ids = sorted({int(i) for i in profile_ids})
    if not ids:
        return True
    seen = _outbox_seen(PendingProfileIndexUpdate, "profile_id", ids)
    backend = backend or get_search_backend()
    try:
        docs, gone = profile_documents_for(ids)
        if docs:
            backend.add_profiles(docs)
        if gone:
            backend.delete_profiles(gone)
        backend.refresh()
    except Exception as exc:  # any engine failure: the write already succeeded, so record and retry later
        logger.warning("search: index update of %d profiles failed: %s", len(ids), exc)
        profile_pending_record(ids, str(exc))
        return False
    _outbox_done(PendingProfileIndexUpdate, "profile_id", seen)
    return True


def profile_pending_record(ids: Iterable[int], error: str) -> None:
    """Count a failed attempt for these profiles (creating their outbox rows if they have none)."""
    _pending_record(PendingProfileIndexUpdate, "profile_id", ids, error)


def profile_outbox_drain(
    *, grace: float | None = None, batch_size: int = 1000, backend: BaseSearchBackend | None = None
) -> int:
    """outbox_drain for the profiles' outbox: returns how many profile rows are still waiting."""
    return _outbox_drain(
        PendingProfileIndexUpdate,
        "profile_id",
        profile_index_update,
        grace=grace,
        batch_size=batch_size,
        backend=backend,
    )


def profile_index_reconcile(*, backend: BaseSearchBackend | None = None) -> dict[str, int]:
    """index_reconcile for the profiles: retry the outbox, then repair what differs (missing, stale, extra)."""
    from .selectors import profile_index_drift

    backend = backend or get_search_backend()
    profile_outbox_drain(grace=0, backend=backend)
    drift = profile_index_drift(backend=backend)
    profile_index_update([*drift.missing, *drift.stale, *drift.extra], backend=backend)
    return {"missing": len(drift.missing), "stale": len(drift.stale), "extra": len(drift.extra)}


def profiles_blocking_company(company_id: int) -> list[int]:
    """Inside the transaction that deletes a company: the profiles that blocked it are recorded in the outbox (their
    documents lose the company's id once it is gone). Returns the ids; the caller enqueues them on commit."""
    from profiles.models import SeekerProfile

    ids = SeekerProfile.blocked_companies.through.objects.filter(company_id=company_id).values_list(
        "seekerprofile_id", flat=True
    )
    return profile_outbox_record(ids)
