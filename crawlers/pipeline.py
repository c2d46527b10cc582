"""One crawl of one source, start to end: fetch → discover → extract → normalize → upsert → close → CrawlRun.

Also the writes around it: adding a source, claiming it so no two workers crawl it at once, and dispatching the
due sources with bounded concurrency and one host at a time.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.models import F, Value
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from companies.models import Company
from jobs.field_suggest import suggester
from jobs.models import JobPosting, Status
from moderation.services import unresolved_places_record
from notifications.services import mail_crawl_failing

from .addresses import address_refusal
from .fetch import FetchConfig, Fetcher, system_resolver
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
    by_operator: bool = False,
) -> CrawlSource:
    """Register (or update) a company's source. A company user's source (`by_operator=False`, the default) must
    point at a public address; the operator's may use the CRAWLER_ALLOWED_ADDRESSES exceptions when crawled.
    A company user's source off the company's own domain (source_domain_problem) waits for the operator's approval
    and is not crawled until then."""
    url = url.strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise ValidationError({"url": exc.messages}) from exc
    if urlsplit(url).username or urlsplit(url).password:
        raise ValidationError({"url": [_("Addresses with a user name or password are not crawled.")]})
    if not by_operator:
        _source_address_check(url)
    if kind not in Kind.values:
        raise ValidationError({"kind": [f"unknown kind {kind!r}; use one of {', '.join(Kind.values)}"]})
    if kind == Kind.HTML and not (selectors or {}).get("title"):
        raise ValidationError({"selectors": ["kind=html needs at least a title selector"]})
    problem = None if by_operator else source_domain_problem(company=company, url=url)
    existing = CrawlSource.objects.filter(company=company, url=url).first()
    approved = problem is None or (existing is not None and existing.approved)  # approved once stays approved
    reason_max = CrawlSource._meta.get_field("approval_reason").max_length or 300
    source, _created = CrawlSource.objects.update_or_create(
        company=company,
        url=url,
        defaults={
            "kind": kind,
            "selectors": selectors or {},
            "interval": interval or datetime.timedelta(hours=settings.CRAWLER_DEFAULT_INTERVAL_HOURS),
            "enabled": True,
            # Added by the operator once, it keeps the operator's address exceptions when the company re-adds it.
            "operator_added": by_operator or (existing is not None and existing.operator_added),
            "approved": approved,
            "approval_reason": "" if approved else Truncator(problem or "").chars(reason_max),
        },
    )
    return source


def _domain_label(host: str) -> str:
    """The name part of a host's domain, for comparing with an ATS account: "example" of www.example.org."""
    parts = [p for p in host.lower().removeprefix("www.").split(".") if p]
    return parts[-2] if len(parts) >= 2 else (parts[0] if parts else "")


