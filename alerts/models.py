"""Job alerts: a saved job search that mails its new postings daily or weekly, and what each one has sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NAME_MAX = 100
# A paused alert sends nothing: its address failed this many times in a row (bounced or refused).
MAX_FAILURES = 3
# A digest lists at most this many postings, then links to the full search.
DIGEST_MAX_POSTINGS = 20
# An alert a guest has not confirmed by the link in the confirmation mail is deleted after this many hours.
UNCONFIRMED_HOURS = 48


class Frequency(models.TextChoices):
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")


# Days between two digests of each frequency.
FREQUENCY_DAYS = {Frequency.DAILY: 1, Frequency.WEEKLY: 7}


class Alert(models.Model):
    """A saved search. A signed-in seeker's alert mails their account's address; a guest's alert mails the address
    given, once it is confirmed (double opt-in). `params` are the job search's own request parameters, validated by
    search.query.SearchQuery.from_params."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="job_alerts"
    )
    email = models.EmailField(_("e-mail address"), blank=True)  # a guest's; empty for a user's alert
    name = models.CharField(_("name"), max_length=NAME_MAX)
    params = models.JSONField(_("search"), default=dict)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Postings published after this instant are new to the alert: the start of the next digest's window.
    watermark = models.DateTimeField()
    # The local day (Europe/Berlin) of the last run that handled the alert: the next is due FREQUENCY_DAYS later.
    last_run_on = models.DateField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)
    paused_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["confirmed_at", "paused_at", "last_run_on"], name="alert_due")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.paused_at is None


class Delivery(models.Model):
    """One digest of an alert, recorded before it is sent: `key` (alert and window start) makes it idempotent, so a run
    repeated after a crash neither sends a digest twice nor loses one (a pending row is sent by the next run)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    key = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The postings listed, newest first, as the mail shows them (id, title, company, places): a digest sent again
    # after a crash shows what was recorded. `total`: how many were new in all (more than listed: a link to all).
    items = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="alert_delivery_status")]

    def __str__(self) -> str:
        return self.key


class SentPosting(models.Model):
    """A posting an alert has listed: never listed by that alert again."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="sent_postings")
    posting_id = models.BigIntegerField()
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="sent_postings")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "posting_id"], name="alert_sent_posting_once")]

    def __str__(self) -> str:
        return f"{self.alert_id}:{self.posting_id}"
