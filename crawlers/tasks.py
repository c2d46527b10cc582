"""Thin Celery tasks for the crawlers: the work is in crawlers.pipeline."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings

from . import pipeline

_LIMIT = int(settings.CRAWLER_SOURCE_BUDGET) + 300


@shared_task(name="crawlers.crawl_source", time_limit=_LIMIT, soft_time_limit=_LIMIT - 60)
def crawl_source(source_id: int) -> dict[str, Any] | None:
    run = pipeline.crawl_source_by_id(source_id)
    if run is None:
        return None
    return {"run": run.pk, "outcome": run.outcome, "found": run.found, "new": run.new, "closed": run.closed}


@shared_task(
    name="crawlers.crawl_host",
    time_limit=settings.CRAWLER_HOST_TASK_LIMIT,
    soft_time_limit=settings.CRAWLER_HOST_TASK_LIMIT - 120,
)
def crawl_host(source_ids: list[int]) -> list[int]:
    """The due sources of one host, one at a time (politeness across the whole worker pool)."""
    return [run.pk for run in pipeline.crawl_batch(source_ids)]


@shared_task(name="crawlers.crawl_due", time_limit=300, soft_time_limit=240)
def crawl_due() -> int:
    """Periodic: hand the due sources to workers, one task per host, at most CRAWLER_MAX_CONCURRENT_HOSTS."""
    return pipeline.dispatch_due(lambda ids: crawl_host.delay(ids))


@shared_task(name="crawlers.reap_orphans", ignore_result=True, time_limit=120, soft_time_limit=90)
def reap_orphans() -> int:
    """Periodic: close runs whose worker died (no heartbeat) as failed and release their sources."""
    return pipeline.runs_reap_orphans()
