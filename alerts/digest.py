"""The digest run: which alerts are due, what is new for each, recording it, and sending the mails.

A run works in batches of alerts. For a batch it
1. reads the postings published in the alerts' windows once from the database (publish time per id),
2. asks the search layer once per distinct search (alerts with the same parameters and window share it), restricted
   to those postings (SearchQuery.only_ids) — no loop over postings, no query per alert,
3. records every digest (Delivery, keyed by alert and local day) with the postings it lists (SentPosting) and moves
   each alert's window on, in one transaction — before any mail leaves,
4. sends the recorded digests one by one, marking each sent as soon as the mail server took it.
A crash after 3 leaves pending deliveries, which the next run sends first; a crash before 3 leaves nothing, and the
next run computes the same digests again. So every due alert gets its digest once (a crash in the instant between
the server's acceptance and the mark would resend that one mail: its Message-ID is the same, so the receiving side
can drop the copy).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import logging
import smtplib
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from jobs.models import JobPosting
from notifications.mail import build_message
from search.backends.base import BaseSearchBackend, SearchBackendError, get_search_backend
from search.models import PendingIndexUpdate
from search.results import Hit

from .links import manage_url, unsubscribe_headers, unsubscribe_url
from .models import DIGEST_MAX_POSTINGS, FREQUENCY_DAYS, MAX_FAILURES, Alert, Delivery, Frequency, SentPosting
from .params import params_key, query_of
from .services import alert_address

log = logging.getLogger(__name__)
BATCH_SIZE = 500
# Each window starts this long before the last one ended: a posting published inside a write transaction that
# committed after the cutoff was read (a crawl writes a run in one transaction) still falls into the next window.
# What a digest listed is never listed again (SentPosting), so the overlap repeats nothing.
WINDOW_OVERLAP = datetime.timedelta(hours=1)
# One run at a time (the hourly task, `send_alerts --now` beside it, a queue that delays a run into the next hour).
RUN_LOCK = "alerts:digest-run"
RUN_LOCK_SECONDS = 3600
# Hits asked of the search per page: a digest needs DIGEST_MAX_POSTINGS; more pages only when postings were sent
# before (a posting published again).
PAGE_SIZE = 50
# An address the mail server refuses (permanently or for now): counted towards pausing the alert. Anything else
# (the server unreachable, the connection lost) stops the run: its pending digests are sent by the next.
ADDRESS_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


@dataclass
class RunSummary:
    due: int = 0
    sent: int = 0
    empty: int = 0
    failed: int = 0
    paused: int = 0
    resent: int = 0
    invalid: int = 0
    postponed: int = 0
    seconds: float = 0.0
    per_alert_ms: list[float] = dataclasses.field(default_factory=list)

    def line(self) -> str:
        return (
            f"alerts due {self.due}: {self.sent} digest(s) sent ({self.resent} from an earlier run), "
            f"{self.empty} with nothing new, {self.failed} failed, {self.paused} paused, "
            f"{self.invalid} with a search no longer valid, {self.postponed} postponed (search engine failing); "
            f"{self.seconds:.1f} s"
        )


def send_hour() -> int:
    return int(settings.ALERTS_SEND_HOUR)


def due_alerts(*, today: datetime.date) -> Any:
    """The active alerts whose next digest day has come (daily: a day after the last run, weekly: a week)."""
    due = Q(last_run_on=None)
    for frequency, days in FREQUENCY_DAYS.items():
        due |= Q(frequency=frequency, last_run_on__lte=today - datetime.timedelta(days=days))
    return Alert.objects.filter(due, confirmed_at__isnull=False, paused_at=None)


def index_cutoff(now: datetime.datetime) -> datetime.datetime:
    """The latest publish time up to which the search index is known to be complete: now, or just before the oldest
    change still waiting in the index outbox (a posting published but not yet indexed stays for the next digest)."""
    oldest = PendingIndexUpdate.objects.aggregate(oldest=Min("created_at"))["oldest"]
    if oldest is not None and oldest <= now:
        return oldest - datetime.timedelta(seconds=1)
    return now


def run(
    *,
    now: datetime.datetime | None = None,
    force: bool = False,
    batch_size: int = BATCH_SIZE,
    backend: BaseSearchBackend | None = None,
    connection: Any = None,
) -> RunSummary:
    """Send what is due: at or after the send hour (ALERTS_SEND_HOUR, Europe/Berlin), or at once with `force`
    (`manage.py send_alerts --now`). Safe to run at any time and repeatedly."""
    started = time.monotonic()
    summary = RunSummary()
    token = uuid.uuid4().hex
    if not cache.add(RUN_LOCK, token, timeout=RUN_LOCK_SECONDS):
        log.info("alerts: another digest run is under way; this one does nothing")
        return summary
    try:
        _run_locked(now=now or timezone.now(), force=force, batch_size=batch_size, backend=backend,
                    connection=connection, summary=summary)  # fmt: skip
    finally:
        if cache.get(RUN_LOCK) == token:
            cache.delete(RUN_LOCK)
    summary.seconds = time.monotonic() - started
    log.info(summary.line())
    return summary


def _run_locked(
    *,
    now: datetime.datetime,
    force: bool,
    batch_size: int,
    backend: BaseSearchBackend | None,
    connection: Any,
    summary: RunSummary,
) -> None:
    local = timezone.localtime(now)
    connection = connection or get_connection()
    backend = backend or get_search_backend()
    summary.resent = _send_pending(connection, summary)
    if force or local.hour >= send_hour():
        cutoff = index_cutoff(now)
        last_pk = 0
        while True:
            batch = list(
                due_alerts(today=local.date()).filter(pk__gt=last_pk).select_related("user").order_by("pk")[:batch_size]
            )
            if not batch:
                break
            last_pk = batch[-1].pk
            _run_batch(
                batch, today=local.date(), cutoff=cutoff, backend=backend, connection=connection, summary=summary
            )


def window_start(alert: Alert) -> datetime.datetime:
    """Where an alert's next digest looks from: WINDOW_OVERLAP before its last cutoff, but never before the alert
    was confirmed (what was published before someone asked is not new to them)."""
    start = alert.watermark - WINDOW_OVERLAP
    return max(start, alert.confirmed_at) if alert.confirmed_at is not None else start


def _window_postings(alerts: list[Alert], cutoff: datetime.datetime) -> dict[int, datetime.datetime]:
    """The visible postings published in any of the alerts' windows, with their publish times (one query)."""
    start = min(window_start(a) for a in alerts)
    rows = (
        JobPosting.objects.visible()
        .filter(published_at__gt=start, published_at__lte=cutoff)
        .values_list("pk", "published_at")
    )
    return {pk: at for pk, at in rows if at is not None}


