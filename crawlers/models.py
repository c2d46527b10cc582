"""Where the crawlers look for a company's vacancies (CrawlSource) and what one crawl saw and did (CrawlRun)."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.formatting import local_datetime


class Kind(models.TextChoices):
    AUTO = "auto", _("Detect automatically")
    JSONLD = "jsonld", _("schema.org JobPosting (JSON-LD, microdata, RDFa)")
    PERSONIO = "personio", _("Personio XML feed")
    GREENHOUSE = "greenhouse", _("Greenhouse job board API")
    LEVER = "lever", _("Lever postings API")
    SOFTGARDEN = "softgarden", _("softgarden JSON feed")
    DVINCI = "dvinci", _("d.vinci job list")
    RSS = "rss", _("RSS / Atom feed")
    HTML = "html", _("Plain HTML with CSS selectors")


class Outcome(models.TextChoices):
    RUNNING = "running", _("Running")
    OK = "ok", _("OK")
    PARTIAL = "partial", _("Partial")
    FAILED = "failed", _("Failed")


class CrawlSourceQuerySet(models.QuerySet["CrawlSource"]):
    def due(self, now: datetime.datetime | None = None) -> CrawlSourceQuerySet:
        """Enabled, approved sources whose next crawl time has come and that no worker holds right now."""
        now = now or timezone.now()
        return self.filter(enabled=True, approved=True, next_run_at__lte=now).exclude(locked_until__gt=now)

    def running(self, now: datetime.datetime | None = None) -> CrawlSourceQuerySet:
        return self.filter(locked_until__gt=now or timezone.now())


class CrawlSource(models.Model):
    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="crawl_sources", verbose_name=_("company")
    )
    url = models.URLField(_("URL"), max_length=1000)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.AUTO)
    # For kind=html: CSS selectors {"item", "title", "link", "place", "date"}; "item" scopes the others.
    selectors = models.JSONField(_("CSS selectors"), default=dict, blank=True)
    interval = models.DurationField(_("interval"), default=datetime.timedelta(hours=24))
    enabled = models.BooleanField(_("enabled"), default=True)
    # Only sources the operator added (admin, manage.py, the demo) may reach CRAWLER_ALLOWED_ADDRESSES; a company
    # user's source is checked at creation and crawled with no exception to the SSRF guard.
    operator_added = models.BooleanField(
        _("added by the operator"),
        default=False,
        help_text=_("Only such sources may reach the addresses named in CRAWLER_ALLOWED_ADDRESSES."),
    )
    # A company's source outside its own website's domain (and not its account on an ATS) waits for the operator:
    # crawlers.pipeline.source_add decides, source_approve approves; only approved sources are crawled.
    approved = models.BooleanField(_("approved"), default=True)
    approval_reason = models.CharField(_("why it needs approval"), max_length=300, blank=True)
    host = models.CharField(_("host"), max_length=255, editable=False, db_index=True)
    etag = models.CharField(_("ETag"), max_length=500, blank=True)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True)
    # Posting key → consecutive healthy runs in which it was missing; closing happens at CRAWLER_VANISH_RUNS.
    miss_counts = models.JSONField(_("consecutive misses"), default=dict, blank=True)
    # Keys of postings this source closed as vanished, so only those are reopened when they reappear.
    closed_keys = models.JSONField(default=list, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failed runs"), default=0)
    next_run_at = models.DateTimeField(_("next run"), default=timezone.now, db_index=True)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CrawlSourceQuerySet.as_manager()

    class Meta:
        ordering = ["company__name", "id"]
        constraints = [models.UniqueConstraint(fields=["company", "url"], name="uniq_crawl_source_company_url")]
        verbose_name = _("crawl source")
        verbose_name_plural = _("crawl sources")

    def __str__(self) -> str:
        return f"{self.company} – {self.url}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.host = (urlsplit(self.url).hostname or "").lower()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def source_ref(self) -> str:
        """What JobPosting.source_ref holds for postings imported from this source."""
        return f"crawl:{self.pk}"


class CrawlRun(models.Model):
    source = models.ForeignKey(CrawlSource, on_delete=models.CASCADE, related_name="runs", verbose_name=_("source"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    # Whether the source was read completely and well-formed: only such runs may close vanished postings.
    complete = models.BooleanField(_("complete"), default=False)
    not_modified = models.BooleanField(_("not modified (304)"), default=False)
    http_statuses = models.JSONField(_("HTTP statuses"), default=dict, blank=True)  # {"200": 5, "404": 1}
    pages_fetched = models.PositiveIntegerField(_("pages fetched"), default=0)
    bytes_fetched = models.PositiveBigIntegerField(_("bytes fetched"), default=0)
    found = models.PositiveIntegerField(_("postings found"), default=0)
    new = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    closed = models.PositiveIntegerField(_("closed"), default=0)
    skipped = models.PositiveIntegerField(_("skipped (expired)"), default=0)
    # Postings of this run held back because their place needs a person's pick (PlaceReview).
    place_reviews = models.PositiveIntegerField(_("places to review"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)  # [{"url", "reason"}]
    duration = models.FloatField(_("duration (s)"), null=True, blank=True)
    # Written every CRAWLER_HEARTBEAT_SECONDS while the run works; a running run without a recent one lost its worker.
    heartbeat_at = models.DateTimeField(_("last sign of life"), default=timezone.now)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["source", "-started_at"], name="crawlrun_source_recent"),
            models.Index(fields=["heartbeat_at"], condition=Q(outcome="running"), name="crawlrun_running_heartbeat"),
        ]
        constraints = [
            # Whatever delivers a crawl twice (a redelivered task, "crawl now", the dispatcher), one source is
            # never crawled by two workers at once.
            models.UniqueConstraint(
                fields=["source"], condition=Q(outcome="running"), name="one_running_run_per_source"
            )
        ]
        verbose_name = _("crawl run")
        verbose_name_plural = _("crawl runs")

    def __str__(self) -> str:
        return f"{self.source} @ {local_datetime(self.started_at)} ({self.get_outcome_display()})"


class PlaceReviewQuerySet(models.QuerySet["PlaceReview"]):
    def open(self) -> PlaceReviewQuerySet:
        return self.filter(municipality__isnull=True)


class PlaceReview(models.Model):
    """A crawled posting whose place the gazetteer could not settle (a postal code several municipalities share and
    no locality that tells them apart, or a name it does not know). The posting stays an unpublished draft until a
    person (its company or the operator) picks the municipality; the pick then stands for every later crawl that
    gives the same address (crawlers.upsert), and the posting goes live through jobs.services."""

    posting = models.OneToOneField(
        "jobs.JobPosting", on_delete=models.CASCADE, related_name="place_review", verbose_name=_("posting")
    )
    address = models.JSONField(_("address as given"), default=list)  # [{street, postal_code, locality, text, …}]
    address_text = models.CharField(_("address as given"), max_length=300)
    # AGS of the municipalities it may be (those sharing its postal code): offered first when picking.
    candidates = models.JSONField(_("candidates"), default=list, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality picked"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PlaceReviewQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at"], condition=Q(municipality__isnull=True), name="placereview_open")]
        verbose_name = _("place to review")
        verbose_name_plural = _("places to review")

    def __str__(self) -> str:
        return self.address_text

    @property
    def is_open(self) -> bool:
        return self.municipality_id is None
