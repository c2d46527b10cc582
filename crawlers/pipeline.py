"""One crawl of one source, start to end: fetch → discover → extract → normalize → upsert → close → CrawlRun.

Also the writes around it: adding a source, claiming it so no two workers crawl it at once, and dispatching the
due sources with bounded concurrency and one host at a time.
"""

from __future__ import annotations

import datetime
import functools
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.utils import timezone

from companies.models import Company
from jobs.models import JobPosting, Status

from .fetch import Fetcher
from .harvest import harvest
from .models import CrawlRun, CrawlSource, Kind, Outcome
from .upsert import close_vanished, upsert_postings

log = logging.getLogger(__name__)


def source_add(
    *,
    company: Company,
    url: str,
    kind: str = Kind.AUTO,
    selectors: dict[str, str] | None = None,
    interval: datetime.timedelta | None = None,
) -> CrawlSource:
    url = url.strip()
    URLValidator(schemes=["http", "https"])(url)
    if kind not in Kind.values:
        raise ValidationError({"kind": [f"unknown kind {kind!r}; use one of {', '.join(Kind.values)}"]})
    if kind == Kind.HTML and not (selectors or {}).get("title"):
        raise ValidationError({"selectors": ["kind=html needs at least a title selector"]})
    source, _created = CrawlSource.objects.update_or_create(
        company=company,
        url=url,
        defaults={
            "kind": kind,
            "selectors": selectors or {},
            "interval": interval or datetime.timedelta(hours=settings.CRAWLER_DEFAULT_INTERVAL_HOURS),
            "enabled": True,
        },
    )
    return source


def _lock_span() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.CRAWLER_SOURCE_BUDGET + 120)


def source_claim(source_id: int) -> bool:
    """Take the source for one crawl; False if another worker holds it (an atomic conditional update)."""
    now = timezone.now()
    claimed = (
        CrawlSource.objects.filter(pk=source_id).exclude(locked_until__gt=now).update(locked_until=now + _lock_span())
    )
    return claimed == 1


def source_release(source_id: int) -> None:
    CrawlSource.objects.filter(pk=source_id).update(locked_until=None)


def crawl_source(source: CrawlSource, *, fetcher: Fetcher | None = None) -> CrawlRun:
    """Crawl one source now and record what happened. Never raises for what a website does."""
    run = CrawlRun.objects.create(source=source)
    started = time.monotonic()
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        result = harvest(
            source.url,
            fetcher=fetcher,
            kind=source.kind,
            selectors=source.selectors,
            etag=source.etag,
            last_modified=source.last_modified,
            max_pages=settings.CRAWLER_MAX_PAGES,
        )
    finally:
        if own:
            fetcher.close()
    errors = list(result.errors)
    run.found = len(result.postings)
    if result.not_modified:
        run.not_modified = True
        run.unchanged = JobPosting.objects.filter(
            source_ref=source.source_ref, status__in=(Status.PUBLISHED, Status.DRAFT)
        ).count()
        run.outcome = Outcome.OK
    elif result.fatal:
        run.outcome = Outcome.FAILED
    else:
        try:
            # All database writes of a run in one transaction: a crawl that fails halfway changes nothing.
            with transaction.atomic():
                upserted = upsert_postings(source=source, postings=result.postings)
                closed = (
                    close_vanished(source=source, seen=upserted.seen, protected_urls=result.failed_urls)
                    if result.complete
                    else 0
                )
        except DatabaseError as exc:
            log.exception("crawl %s: database error, rolled back", source)
            source.refresh_from_db()
            errors.append({"url": source.url, "reason": f"database error, nothing was changed: {exc}"})
            run.outcome = Outcome.FAILED
        else:
            errors += upserted.errors
            run.new, run.updated, run.unchanged, run.skipped = (
                upserted.new,
                upserted.updated,
                upserted.unchanged,
                upserted.skipped,
            )
            run.closed, run.complete = closed, result.complete
            if not result.complete and not result.postings:
                errors.append({"url": source.url, "reason": "no postings found on the page; nothing was closed"})
            run.outcome = Outcome.OK if not errors else Outcome.PARTIAL
    _finish(run, source, result.etag, result.last_modified, errors, fetcher, started)
    return run


def _finish(
    run: CrawlRun,
    source: CrawlSource,
    etag: str,
    last_modified: str,
    errors: list[dict[str, str]],
    fetcher: Fetcher,
    started: float,
) -> None:
    now = timezone.now()
    run.errors = errors[:200]
    run.pages_fetched = fetcher.stats.pages
    run.bytes_fetched = fetcher.stats.bytes
    run.http_statuses = dict(fetcher.stats.statuses)
    run.finished_at = now
    run.duration = round(time.monotonic() - started, 3)
    run.save()
    if run.outcome == Outcome.FAILED:
        source.consecutive_failures += 1
    else:
        source.consecutive_failures = 0
        source.etag, source.last_modified = etag[:500], last_modified[:100]
    source.next_run_at = now + source.interval
    source.save(update_fields=["consecutive_failures", "etag", "last_modified", "next_run_at"])
    log.info("crawl %s: %s (%d found, %d new, %d closed)", source, run.outcome, run.found, run.new, run.closed)


def crawl_source_by_id(source_id: int, *, claimed: bool = False) -> CrawlRun | None:
    """Claim, crawl, release; None when the source is gone or held by another worker."""
    if not claimed and not source_claim(source_id):
        return None
    try:
        source = CrawlSource.objects.select_related("company").filter(pk=source_id).first()
        return crawl_source(source) if source is not None else None
    finally:
        source_release(source_id)


def due_batches(*, now: datetime.datetime | None = None, limit: int | None = None) -> list[list[int]]:
    """Due sources grouped by host, at most `limit` hosts, leaving out hosts that are being crawled right now."""
    now = now or timezone.now()
    limit = settings.CRAWLER_MAX_CONCURRENT_HOSTS if limit is None else limit
    busy = set(CrawlSource.objects.running(now).values_list("host", flat=True))
    capacity = max(0, limit - len(busy))
    groups: OrderedDict[str, list[int]] = OrderedDict()
    for source_id, host in CrawlSource.objects.due(now).order_by("next_run_at", "id").values_list("id", "host"):
        if host in busy:
            continue
        if host not in groups:
            if len(groups) >= capacity:
                continue
            groups[host] = []
        groups[host].append(source_id)
    return list(groups.values())


def dispatch_due(enqueue: Callable[[list[int]], Any]) -> int:
    """Lock the due batches and hand each to `enqueue` (one task per host, crawling its sources in turn)."""
    batches = due_batches()
    now = timezone.now()
    for batch in batches:
        with transaction.atomic():
            CrawlSource.objects.filter(pk__in=batch).update(locked_until=now + _lock_span() * len(batch))
        transaction.on_commit(functools.partial(enqueue, batch))
    return sum(len(b) for b in batches)


def crawl_batch(source_ids: list[int]) -> list[CrawlRun]:
    """The sources of one host, one after the other (they were locked by the dispatcher)."""
    runs = []
    for source_id in source_ids:
        run = crawl_source_by_id(source_id, claimed=True)
        if run is not None:
            runs.append(run)
    return runs
