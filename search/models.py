"""Bookkeeping only: the postings waiting to be indexed. The index itself is not in this database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class _Outbox(models.Model):
    """An outbox row's bookkeeping; each document kind adds its unique id column (see search.indexing)."""

    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    # Changes with every new write of the object: an update only removes rows it has seen in this state.
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["created_at"]


class PendingIndexUpdate(_Outbox):
    """A posting whose index entry must be brought up to date: the transactional outbox of the search index.

    A row is written in the same transaction as the posting change (jobs.services), so a lost broker message or a
    crash loses nothing: the index task deletes the rows it handled, the periodic drain indexes the ones left over,
    and a failed update (engine down) stays here with its error until a later attempt succeeds.
    """

    posting_id = models.BigIntegerField(_("posting id"), unique=True)

    class Meta(_Outbox.Meta):
        verbose_name = _("pending index update")
        verbose_name_plural = _("pending index updates")

    def __str__(self) -> str:
        return gettext("posting %(id)d (%(n)d failed attempts)") % {"id": self.posting_id, "n": self.attempts}


class PendingProfileIndexUpdate(_Outbox):
    """A seeker profile whose index entry must be brought up to date: the profiles' outbox, as PendingIndexUpdate is
    the postings' (written in the transaction of the profile change by profiles.services)."""

    profile_id = models.BigIntegerField(_("profile id"), unique=True)

    class Meta(_Outbox.Meta):
        verbose_name = _("pending profile index update")
        verbose_name_plural = _("pending profile index updates")

    def __str__(self) -> str:
        return gettext("profile %(id)d (%(n)d failed attempts)") % {"id": self.profile_id, "n": self.attempts}
