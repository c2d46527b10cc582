"""Every write to a posting goes through here: validate, sanitize, save, change status, then update the index.

Manual edits, the API, the pages, crawler imports and moderation all call these functions, so the rules,
the sanitizing, expiry and the search index are handled in one place (see DESIGN.md, "One way in").
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import SYSTEM, audit_record
from companies.models import Company
from config.caching import Generation, bump
from notifications.services import mail_posting_rejected
from regions.models import Municipality

from .models import REVIEW_STATUSES, JobPosting, OccupationalArea, OccupationalField, Source, Status, Workplace
from .sanitize import sanitize_html
from .validation import WRITABLE_FIELDS, posting_clean

KLDB_FIELDS_CSV = Path(__file__).resolve().parent / "data" / "kldb2010_fields.csv"
CREATE_STATUSES = (Status.DRAFT, Status.PUBLISHED)
# What a new posting says where its author said nothing.
CREATE_DEFAULTS: dict[str, Any] = {
    "status": Status.DRAFT,
    "remote": "none",
    "offer_type": "job",
    "contract": "permanent",
    "salary_currency": "EUR",
    "employment_types": [],
}


def _expires_on(date_posted: datetime.date, valid_through: datetime.date | None) -> datetime.date:
    if valid_through is not None:
        return valid_through
    return date_posted + datetime.timedelta(days=settings.JOBS_DEFAULT_VALIDITY_DAYS)


def posting_content_hash(data: dict[str, Any]) -> str:
    """A stable digest of what a posting says, so an unchanged re-import is recognised and not rewritten."""
    payload = {k: data.get(k) for k in WRITABLE_FIELDS if k != "status"}
    if payload.get("starts_on") is None:
        # Added later: without a start date a posting keeps the digest it had, so re-imports do not rewrite it.
        payload.pop("starts_on", None)
    payload["workplaces"] = [
        {
            "municipality": str(w.get("municipality")),
            "postal_code": w.get("postal_code") or "",
            "street": w.get("street") or "",
        }
        for w in data.get("workplaces") or []
    ]
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _postings_changed(posting_ids: Iterable[int]) -> None:
    """Every service that changes what a posting list can show ends here. Cached lists and pages built from
    postings go stale at once (and again on commit). The changed postings are recorded in the search outbox within
    this transaction, and the index update is enqueued once it has committed: a broker that loses the message loses
    nothing (the periodic drain indexes the rows)."""
    from search.indexing import index_update_enqueue, outbox_record

    bump(Generation.POSTINGS)
    ids = outbox_record(posting_ids)  # in the caller's transaction: the row commits or rolls back with the write
    if ids:
        transaction.on_commit(lambda: index_update_enqueue(ids))


def _apply(job: JobPosting, cleaned: dict[str, Any], *, base_url: str | None) -> None:
    for name in (
        "title", "remote", "field", "employment_types", "offer_type", "contract", "salary_min", "salary_max",
        "salary_currency", "salary_period", "apply_url", "apply_email", "date_posted", "valid_through", "starts_on",
    ):  # fmt: skip
        if name in cleaned:
            setattr(job, name, cleaned[name])
    job.salary_period = job.salary_period or ""
    job.description = sanitize_html(cleaned.get("description") or "", base_url=base_url)
    job.expires_on = _expires_on(job.date_posted, job.valid_through)


def _save_workplaces(job: JobPosting, workplaces: list[dict[str, Any]]) -> None:
    job.workplaces.all().delete()
    Workplace.objects.bulk_create([Workplace(posting=job, **wp) for wp in workplaces])


def _check_status_allowed(company: Company, status: str) -> None:
    if status == Status.PUBLISHED and not company.is_approved:
        raise ValidationError(
            {"status": [_("Your company is not approved yet: you can save drafts, but not publish.")]}
        )


def posting_data_of(job: JobPosting, *, workplaces: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The write shape of a stored posting (the basis a partial update is merged onto).

    `workplaces`: their write shape when already known (no query).
    """
    if workplaces is None:
        workplaces = [
            {"municipality": w.municipality_id, "postal_code": w.postal_code, "street": w.street}
            for w in job.workplaces.all()
        ]
    return {
        "title": job.title,
        "description": job.description,
        "workplaces": workplaces,
        "remote": job.remote,
        "field": job.field_id,
        "employment_types": list(job.employment_types),
        "offer_type": job.offer_type,
        "contract": job.contract,
        "salary_min": job.salary_min,
        "salary_max": job.salary_max,
        "salary_currency": job.salary_currency,
        "salary_period": job.salary_period,
        "apply_url": job.apply_url,
        "apply_email": job.apply_email,
        "date_posted": job.date_posted,
        "valid_through": job.valid_through,
        "starts_on": job.starts_on,
        "status": job.status,
    }