def _squash(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def source_domain_problem(*, company: Company, url: str) -> str | None:
    """The one rule for a company's own crawl source: on its website's domain (the host or a subdomain of it), or an
    ATS board whose account is the company's (its slug or its website's name). None when it is; else why not.

    No public-suffix list is installed, so the domain is compared by host suffix: the website's host without "www."
    is the domain, and the source's host must be it or end in "." + it. This never accepts a foreign domain; a
    company whose career site is on a sibling subdomain of its website's (jobs.example.org for www.shop.example.org)
    is asked to wait for the operator."""
    from .discover import ats_account

    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    website = (urlsplit(company.website or "").hostname or "").lower().rstrip(".")
    domain = website.removeprefix("www.")
    if domain and (host == domain or host.endswith("." + domain)):
        return None
    ats = ats_account(url)
    if ats is not None:
        kind, account = ats
        own = {_squash(company.slug)} | ({_squash(_domain_label(website))} if website else set())
        if _squash(account) in own - {""}:
            return None
        return _("The %(kind)s account “%(account)s” does not carry your company's name or website.") % {
            "kind": Kind(kind).label,
            "account": account,
        }
    if not domain:
        return _("Your company has no website on record, so the operator checks that %(host)s is yours.") % {
            "host": host
        }
    return _("%(host)s is not on your website's domain %(domain)s; the operator checks that it is yours.") % {
        "host": host,
        "domain": domain,
    }


def source_approve(*, source: CrawlSource, by: Any = None) -> CrawlSource:
    """The operator approves a source that waited (not on the company's domain): it is crawled from now on."""
    from audit.models import Action
    from audit.services import audit_record

    if source.approved:
        return source
    with transaction.atomic():
        before = {"approved": False, "approval_reason": source.approval_reason}
        source.approved = True
        source.next_run_at = timezone.now()
        source.save(update_fields=["approved", "next_run_at"])
        audit_record(
            actor=by,
            action=Action.SOURCE_APPROVE,
            target=source,
            before=before,
            after={"approved": True},
            reason=source.approval_reason,
        )
    return source


def _source_address_check(url: str) -> None:
    """Refuse a URL whose host is, or resolves to, a non-public address (400 naming `url`).

    A host that does not resolve now is accepted: the fetcher's guard checks every address it connects to, so a
    name that later resolves to a private address is refused at crawl time all the same.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise ValidationError({"url": [_("The port of this address is not valid.")]}) from exc
    try:
        addresses = system_resolver(host, port)
    except (OSError, UnicodeError):
        return
    for address in addresses:
        refusal = address_refusal(address, port)
        if refusal:
            raise ValidationError(
                {
                    "url": [
                        _("%(host)s is not a public internet address (%(reason)s); the crawler does not read it.")
                        % {"host": host, "reason": refusal}
                    ]
                }
            )


def source_fetch_config(source: CrawlSource) -> FetchConfig:
    """The fetch settings for one source: a company user's source gets no exception to the SSRF guard."""
    if source.operator_added:
        return FetchConfig.from_settings()
    return FetchConfig.from_settings(allowed_addresses=())


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


class SourceBusy(Exception):
    """Another worker is crawling this source right now (it has a running CrawlRun)."""


class _Heartbeat(threading.Thread):
    """Records that a run is alive every CRAWLER_HEARTBEAT_SECONDS until stopped, whatever the crawl is waiting for
    (a slow server, a Retry-After pause, a long transaction). It dies with its process, which is the point."""

    def __init__(self, run_id: int) -> None:
        super().__init__(name=f"crawl-heartbeat-{run_id}", daemon=True)
        self._run_id = run_id
        self._stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self._stopped.wait(settings.CRAWLER_HEARTBEAT_SECONDS):
                try:
                    CrawlRun.objects.filter(pk=self._run_id, outcome=Outcome.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError as exc:  # a busy database: the next beat tries again
                    log.warning("crawl run %s: heartbeat not recorded: %s", self._run_id, exc)
        finally:
            connections.close_all()  # this thread's own connections

    def stop(self) -> None:
        self._stopped.set()
        self.join(timeout=10)


def crawl_source(source: CrawlSource, *, fetcher: Fetcher | None = None) -> CrawlRun:
    """Crawl one source now and record what happened. Never raises for what a website does.

    Raises SourceBusy when the source has a running run already (two deliveries of one crawl never both run).
    """
    try:
        with transaction.atomic():
            run = CrawlRun.objects.create(source=source)
    except IntegrityError as exc:
        raise SourceBusy(f"source {source.pk} is being crawled") from exc
    heartbeat = _Heartbeat(run.pk)
    heartbeat.start()
    try:
        _crawl(run, source, fetcher)
    except BaseException as exc:
        # Whatever went wrong in this process (a bug, a time limit), the run does not stay "running".
        with contextlib.suppress(DatabaseError):  # if even this fails, reap_orphans closes the run later
            CrawlRun.objects.filter(pk=run.pk, outcome=Outcome.RUNNING).update(
                outcome=Outcome.FAILED,
                finished_at=timezone.now(),
                errors=[{"url": source.url, "reason": f"the crawl stopped: {type(exc).__name__}"}],
            )
        raise
    finally:
        heartbeat.stop()
    return run


def _crawl(run: CrawlRun, source: CrawlSource, fetcher: Fetcher | None) -> None:
    started = time.monotonic()
    own = fetcher is None
    fetcher = fetcher or Fetcher(source_fetch_config(source))
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
        # The field model is loaded (on a fresh machine: built, half a minute) before the write lock is taken.
        if result.postings:
            suggester()
        try:
            # All database writes of a run in one transaction: a crawl that fails halfway changes nothing.
            with transaction.atomic():
                upserted = upsert_postings(source=source, postings=result.postings)
                unresolved_places_record(source=source, counts=upserted.unresolved_places)
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
            run.place_reviews = upserted.place_reviews
            if not result.complete and not result.postings:
                errors.append({"url": source.url, "reason": "no postings found on the page; nothing was closed"})
            run.outcome = Outcome.OK if not errors else Outcome.PARTIAL
    _finish(run, source, result.etag, result.last_modified, errors, fetcher, started)


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
    # Not heartbeat_at: the heartbeat thread writes that one.
    run.save(update_fields=[f.name for f in CrawlRun._meta.concrete_fields if f.name not in ("id", "heartbeat_at")])
    if run.outcome == Outcome.FAILED:
        source.consecutive_failures += 1
    else:
        source.consecutive_failures = 0
        source.etag, source.last_modified = etag[:500], last_modified[:100]
    source.next_run_at = now + source.interval
    with transaction.atomic():
        source.save(update_fields=["consecutive_failures", "etag", "last_modified", "next_run_at"])
        _tell_if_failing([source])
    log.info("crawl %s: %s (%d found, %d new, %d closed)", source, run.outcome, run.found, run.new, run.closed)


def _tell_if_failing(sources: Iterable[CrawlSource]) -> None:
    """The company hears once when its source has failed CRAWLER_FAILURE_MAIL_AFTER runs in a row: the count passes
    that number once, and only a healthy run (which resets it) lets it reach it again."""
    for source in sources:
        if source.consecutive_failures == settings.CRAWLER_FAILURE_MAIL_AFTER:
            mail_crawl_failing(source=source)


def crawl_source_by_id(source_id: int, *, claimed: bool = False) -> CrawlRun | None:
    """Claim, crawl, release; None when the source is gone or held by another worker."""
    if not claimed and not source_claim(source_id):
        return None
    try:
        source = CrawlSource.objects.select_related("company").filter(pk=source_id).first()
        return crawl_source(source) if source is not None else None
    except SourceBusy:
        return None  # the worker holding it releases the lock, or reap_orphans does if that worker is gone
    finally:
        source_release(source_id)


def runs_reap_orphans(*, now: datetime.datetime | None = None) -> int:
    """Close the running runs whose worker is gone (no heartbeat for CRAWLER_HEARTBEAT_TIMEOUT) as failed, and
    release their sources so the crawl can run again. Returns how many runs were closed."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.CRAWLER_HEARTBEAT_TIMEOUT)
    with transaction.atomic():
        orphans = list(
            CrawlRun.objects.select_for_update()
            .select_related("source")
            .filter(outcome=Outcome.RUNNING, heartbeat_at__lt=cutoff)
        )
        for run in orphans:
            run.outcome = Outcome.FAILED
            run.finished_at = now
            run.duration = round((now - run.started_at).total_seconds(), 3)
            last_seen = timezone.localtime(run.heartbeat_at)
            run.errors = [
                *run.errors,
                {"url": run.source.url, "reason": f"worker lost: no sign of life since {last_seen:%H:%M:%S}"},
            ]
            run.save(update_fields=["outcome", "finished_at", "duration", "errors"])
            log.warning("crawl run %s of source %s: worker lost, closed as failed", run.pk, run.source_id)
        # The source may be crawled again at once: its lock goes, and it is due now.
        CrawlSource.objects.filter(pk__in={run.source_id for run in orphans}).update(
            locked_until=None,
            next_run_at=Least(F("next_run_at"), Value(now)),
            consecutive_failures=F("consecutive_failures") + 1,
        )
        _tell_if_failing(
            CrawlSource.objects.select_related("company").filter(pk__in={run.source_id for run in orphans})
        )
    return len(orphans)


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
