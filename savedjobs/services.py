"""Writes of the saved-jobs list: the one place that judges a save, for the pages and the API alike."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jobs.models import JobPosting

from .models import SAVED_JOBS_MAX, SavedJob

# The largest primary key a database column holds (SQLite and PostgreSQL bigint): a larger number is no posting, and
# must not reach a query (SQLite raises OverflowError on a foreign-key filter with it).
_MAX_ID = 2**63 - 1


def posting_number(value: Any) -> int | None:
    """A posting's number as given in a request (an int, or a string of digits), or None; never a bool or a float."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and 0 < value <= _MAX_ID:
        return value
    return None


def saved_job_add(*, user: Any, posting_id: Any) -> tuple[SavedJob, bool]:
    """Put a visible posting on the user's list; (row, created). Saving one already saved changes nothing. A
    ValidationError naming `posting` for an unknown or not public posting, or a full list."""
    pk = posting_number(posting_id)
    if pk is None:
        raise ValidationError({"posting": [_("Give the number of a job posting.")]})
    existing = SavedJob.objects.filter(user=user, posting_id=pk).first()
    if existing is not None:
        return existing, False
    # Only what the public sees: the list never reveals that a draft or a rejected posting exists.
    if not JobPosting.objects.visible().filter(pk=pk).exists():
        raise ValidationError({"posting": [_("There is no public job posting with this number.")]})
    if SavedJob.objects.filter(user=user).count() >= SAVED_JOBS_MAX:
        raise ValidationError(
            {"posting": [_("Your list is full (%(max)d postings). Remove some first.") % {"max": SAVED_JOBS_MAX}]}
        )
    try:
        with transaction.atomic():
            return SavedJob.objects.create(user=user, posting_id=pk), True
    except IntegrityError:  # saved by a parallel request (a double click) in the meantime
        return SavedJob.objects.get(user=user, posting_id=pk), False


def saved_job_remove(*, user: Any, posting_id: int) -> bool:
    """Take a posting off the user's list; whether it was on it."""
    pk = posting_number(posting_id)
    if pk is None:
        return False
    deleted, _rows = SavedJob.objects.filter(user=user, posting_id=pk).delete()
    return deleted > 0


def saved_jobs_delete_all(*, user: Any) -> None:
    """The whole list (account deletion)."""
    SavedJob.objects.filter(user=user).delete()
