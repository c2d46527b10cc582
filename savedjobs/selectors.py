"""Reads of the saved-jobs list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from jobs.models import Status, Workplace

from .models import SavedJob


@dataclass(frozen=True)
class SavedState:
    """Whether a saved posting can still be applied for, and if not, why: what the list marks."""

    code: str  # "open", "closed" or "expired"

    @property
    def is_open(self) -> bool:
        return self.code == "open"


def saved_jobs_of(*, user: Any) -> QuerySet[SavedJob]:
    """The user's list, newest first, with what each entry shows."""
    return (
        SavedJob.objects.filter(user=user)
        .select_related("posting__company")
        .prefetch_related(Prefetch("posting__workplaces", queryset=Workplace.objects.select_related("municipality")))
    )


def saved_posting_ids(*, user: Any) -> list[int]:
    """The numbers of the postings on the user's list (what the pages mark as saved)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(SavedJob.objects.filter(user=user).values_list("posting_id", flat=True))


def saved_jobs_count(*, user: Any) -> int:
    return SavedJob.objects.filter(user=user).count()


def is_saved(*, user: Any, posting_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return SavedJob.objects.filter(user=user, posting_id=posting_id).exists()


def saved_state(saved: SavedJob) -> SavedState:
    """Open while the public sees the posting; otherwise expired (past its date, or marked so) or closed (by its
    company, or no longer public for any other reason: a withdrawn company, a posting back with the operator)."""
    posting = saved.posting
    if posting.is_visible:
        return SavedState("open")
    if posting.status == Status.EXPIRED or (
        posting.status == Status.PUBLISHED and posting.expires_on < timezone.localdate()
    ):
        return SavedState("expired")
    return SavedState("closed")
