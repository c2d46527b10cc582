"""Job postings, their workplaces, and the KldB 2010 occupational fields they are classified by."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company


class OccupationalArea(models.Model):
    """A KldB 2010 Berufsbereich (one digit)."""

    code = models.CharField(_("code"), max_length=1, primary_key=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupational area")
        verbose_name_plural = _("occupational areas")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class OccupationalField(models.Model):
    """A KldB 2010 Berufshauptgruppe (two digits), the field by which people search."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    area = models.ForeignKey(
        OccupationalArea, on_delete=models.PROTECT, related_name="fields", verbose_name=_("occupational area")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupational field")
        verbose_name_plural = _("occupational fields")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Remote(models.TextChoices):
    NONE = "none", _("On site")
    HYBRID = "hybrid", _("Hybrid")
    FULL = "full", _("Fully remote")


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    MINI_JOB = "mini_job", _("Mini-job")
    SHIFT = "shift", _("Shift, night or weekend work")


class OfferType(models.TextChoices):
    JOB = "job", _("Job")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship / dual study")
    INTERNSHIP = "internship", _("Internship / trainee")
    SELF_EMPLOYMENT = "self_employment", _("Self-employment")


class Contract(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed-term")


class SalaryPeriod(models.TextChoices):
    HOUR = "hour", _("per hour")
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")
    REJECTED = "rejected", _("Rejected")
    # A rejected posting its company edited and sent back: the operator publishes it (or rejects it again).
    IN_REVIEW = "in_review", _("Waiting for review")


# The postings their company may edit (pages, API and crawler alike; jobs.services.job_update enforces it). Closed
# and expired ones too: a company fixes an ended posting before renewing it, so it never goes public again stale, and
# renewing is itself such an edit (status back to published). A rejected posting too, and one waiting for review: the
# company corrects what the operator objected to, and the edit keeps the status (REVIEW_STATUSES), so the content never
# goes public without the operator; it is then resubmitted (RESUBMITTABLE_STATUSES) and the operator publishes it.
EDITABLE_STATUSES = (Status.DRAFT, Status.PUBLISHED, Status.CLOSED, Status.EXPIRED, Status.REJECTED, Status.IN_REVIEW)
# The statuses in the operator's hands: an edit keeps them (neither the company nor the crawler publishes from here).
REVIEW_STATUSES = (Status.REJECTED, Status.IN_REVIEW)
# What else may happen to a posting in each status (jobs.services enforces these; the company area offers exactly
# these buttons). A published posting is not renewed but edited: its validity can be changed there. An expired one
# (marked so, or published but past its expiry) is no longer public, so closing it changes nothing: it is renewed.
CLOSABLE_STATUSES = (Status.DRAFT, Status.PUBLISHED)
RENEWABLE_STATUSES = (Status.CLOSED, Status.EXPIRED)
# A rejected posting, edited or not, goes back to the operator: status in review (jobs.services.job_resubmit).
RESUBMITTABLE_STATUSES = (Status.REJECTED,)
DELETABLE_STATUSES = (Status.DRAFT,)  # a posting the public may have seen is closed instead, and stays on record


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    CRAWLER = "crawler", _("Imported by a crawler")


class JobPostingQuerySet(models.QuerySet["JobPosting"]):
    def visible(self, today: datetime.date | None = None) -> JobPostingQuerySet:
        """What the public sees: published, of an approved company, not past its expiry."""
        today = today or timezone.localdate()
        # The company's approval as EXISTS, not a join: with a join SQLite's planner may start from the companies and
        # sort every visible posting; this way a page of the public list is read in order from its index.
        approved = Company.objects.filter(pk=OuterRef("company_id"), status=Company.Status.APPROVED)
        return self.filter(Exists(approved), status=Status.PUBLISHED, expires_on__gte=today)

    def of_user(self, user: Any) -> JobPostingQuerySet:
        """Postings a user may edit: those of their companies (staff: all)."""
        if getattr(user, "is_staff", False):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(company__memberships__user=user)

    def due_to_expire(self, today: datetime.date | None = None) -> JobPostingQuerySet:
        today = today or timezone.localdate()
        return self.filter(status=Status.PUBLISHED, expires_on__lt=today)

    def with_employment_type(self, *types: str) -> JobPostingQuerySet:
        # employment_types is a JSON list; matching the quoted token works alike on SQLite and PostgreSQL.
        q = Q()
        for t in types:
            q |= Q(employment_types__icontains=f'"{t}"')
        return self.filter(q)


class JobPosting(models.Model):
    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="postings", verbose_name=_("company")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Sanitized HTML."))
    remote = models.CharField(_("remote work"), max_length=10, choices=Remote.choices, default=Remote.NONE)
    field = models.ForeignKey(
        OccupationalField,
        on_delete=models.PROTECT,
        related_name="postings",
        null=True,
        blank=True,
        verbose_name=_("occupational field"),
    )
    employment_types = models.JSONField(_("employment types"), default=list, blank=True)
    offer_type = models.CharField(_("offer type"), max_length=20, choices=OfferType.choices, default=OfferType.JOB)
    contract = models.CharField(_("contract"), max_length=20, choices=Contract.choices, default=Contract.PERMANENT)
    salary_min = models.DecimalField(_("salary from"), max_digits=10, decimal_places=2, null=True, blank=True)
    salary_max = models.DecimalField(_("salary to"), max_digits=10, decimal_places=2, null=True, blank=True)
    salary_currency = models.CharField(_("currency"), max_length=3, default="EUR")
    salary_period = models.CharField(
        _("salary period"), max_length=10, choices=SalaryPeriod.choices, blank=True, default=""
    )
    apply_url = models.URLField(_("apply URL"), max_length=500, blank=True)
    apply_email = models.EmailField(_("apply e-mail"), blank=True)
    date_posted = models.DateField(_("date posted"), default=timezone.localdate)
    valid_through = models.DateField(_("valid through"), null=True, blank=True)
    # When the work (an apprenticeship, a dual study, a job) begins, if the posting names a date.
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    # valid_through, or date_posted + the default validity: the one date expiry and visibility look at.
    expires_on = models.DateField(_("expires on"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True, db_index=True)
    external_id = models.CharField(_("external id"), max_length=200, blank=True)
    source_url = models.URLField(_("source URL"), max_length=1000, blank=True)
    content_hash = models.CharField(_("content fingerprint"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = JobPostingQuerySet.as_manager()

    class Meta:
        ordering = ["-date_posted", "-id"]
        indexes = [
            models.Index(fields=["status", "expires_on"], name="posting_status_expiry"),
            models.Index(fields=["company", "status"], name="posting_company_status"),
            models.Index(fields=["-date_posted", "-id"], name="posting_newest"),
            # One per ordering of the public list (jobs.filters): the status it is read for, the order, then the
            # rest of the visibility rule, so that a page's keys come from the index alone, in order, read up to the
            # page's end (either direction). Without them every visible row was fetched and sorted for each page.
            models.Index(fields=["status", "date_posted", "id", "expires_on", "company"], name="posting_public_date"),
            models.Index(fields=["status", "title", "expires_on", "company"], name="posting_public_title"),
            models.Index(fields=["status", "salary_min", "expires_on", "company"], name="posting_public_salary"),
            models.Index(fields=["status", "id", "expires_on", "company"], name="posting_public_id"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_ref", "external_id"],
                condition=~Q(external_id=""),
                name="uniq_posting_source_external_id",
            ),
        ]
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")

    def __str__(self) -> str:
        return self.title

    def is_editable_by(self, user: Any) -> bool:
        """Whether `user` (one of its company's members, or the operator) may change this posting's content."""
        return self.status in EDITABLE_STATUSES or bool(getattr(user, "is_staff", False))

    @property
    def is_editable(self) -> bool:
        """Whether its company may edit it (what the company area offers)."""
        return self.status in EDITABLE_STATUSES

    @property
    def is_closable(self) -> bool:
        """Draft or published and not past its expiry (an expired posting is renewed, not closed)."""
        if self.status == Status.PUBLISHED and self.expires_on < timezone.localdate():
            return False
        return self.status in CLOSABLE_STATUSES

    @property
    def is_resubmittable(self) -> bool:
        return self.status in RESUBMITTABLE_STATUSES

    @property
    def is_with_operator(self) -> bool:
        """Rejected or waiting for review: the operator decides whether it goes public."""
        return self.status in REVIEW_STATUSES

    @property
    def is_renewable(self) -> bool:
        return self.status in RENEWABLE_STATUSES

    @property
    def is_deletable(self) -> bool:
        return self.status in DELETABLE_STATUSES

    @property
    def is_visible(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.company.status == "approved"
            and self.expires_on >= timezone.localdate()
        )


class Workplace(models.Model):
    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="workplaces")
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, related_name="workplaces", verbose_name=_("municipality")
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("workplace")
        verbose_name_plural = _("workplaces")

    def __str__(self) -> str:
        return " ".join(x for x in (self.street, self.postal_code, self.municipality.name) if x)