def _audit_state(job: JobPosting, stored: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the audit trail compares before and after a change: the write shape plus the moderation fields.

    `stored` is the write shape when already read (saves reading the workplaces again).
    """
    return {**(stored if stored is not None else posting_data_of(job)), "rejection_reason": job.rejection_reason}


def job_create(
    *,
    company: Company,
    data: dict[str, Any],
    by: Any = None,
    source: str = Source.MANUAL,
    source_ref: str = "",
    external_id: str = "",
    source_url: str = "",
    base_url: str | None = None,
    place_pending: bool = False,
) -> JobPosting:
    """`place_pending`: a crawled draft whose place a person is still to pick (crawlers.PlaceReview)."""
    data = {**CREATE_DEFAULTS, **{k: v for k, v in data.items() if v is not None or k not in CREATE_DEFAULTS}}
    cleaned = posting_clean(data, allowed_status=CREATE_STATUSES, company=company, place_pending=place_pending)
    _check_status_allowed(company, cleaned["status"])
    with transaction.atomic():
        job = JobPosting(
            company=company, source=source, source_ref=source_ref, external_id=external_id, source_url=source_url
        )
        _apply(job, cleaned, base_url=base_url)
        job.status = cleaned["status"]
        job.content_hash = posting_content_hash(data)
        if job.status == Status.PUBLISHED:
            job.published_at = timezone.now()
        job.save()
        _save_workplaces(job, cleaned["workplaces"])
        audit_record(actor=by, action=Action.POSTING_CREATE, target=job, after=_audit_state(job))
        _postings_changed([job.pk])
    return job


def _update_action(was: str, now: str) -> Action:
    if was != now and now == Status.PUBLISHED:
        return Action.POSTING_PUBLISH if was == Status.DRAFT else Action.POSTING_RENEW
    return Action.POSTING_UPDATE


def job_check_editable(*, job: JobPosting, by: Any = None) -> None:
    """Refuse (ValidationError naming status) an edit that `by` may not make: every way in asks this one rule."""
    if not job.is_editable_by(by):
        raise ValidationError({"status": [_("This posting can only be changed by the operator.")]}, code="not_editable")


def job_update_statuses(job: JobPosting) -> tuple[str, ...]:
    """The statuses an edit may give a posting: draft or published, or the one it has (a closed posting edited
    stays closed until it is renewed). A rejected posting or one waiting for review keeps its status: only
    job_resubmit and the operator move it."""
    if job.status in REVIEW_STATUSES:
        return (job.status,)
    return CREATE_STATUSES if job.status in CREATE_STATUSES else (job.status, *CREATE_STATUSES)


def job_update(
    *, job: JobPosting, data: dict[str, Any], by: Any = None, base_url: str | None = None, place_pending: bool = False
) -> JobPosting:
    """Change a posting; `data` may be partial. Status may move between draft and published here, and a closed or
    expired posting may be edited (staying so) or published again. `place_pending` as in job_create."""
    job_check_editable(job=job, by=by)
    stored = posting_data_of(job)
    merged = {**stored, **data}
    allowed = job_update_statuses(job)
    publishing = merged.get("status") == Status.PUBLISHED and job.status != Status.PUBLISHED
    cleaned = posting_clean(
        merged,
        allowed_status=allowed,
        check_past="valid_through" in data or publishing,
        company=job.company,
        given=data,
        place_pending=place_pending,
    )
    if cleaned["status"] != job.status:
        _check_status_allowed(job.company, cleaned["status"])
    with transaction.atomic():
        was = job.status
        before = _audit_state(job, stored)
        _apply(job, cleaned, base_url=base_url)
        job.status = cleaned["status"]
        if was != Status.PUBLISHED and job.status == Status.PUBLISHED:
            job.published_at = timezone.now()
            job.closed_at = None
        job.content_hash = posting_content_hash(merged)
        job.save()
        workplaces = stored["workplaces"]
        if "workplaces" in data:
            _save_workplaces(job, cleaned["workplaces"])
            getattr(job, "_prefetched_objects_cache", {}).pop("workplaces", None)  # read the new ones below
            workplaces = posting_data_of(job)["workplaces"]
        after = _audit_state(job, posting_data_of(job, workplaces=workplaces))
        if after != before:  # an unchanged save (e.g. a form sent as it was) is no event
            audit_record(actor=by, action=_update_action(was, job.status), target=job, before=before, after=after)
        _postings_changed([job.pk])
    return job


def job_publish(*, job: JobPosting, by: Any = None) -> JobPosting:
    return job_update(job=job, data={"status": Status.PUBLISHED}, by=by)


def job_close(*, job: JobPosting, by: Any = None) -> JobPosting:
    if job.status == Status.CLOSED:
        return job
    if not job.is_closable:
        raise ValidationError(
            {"status": [_("Only a draft or a published posting that has not expired can be closed.")]},
            code="not_closable",
        )
    with transaction.atomic():
        was = job.status
        job.status = Status.CLOSED
        job.closed_at = timezone.now()
        job.save(update_fields=["status", "closed_at", "updated_at"])
        audit_record(
            actor=by, action=Action.POSTING_CLOSE, target=job, before={"status": was}, after={"status": job.status}
        )
        _postings_changed([job.pk])
    return job


def job_renew(*, job: JobPosting, by: Any = None, days: int | None = None) -> JobPosting:
    """Publish a closed or expired posting again for another validity period from today."""
    if not job.is_renewable:
        raise ValidationError({"status": [_("Only a closed or expired posting can be renewed.")]})
    today = timezone.localdate()
    days = days or settings.JOBS_DEFAULT_VALIDITY_DAYS
    return job_update(
        job=job,
        data={"status": Status.PUBLISHED, "date_posted": today, "valid_through": today + datetime.timedelta(days=days)},
        by=by,
    )


def job_approve(*, job: JobPosting, by: Any = None) -> JobPosting:
    """The operator publishes a posting its company resubmitted after a rejection (IN_REVIEW → PUBLISHED): audited
    and indexed like any publication; the old rejection reason goes."""
    if job.status != Status.IN_REVIEW:
        raise ValidationError({"status": [_("Only a posting waiting for review can be approved.")]})
    _check_status_allowed(job.company, Status.PUBLISHED)
    if job.expires_on < timezone.localdate():
        raise ValidationError({"valid_through": [_("Its validity has ended: its company must extend it first.")]})
    with transaction.atomic():
        before = {"status": job.status, "rejection_reason": job.rejection_reason}
        job.status = Status.PUBLISHED
        job.rejection_reason = ""
        job.published_at = timezone.now()
        job.closed_at = None
        job.save(update_fields=["status", "rejection_reason", "published_at", "closed_at", "updated_at"])
        audit_record(
            actor=by,
            action=Action.POSTING_PUBLISH,
            target=job,
            before=before,
            after={"status": job.status, "rejection_reason": ""},
            reason="reviewed",
        )
        _postings_changed([job.pk])
    return job


def job_reject(*, job: JobPosting, reason: str, by: Any = None) -> JobPosting:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"rejection_reason": [_("Say why the posting is rejected.")]})
    with transaction.atomic():
        before = {"status": job.status, "rejection_reason": job.rejection_reason}
        job.status = Status.REJECTED
        job.rejection_reason = reason
        job.closed_at = timezone.now()
        job.save(update_fields=["status", "rejection_reason", "closed_at", "updated_at"])
        audit_record(
            actor=by,
            action=Action.POSTING_REJECT,
            target=job,
            before=before,
            after={"status": job.status, "rejection_reason": reason},
            reason=reason,
        )
        _postings_changed([job.pk])
        mail_posting_rejected(job=job)  # the company learns why, with a link to edit it
    return job


def job_resubmit(*, job: JobPosting, by: Any = None) -> JobPosting:
    """Send a rejected posting (corrected by its company) back to the operator: rejected → waiting for review.

    The reason it was rejected stays on the posting and in the audit trail until the operator decides again."""
    if not job.is_resubmittable:
        raise ValidationError(
            {"status": [_("Only a rejected posting can be resubmitted for review.")]}, code="not_resubmittable"
        )
    with transaction.atomic():
        was = job.status
        job.status = Status.IN_REVIEW
        job.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=by,
            action=Action.POSTING_RESUBMIT,
            target=job,
            before={"status": was, "rejection_reason": job.rejection_reason},
            after={"status": job.status, "rejection_reason": job.rejection_reason},
        )
        _postings_changed([job.pk])
    return job


def job_delete(*, job: JobPosting, by: Any = None) -> None:
    if not job.is_deletable:
        raise ValidationError({"status": [_("Only drafts can be deleted; close a published posting instead.")]})
    pk = job.pk
    with transaction.atomic():
        audit_record(actor=by, action=Action.POSTING_DELETE, target=job, before=_audit_state(job))
        job.delete()
        _postings_changed([pk])


def jobs_expire(*, today: datetime.date | None = None) -> int:
    """Mark published postings past their expiry as expired; returns how many."""
    today = today or timezone.localdate()
    with transaction.atomic():
        due = list(JobPosting.objects.due_to_expire(today).only("pk", "title", "status", "expires_on"))
        ids = [job.pk for job in due]
        JobPosting.objects.filter(pk__in=ids).update(status=Status.EXPIRED, closed_at=timezone.now())
        for job in due:
            audit_record(
                actor=SYSTEM,
                action=Action.POSTING_EXPIRE,
                target=job,
                before={"status": job.status},
                after={"status": Status.EXPIRED},
                reason=f"expires_on {job.expires_on.isoformat()}",
            )
        _postings_changed(ids)
    return len(ids)


def database_statistics_refresh(*, using: str = "default") -> None:
    """Refresh the query planner's statistics of the tables the public list reads. SQLite keeps none until ANALYZE,
    and without them takes the status/expiry index and sorts every visible row for each page instead of reading the
    page from the index of its ordering. Run after migrate, nightly and after big imports (PostgreSQL's autovacuum
    catches up by itself, but only later)."""
    connection = connections[using]
    # On PostgreSQL VACUUM also marks the pages whose rows all are visible, so that an index-only scan (a deep page's
    # keys) need not visit the table: 4x faster at 100k postings right after an import. It cannot run in a transaction.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    command = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        for model in (JobPosting, Workplace, Company, Municipality):
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def jobs_reindex_company(*, company: Company) -> None:
    """A company changed (approval, name, …): its postings appear in, vanish from or change in search and lists."""
    _postings_changed(company.postings.values_list("pk", flat=True))


@transaction.atomic
def occupational_fields_load(*, path: Path = KLDB_FIELDS_CSV) -> int:
    """Create or update the KldB 2010 occupational areas and fields from a CSV (code, name, area_code, area_name);
    the search and the crawler's normalizer know a new field at once. Idempotent; the number of fields read."""
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        OccupationalArea.objects.update_or_create(code=row["area_code"], defaults={"name": row["area_name"]})
        OccupationalField.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "area_id": row["area_code"]}
        )
    bump(Generation.REFERENCE)
    return len(rows)
