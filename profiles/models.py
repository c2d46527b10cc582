"""The seeker's profile (modelled on the Federal Employment Agency's Bewerberprofil): what the person wants, where,
what they can, and who may see it.

Private data stays out of every projection: the name, e-mail address and phone number live on the user and the
profile and are shown only to approved companies of a `named` profile; the CV is a file in the private storage
(never under a public URL); the place is a municipality or a postal code, never an address.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models import Contract, EmploymentType, OfferType, Remote

__all__ = [
    "ContactRequest",
    "ContactStatus",
    "Contract",
    "EmploymentType",
    "OfferType",
    "Remote",
    "SeekerProfile",
    "Visibility",
]

MAX_OCCUPATIONS = 3
MAX_COMMUTE_KM = 200
DEFAULT_COMMUTE_KM = 30
MAX_EXPERIENCE_YEARS = 60
MAX_SKILLS = 30
SKILL_MAX_CHARS = 60
MAX_LANGUAGES = 12
HEADLINE_MAX = 150
OCCUPATION_TITLE_MAX = 120
ABOUT_MAX_CHARS = 5000
PHONE_MAX = 40
MAX_SALARY_EXPECTATION = 100_000  # EUR per month
MAX_BLOCKED_COMPANIES = 50


class Visibility(models.TextChoices):
    HIDDEN = "hidden", _("Hidden: nobody but you sees the profile")
    PSEUDONYMOUS = "pseudonymous", _("Pseudonymous: approved companies find it without your name and contact")
    NAMED = "named", _("With name: approved companies see your name and contact")


# Who can find a profile: every visibility but hidden.
FINDABLE = (Visibility.PSEUDONYMOUS, Visibility.NAMED)


class ContractPreference(models.TextChoices):
    ANY = "any", _("Either")
    PERMANENT = Contract.PERMANENT.value, Contract.PERMANENT.label
    FIXED_TERM = Contract.FIXED_TERM.value, Contract.FIXED_TERM.label


class SchoolQualification(models.TextChoices):
    NONE = "none", _("No school-leaving certificate")
    HAUPTSCHULE = "hauptschule", _("Hauptschulabschluss (lower secondary)")
    REALSCHULE = "realschule", _("Realschulabschluss / Mittlere Reife (intermediate secondary)")
    FACHHOCHSCHULREIFE = (
        "fachhochschulreife",
        _("Fachhochschulreife (entrance qualification for universities of applied sciences)"),
    )
    ABITUR = "abitur", _("Abitur (general higher education entrance qualification)")


class VocationalQualification(models.TextChoices):
    NONE = "none", _("No vocational qualification")
    APPRENTICESHIP = "apprenticeship", _("Vocational training (Berufsausbildung)")
    MASTER_TECHNICIAN = "master_technician", _("Master craftsman / state-certified technician (Meister/Techniker)")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master / Diplom")
    DOCTORATE = "doctorate", _("Doctorate (Promotion)")


# The vocational qualifications from the least to the highest: what a "at least this qualification" search orders.
QUALIFICATION_ORDER = (
    VocationalQualification.APPRENTICESHIP.value,
    VocationalQualification.MASTER_TECHNICIAN.value,
    VocationalQualification.BACHELOR.value,
    VocationalQualification.MASTER.value,
    VocationalQualification.DOCTORATE.value,
)


class LanguageLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("Native speaker")


class Licence(models.TextChoices):
    B = "B", _("Car (B)")
    BE = "BE", _("Car with trailer (BE)")
    C1 = "C1", _("Light truck (C1)")
    C = "C", _("Truck (C)")
    CE = "CE", _("Truck with trailer (CE)")
    D = "D", _("Bus (D)")
    FORKLIFT = "forklift", _("Forklift permit")


def private_storage() -> FileSystemStorage:
    """The CVs' storage: a folder outside MEDIA_ROOT without a URL, so no web server can hand a CV out; only the
    views that check who asks read it. (A callable: the folder is a setting, not part of the migrations.)"""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def _cv_path(instance: SeekerProfile, filename: str) -> str:
    # A random name: the original (often "Lebenslauf Max Mustermann.pdf") is a piece of personal data itself.
    return f"cv/{uuid.uuid4().hex}.pdf"


class SeekerProfile(models.Model):
    """One per seeker. The fields that take lists hold plain JSON values, checked by profiles.validation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seeker_profile", verbose_name=_("user")
    )
    # How companies, the index's hits and URLs name a candidate: opaque, never the user's or the row's id.
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    # What they want
    headline = models.CharField(_("headline"), max_length=HEADLINE_MAX, blank=True)
    # [{"title": "Zerspanungsmechaniker", "field": "24", "experience_years": 8}], one to three
    occupations = models.JSONField(_("occupations"), default=list, blank=True)
    offer_types = models.JSONField(_("offer types"), default=list, blank=True)
    employment_types = models.JSONField(_("employment types"), default=list, blank=True)
    contract = models.CharField(
        _("contract"), max_length=20, choices=ContractPreference.choices, default=ContractPreference.ANY
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    remote = models.CharField(_("remote work"), max_length=10, choices=Remote.choices, default=Remote.NONE)
    # Where
    home_municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home municipality"),
    )
    home_postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    commute_km = models.PositiveSmallIntegerField(
        _("commuting distance (km)"),
        default=DEFAULT_COMMUTE_KM,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_COMMUTE_KM)],
    )
    counties = models.ManyToManyField(
        "regions.County", blank=True, related_name="+", verbose_name=_("counties (instead of a distance)")
    )
    # Who they are professionally
    about = models.TextField(_("about me"), blank=True)
    school_qualification = models.CharField(
        _("school qualification"), max_length=30, choices=SchoolQualification.choices, blank=True
    )
    vocational_qualification = models.CharField(
        _("vocational qualification"), max_length=30, choices=VocationalQualification.choices, blank=True
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    # [{"code": "de", "level": "native"}, {"code": "en", "level": "B1"}]
    languages = models.JSONField(_("languages"), default=list, blank=True)
    licences = models.JSONField(_("driving licences and permits"), default=list, blank=True)
    salary_expectation = models.PositiveIntegerField(_("salary expectation (EUR per month)"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=PHONE_MAX, blank=True)
    cv = models.FileField(_("CV (PDF)"), storage=private_storage, upload_to=_cv_path, blank=True)
    cv_uploaded_at = models.DateTimeField(_("CV uploaded"), null=True, blank=True)
    # Who may see it
    visibility = models.CharField(_("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.HIDDEN)
    blocked_companies = models.ManyToManyField(
        "companies.Company", blank=True, related_name="+", verbose_name=_("blocked companies")
    )
    # Consent to publication: which version of the consent text, and when (empty while never given).
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set by every change the seeker makes (not by the system): what the retention rules count from.
    updated_at = models.DateTimeField(_("last updated by the seeker"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The reminder before an unchanged published profile is hidden (cleared by the next update).
    stale_reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("seeker profile")
        verbose_name_plural = _("seeker profiles")
        indexes = [models.Index(fields=["visibility", "updated_at"], name="profile_visibility_updated")]

    def __str__(self) -> str:
        # Never the person's name: admin lists, logs and the audit trail show this.
        return f"{_('Profile')} #{self.pk}"

    @property
    def is_findable(self) -> bool:
        return self.visibility in FINDABLE

    def occupation_titles(self) -> list[str]:
        return [str(o.get("title", "")) for o in self.occupations or [] if isinstance(o, dict)]


CONTACT_MESSAGE_MAX_CHARS = 2000


class ContactStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired without an answer")


class ContactRequest(models.Model):
    """A company asks a candidate to get in touch; the candidate's identity reaches it only when they accept.

    Deleted with the seeker's account (and with the company); the audit trail keeps who asked, answered and was
    shown whose identity, without the person's data."""

    # How the API and pages name a request: opaque, like the profile's public id.
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    profile = models.ForeignKey(
        SeekerProfile, on_delete=models.CASCADE, related_name="contact_requests", verbose_name=_("profile")
    )
    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="contact_requests", verbose_name=_("company")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    message = models.TextField(_("message"), max_length=CONTACT_MESSAGE_MAX_CHARS)
    posting = models.ForeignKey(
        "jobs.JobPosting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posting"),
    )
    status = models.CharField(_("status"), max_length=20, choices=ContactStatus.choices, default=ContactStatus.PENDING)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        constraints = [
            # One open request per company and candidate; answered and expired ones stay on record beside it.
            models.UniqueConstraint(
                fields=["company", "profile"],
                condition=models.Q(status=ContactStatus.PENDING),
                name="contact_one_open_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["company", "created_at"], name="contact_company_created"),
            models.Index(fields=["status", "expires_at"], name="contact_status_expiry"),
        ]

    def __str__(self) -> str:
        # Never the person's name: the audit trail and the admin show this.
        return f"{_('Contact request')} #{self.pk}: {self.company} → {_('Profile')} #{self.profile_id}"

    @property
    def is_open(self) -> bool:
        return self.status == ContactStatus.PENDING