def _group_hits(params: dict[str, Any], ids: frozenset[int], backend: BaseSearchBackend) -> tuple[int, Iterator[Hit]]:
    """How many postings among `ids` one search finds, and its hits, newest first, a page at a time as the caller
    reads on (a ValidationError when the saved search is no longer valid)."""
    base = dataclasses.replace(
        query_of(params), only_ids=ids, sort="date", facets=False, page_size=PAGE_SIZE, page=1, boost=""
    )
    first = backend.search(base)

    def pages() -> Iterator[Hit]:
        yield from first.hits
        page = 1
        while page * PAGE_SIZE < first.total:
            page += 1
            results = backend.search(dataclasses.replace(base, page=page))
            if not results.hits:
                return
            yield from results.hits

    return first.total, pages()


def _item(hit: Hit) -> dict[str, Any]:
    """What a digest shows of a posting (public display data of the index; nothing about persons)."""
    return {
        "id": hit.id,
        "title": hit.title,
        "company": hit.company.get("name", ""),
        "places": [p.get("name", "") for p in hit.places][:3],
        "url": _posting_url(hit.id),
    }


def _posting_url(pk: int) -> str:
    # reverse() once per run, not per listed posting (thousands per run): the route with a placeholder id.
    prefix, suffix = _posting_route()
    return f"{settings.SITE_URL}{prefix}{pk}{suffix}"


