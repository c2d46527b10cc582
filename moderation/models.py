"""The operator's desk: reports of postings by the public, searches that found nothing, and workplace places the
crawler could not map to the gazetteer. None of them holds a person's data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportReason(models.TextChoices):
    WRONG = "wrong", _("The information is wrong")
    EXPIRED = "expired", _("The position is no longer available")
    DISCRIMINATING = "discriminating", _("The posting discriminates")
    SPAM = "spam", _("Spam or not a real job")
    OTHER = "other", _("Something else")


class ReportResolution(models.TextChoices):
    DISMISSED = "dismissed", _("Dismissed")
    POSTING_REJECTED = "posting_rejected", _("Posting rejected")


class PostingReportQuerySet(models.QuerySet["PostingReport"]):
    def open(self) -> PostingReportQuerySet:
        return self.filter(resolved_at__isnull=True)


class PostingReport(models.Model):
    """A visitor's note that something is wrong with a public posting. Who sent it is not recorded."""

    posting = models.ForeignKey(
        "jobs.JobPosting", on_delete=models.CASCADE, related_name="reports", verbose_name=_("posting")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("details"), blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolution = models.CharField(_("resolution"), max_length=20, choices=ReportResolution.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    objects = PostingReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["posting", "resolved_at"], name="report_posting_open")]
        # The operator dashboard's own permission (the operator group has it; see moderation.roles).
        permissions = [("view_operator_dashboard", _("Can view the operator dashboard"))]
        verbose_name = _("posting report")
        verbose_name_plural = _("posting reports")

    def __str__(self) -> str:
        return f"{self.posting_id}: {self.reason}"


class SearchMiss(models.Model):
    """How often a search for these words found nothing on one day. Only the normalized words: no address, no user,
    no place of a person."""

    term = models.CharField(_("search words"), max_length=100)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        ordering = ["-day", "-count"]
        constraints = [models.UniqueConstraint(fields=["term", "day"], name="uniq_search_miss_term_day")]
        indexes = [models.Index(fields=["day", "term"], name="search_miss_day")]
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")

    def __str__(self) -> str:
        return f"{self.day} {self.term} ({self.count})"


class UnresolvedPlace(models.Model):
    """A workplace place a crawl source names that the gazetteer does not know (the place as the source wrote it,
    without its street)."""

    source = models.ForeignKey(
        "crawlers.CrawlSource", on_delete=models.CASCADE, related_name="unresolved_places", verbose_name=_("source")
    )
    text = models.CharField(_("place as given"), max_length=200)
    count = models.PositiveIntegerField(_("times seen"), default=0)
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-last_seen", "-id"]
        constraints = [models.UniqueConstraint(fields=["source", "text"], name="uniq_unresolved_place_source_text")]
        verbose_name = _("unresolved place")
        verbose_name_plural = _("unresolved places")

    def __str__(self) -> str:
        return self.text
