"""Thin Celery tasks for the index: the logic lives in search.indexing."""

from __future__ import annotations

from celery import shared_task

from . import indexing


@shared_task(name="search.index_update", ignore_result=True, time_limit=300, soft_time_limit=240)
def index_update_task(posting_ids: list[int]) -> bool:
    # Failures stay in the outbox (index_update records them) and the drain retries, so the task never raises.
    return indexing.index_update(posting_ids)


@shared_task(name="search.profile_index_update", ignore_result=True, time_limit=300, soft_time_limit=240)
def profile_index_update_task(profile_ids: list[int]) -> bool:
    return indexing.profile_index_update(profile_ids)


@shared_task(name="search.drain_outbox", ignore_result=True, time_limit=1800, soft_time_limit=1700)
def drain_outbox() -> int:
    """Periodic (every minute): index what a lost message, a dead worker or a down engine left in the outboxes
    (postings and profiles); returns how many rows of both still wait."""
    return indexing.outbox_drain() + indexing.profile_outbox_drain()


@shared_task(name="search.retry_failed", ignore_result=True, time_limit=1800, soft_time_limit=1700)
def retry_failed() -> int:
    # Kept for schedules registered before search.drain_outbox existed; it does the same.
    return drain_outbox()


@shared_task(name="search.reconcile", ignore_result=True, time_limit=3600, soft_time_limit=3500)
def reconcile() -> dict[str, int]:
    postings = indexing.index_reconcile()
    profiles = indexing.profile_index_reconcile()
    return {**postings, **{f"profiles_{k}": v for k, v in profiles.items()}}