@functools.cache
def _posting_route() -> tuple[str, str]:
    prefix, _sep, suffix = reverse("frontend:job_detail_short", args=[987654321]).partition("987654321")
    return prefix, suffix


def _run_batch(
    batch: list[Alert],
    *,
    today: datetime.date,
    cutoff: datetime.datetime,
    backend: BaseSearchBackend,
    connection: Any,
    summary: RunSummary,
) -> None:
    summary.due += len(batch)
    published = _window_postings(batch, cutoff)
    sent_before: dict[int, set[int]] = defaultdict(set)
    if published:
        for alert_id, posting_id in SentPosting.objects.filter(
            alert__in=batch, posting_id__in=list(published)
        ).values_list("alert_id", "posting_id"):
            sent_before[alert_id].add(posting_id)
    groups: dict[tuple[str, datetime.datetime], list[Alert]] = defaultdict(list)
    for alert in batch:
        groups[(params_key(alert.params), window_start(alert))].append(alert)

    digests: list[tuple[Alert, list[dict[str, Any]], int]] = []
    invalid: list[Alert] = []
    for (_key, start), members in groups.items():
        t0 = time.monotonic()
        window = frozenset(pk for pk, at in published.items() if at > start)
        if not window:
            digests.extend((alert, [], 0) for alert in members)
            continue
        try:
            total, hits = _group_hits(members[0].params, window, backend)
        except ValidationError:  # a place the gazetteer no longer knows, a field code withdrawn
            invalid.extend(members)
            continue
        except SearchBackendError as exc:  # this search fails now: its alerts stay due for the next run
            log.warning("alerts: a search of %d alert(s) failed, postponed: %s", len(members), exc)
            summary.postponed += len(members)
            continue
        need = {alert.pk: DIGEST_MAX_POSTINGS for alert in members}
        chosen: dict[int, list[dict[str, Any]]] = {alert.pk: [] for alert in members}
        for hit in hits:
            item = _item(hit)
            for alert in members:
                if need[alert.pk] and hit.id not in sent_before[alert.pk]:
                    chosen[alert.pk].append(item)
                    need[alert.pk] -= 1
            if not any(need.values()):
                break
        for alert in members:
            new_total = total - len(sent_before[alert.pk] & window)
            digests.append((alert, chosen[alert.pk], max(new_total, len(chosen[alert.pk]))))
        elapsed = (time.monotonic() - t0) * 1000 / len(members)
        summary.per_alert_ms.extend([elapsed] * len(members))

    summary.invalid += len(invalid)
    pending = _record(digests, today=today, cutoff=cutoff, invalid=invalid)
    summary.empty += sum(1 for _a, items, _t in digests if not items)
    for delivery in pending:
        _send(delivery, connection, summary)


def _record(
    digests: list[tuple[Alert, list[dict[str, Any]], int]],
    *,
    today: datetime.date,
    cutoff: datetime.datetime,
    invalid: list[Alert],
) -> list[Delivery]:
    """Record the batch's digests and move every alert's window on, in one transaction; the deliveries to send."""
    with transaction.atomic():
        # An alert deleted since the batch was read (unsubscribed meanwhile) gets nothing.
        alive = set(Alert.objects.filter(pk__in=[a.pk for a, _i, _t in digests]).values_list("pk", flat=True))
        digests = [d for d in digests if d[0].pk in alive]
        deliveries = [
            Delivery(alert=alert, key=_key(alert), items=items, total=total) for alert, items, total in digests if items
        ]
        # A digest already recorded for this window (by a run that crashed after recording) is not made again.
        existing = set(Delivery.objects.filter(key__in=[d.key for d in deliveries]).values_list("key", flat=True))
        deliveries = [d for d in deliveries if d.key not in existing]
        Delivery.objects.bulk_create(deliveries)
        SentPosting.objects.bulk_create(
            [SentPosting(alert=d.alert, posting_id=item["id"], delivery=d) for d in deliveries for item in d.items],
            ignore_conflicts=True,
        )
        # Every handled alert's window now starts at the cutoff, never earlier than it did (a cutoff held back by
        # the index outbox); two statements for the batch.
        handled = Alert.objects.filter(pk__in=[alert.pk for alert, _items, _total in digests])
        handled.update(last_run_on=today)
        handled.filter(watermark__lt=cutoff).update(watermark=cutoff)
        # An alert whose search is no longer valid waits for its owner to change it (it is not retried every hour).
        Alert.objects.filter(pk__in=[alert.pk for alert in invalid]).update(last_run_on=today)
    return deliveries


