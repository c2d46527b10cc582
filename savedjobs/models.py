"""A seeker's list of postings they want to come back to (the "Gemerkt" list)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# How many postings one person may keep on the list: bounds what one account can store; far above real use.
SAVED_JOBS_MAX = 500


class SavedJob(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_jobs", verbose_name=_("user")
    )
    # A posting the public has seen is closed, never deleted (jobs.models.DELETABLE_STATUSES): it stays on the list,
    # marked as ended.
    posting = models.ForeignKey(
        "jobs.JobPosting", on_delete=models.CASCADE, related_name="saved_by", verbose_name=_("job posting")
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "posting"], name="uniq_saved_job_user_posting")]
        verbose_name = _("saved job")
        verbose_name_plural = _("saved jobs")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.posting_id}"
