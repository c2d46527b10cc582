"""Upsert crawled postings through jobs.services, and close those that vanished from a healthy source."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from audit.services import crawler_actor
from jobs import services
from jobs.models import REVIEW_STATUSES, JobPosting, Source, Status
from jobs.validation import posting_fit_limits

from .models import CrawlSource, PlaceReview
from .normalize import Gazetteer, normalize, resolve_places
from .services import place_review_drop, place_review_hold, place_review_settle_by_hand, place_review_workplace
from .types import RawPosting

OPEN = (Status.PUBLISHED, Status.DRAFT)
KEY_MAX = 200  # JobPosting.external_id


def posting_key(raw: RawPosting) -> str:
    """The posting's identity within its source (its id, else its URL), short enough for external_id."""
    key = raw.key.strip()
    if len(key) > KEY_MAX:
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key


def _reason(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError) and hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return "; ".join(getattr(exc, "messages", [str(exc)]))


@dataclass
class UpsertResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    seen: set[str] = field(default_factory=set)  # keys of postings present in the source (valid or not)
    errors: list[dict[str, str]] = field(default_factory=list)
    unresolved_places: dict[str, int] = field(default_factory=dict)  # place as given → times (Gazetteer.unresolved)
    place_reviews: int = 0  # postings held until a person picks their place (PlaceReview)


def upsert_postings(
    *, source: CrawlSource, postings: list[RawPosting], today: datetime.date | None = None
) -> UpsertResult:
    from django.utils import timezone

    today = today or timezone.localdate()
    company = source.company
    result = UpsertResult()
    jobs = list(JobPosting.objects.filter(source_ref=source.source_ref))
    by_key = {j.external_id: j for j in jobs}
    by_url = {j.source_url: j for j in jobs if j.source_url}
    desired = Status.PUBLISHED if company.is_approved else Status.DRAFT  # unapproved companies may only draft
    reopenable = set(source.closed_keys)
    gazetteer = Gazetteer()
    actor = crawler_actor(source)
    reviews = {r.posting_id: r for r in PlaceReview.objects.filter(posting__source_ref=source.source_ref)}
    for raw in postings:
        key = posting_key(raw)
        job = by_key.get(key) or by_url.get(raw.url)
        result.seen.add(key)
        if job is not None:
            result.seen.add(job.external_id)
        try:
            places = resolve_places(raw, gazetteer, company.municipality_id)
            data = normalize(
                raw, fallback_ags=company.municipality_id, gazetteer=gazetteer, today=today, resolved=places
            )
            question = places.question
            review = reviews.get(job.pk) if job is not None else None
            if question is not None and review is not None and review.is_open and job is not None:
                # Its company gave it a workplace by hand and published it: that is the person's pick.
                review = place_review_settle_by_hand(review=review, job=job)
            if (
                question is not None
                and review is not None
                and not review.is_open
                and review.address_text == question.text
            ):
                data["workplaces"] = [place_review_workplace(review)]  # a person picked it for this address
                question = None
            data = posting_fit_limits(data, company=company, today=today)  # clamp to the limits where sensible
            if data["valid_through"] is not None and data["valid_through"] < today:
                result.skipped += 1  # already over on the company's own page
                continue
            base_url = raw.base_url or raw.url or None
            held = question is not None
            if job is None:
                job = services.job_create(
                    company=company,
                    data={**data, "status": Status.DRAFT if held else desired},
                    source=Source.CRAWLER,
                    source_ref=source.source_ref,
                    external_id=key,
                    source_url=raw.url[:1000],
                    base_url=base_url,
                    by=actor,
                    place_pending=held,
                )
                by_key[key] = job
                result.new += 1
            else:
                changed = services.posting_content_hash(data) != job.content_hash
                status = _target_status(job, desired, changed=changed, reopenable=job.external_id in reopenable)
                if held and status == Status.PUBLISHED:
                    status = Status.DRAFT  # not public until a person picks its place
                if status is None or (not changed and status == job.status):
                    result.unchanged += 1
                else:
                    services.job_update(
                        job=job, data={**data, "status": status}, base_url=base_url, by=actor, place_pending=held
                    )
                    reopenable.discard(job.external_id)
                    result.updated += 1
            if question is not None and job.status == Status.DRAFT:
                place_review_hold(job=job, question=question)
                result.place_reviews += 1
            elif question is None and review is not None and review.is_open:
                place_review_drop(job=job)  # the source now names a place the gazetteer settles
        except (ValidationError, PermissionDenied) as exc:
            result.errors.append({"url": raw.url, "reason": f"{raw.title[:80]}: {_reason(exc)}"})
    result.unresolved_places = dict(gazetteer.unresolved)
    if reopenable != set(source.closed_keys):
        source.closed_keys = sorted(reopenable)
        source.save(update_fields=["closed_keys"])
    return result


def _target_status(job: JobPosting, desired: str, *, changed: bool, reopenable: bool) -> str | None:
    """What status a re-crawled posting should have; None leaves it alone (the operator or company decided)."""
    if job.status in REVIEW_STATUSES:  # the operator decides
        return None
    if job.status == Status.CLOSED:
        return desired if reopenable else None  # closed by the company itself: stays closed
    if job.status == Status.EXPIRED:
        return desired if changed else None
    if job.status == Status.DRAFT:
        return desired
    return job.status


def close_vanished(*, source: CrawlSource, seen: set[str], protected_urls: set[str]) -> int:
    """Count a miss for every open posting the complete source no longer lists; close at CRAWLER_VANISH_RUNS."""
    threshold = max(1, int(settings.CRAWLER_VANISH_RUNS))
    misses: dict[str, Any] = {}
    closed_keys = set(source.closed_keys)
    closed = 0
    for job in JobPosting.objects.filter(source_ref=source.source_ref, status__in=OPEN):
        if job.external_id in seen or (job.source_url and job.source_url in protected_urls):
            continue
        if not job.is_closable:
            continue  # past its expiry already: it is not public and expires (jobs_expire), not closed
        count = int(source.miss_counts.get(job.external_id, 0)) + 1
        if count >= threshold:
            services.job_close(job=job, by=crawler_actor(source))
            closed_keys.add(job.external_id)
            closed += 1
        else:
            misses[job.external_id] = count
    source.miss_counts = misses
    source.closed_keys = sorted(closed_keys)
    source.save(update_fields=["miss_counts", "closed_keys"])
    return closed