def _key(alert: Alert) -> str:
    """The idempotency key of an alert's next digest: the alert and the start of its window (the same digest
    computed again after a crash has the same key; the next one starts where this one ended)."""
    return f"{alert.pk}:{alert.watermark.timestamp():.6f}"


def _send_pending(connection: Any, summary: RunSummary) -> int:
    """Send the digests an earlier run recorded but did not get out (it crashed, or the server was away)."""
    pending = list(Delivery.objects.filter(status=Delivery.Status.PENDING).select_related("alert__user").order_by("pk"))
    before = summary.sent
    for delivery in pending:
        if delivery.alert.paused_at is None:
            _send(delivery, connection, summary)
    return summary.sent - before


def digest_message(delivery: Delivery) -> Any:
    alert = delivery.alert
    params = {k: v for k, v in alert.params.items()}
    search_url = settings.SITE_URL + reverse("frontend:job_search") + "?" + urlencode(params, doseq=True)
    message = build_message(
        to=[alert_address(alert)],
        template="alerts/mail/digest",
        context={
            "name": alert.name,
            "items": delivery.items,
            "total": delivery.total,
            "more": max(delivery.total - len(delivery.items), 0),
            "search_url": search_url,
            "manage_url": manage_url(alert),
            "unsubscribe_url": unsubscribe_url(alert),
            "frequency": alert.frequency,
            "weekly": alert.frequency == Frequency.WEEKLY,
        },
        language=alert.language,
        headers={
            **unsubscribe_headers(alert),
            # The same digest sent twice (a crash between the server's acceptance and our mark) has one identity.
            "Message-ID": f"<alert-{delivery.key.replace(':', '-')}@{_mail_domain()}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    return message


def _mail_domain() -> str:
    address = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">")
    return address.rsplit("@", 1)[-1] or "localhost"


def _send(delivery: Delivery, connection: Any, summary: RunSummary) -> None:
    alert = delivery.alert
    if not alert_address(alert):
        _failed(delivery, summary)
        return
    message = digest_message(delivery)
    message.connection = connection
    try:
        message.send()
    except ADDRESS_ERRORS:
        # The address, never logged: the alert's number is enough to find it.
        log.warning("alert %d: the mail server refused the digest", alert.pk)
        _failed(delivery, summary)
        return
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT, sent_at=now, attempts=delivery.attempts + 1
    )
    if alert.failures:
        Alert.objects.filter(pk=alert.pk).update(failures=0)
    summary.sent += 1


def _failed(delivery: Delivery, summary: RunSummary) -> None:
    """A send the address made fail: counted; the third in a row pauses the alert and gives the digest up."""
    alert = delivery.alert
    failures = alert.failures + 1
    summary.failed += 1
    with transaction.atomic():
        if failures >= MAX_FAILURES:
            Alert.objects.filter(pk=alert.pk).update(failures=failures, paused_at=timezone.now())
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.FAILED, attempts=delivery.attempts + 1
            )
            summary.paused += 1
        else:
            Alert.objects.filter(pk=alert.pk).update(failures=failures)
            Delivery.objects.filter(pk=delivery.pk).update(attempts=delivery.attempts + 1)
    alert.failures = failures
