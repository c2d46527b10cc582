"""Bookkeeping only: index updates that failed and wait to be retried. The index itself is not in this database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingIndexUpdate(models.Model):
    """A posting whose index update failed (engine down, timeout); retried until it succeeds."""

    posting_id = models.BigIntegerField(_("posting id"), unique=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("first failure"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last failure"), auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("pending index update")
        verbose_name_plural = _("pending index updates")

    def __str__(self) -> str:
        return f"posting {self.posting_id} ({self.attempts}×)"
