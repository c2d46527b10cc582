"""Writes of contact requests: a company asks a candidate to get in touch; the candidate accepts (and only then the
company learns who they are) or declines (and may block the company); unanswered requests expire.

Each write is one transaction, audited, with its mails sent when it commits.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record
from companies.models import Company, CompanyMembership
from jobs.models import JobPosting
from jobs.validation import strip_control_characters
from notifications.services import mail_contact_accepted, mail_contact_declined, mail_contact_requested

from .contact_selectors import profiles_reachable_by
from .models import CONTACT_MESSAGE_MAX_CHARS, ContactRequest, ContactStatus, SeekerProfile
from .services import profile_block_company

LIMIT_WINDOW = datetime.timedelta(hours=24)


class ContactRequestLimit(Exception):
    """The company has sent CONTACT_REQUESTS_PER_COMPANY_PER_DAY requests in the last 24 hours."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after  # seconds until the oldest of them is 24 hours old
        super().__init__(
            _("Your company has sent %(n)d contact requests in the last 24 hours, the most allowed.")
            % {"n": settings.CONTACT_REQUESTS_PER_COMPANY_PER_DAY}
        )


def _clean_message(value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError({"message": [_("Expected a text.")]})
    message = strip_control_characters(value).strip()
    if not message:
        raise ValidationError({"message": [_("Write a message to the candidate.")]})
    if len(message) > CONTACT_MESSAGE_MAX_CHARS:
        raise ValidationError({"message": [_("At most %(max)d characters.") % {"max": CONTACT_MESSAGE_MAX_CHARS}]})
    return message


def _check_posting(posting: JobPosting | None, company: Company) -> None:
    if posting is None:
        return
    if not JobPosting.objects.visible().filter(pk=posting.pk, company=company).exists():
        raise ValidationError({"posting": [_("Not one of your company's published postings.")]})


def _limit_check(company: Company, now: datetime.datetime) -> None:
    limit = settings.CONTACT_REQUESTS_PER_COMPANY_PER_DAY
    recent = ContactRequest.objects.filter(company=company, created_at__gt=now - LIMIT_WINDOW)
    stamps = list(recent.order_by("created_at").values_list("created_at", flat=True))
    if len(stamps) < limit:
        return
    # One more is allowed once fewer than `limit` are younger than 24 hours (the oldest of them, at the limit).
    wait = (stamps[len(stamps) - limit] + LIMIT_WINDOW - now).total_seconds()
    raise ContactRequestLimit(retry_after=max(1, math.ceil(wait)))


def contact_request_send(
    *, company: Company, profile: SeekerProfile, message: Any, posting: JobPosting | None = None, by: Any
) -> ContactRequest:
    """Ask the candidate of `profile` to get in touch on behalf of `company`, which `by` is a member of.

    Raises PermissionDenied (not a member of an approved company), SeekerProfile.DoesNotExist (hidden, blocking the
    company: told as if unknown), ValidationError naming the field (message, posting; an open request exists) or
    ContactRequestLimit."""
    if not company.is_approved or not CompanyMembership.objects.filter(user=by, company=company).exists():
        raise PermissionDenied(_("Only members of an approved company can ask candidates to get in touch."))
    with transaction.atomic():
        # One company's requests one after the other: the daily limit and the one open request hold under races.
        company = Company.objects.select_for_update().get(pk=company.pk)
        if not company.is_approved:
            raise PermissionDenied(_("Only members of an approved company can ask candidates to get in touch."))
        if not profiles_reachable_by(company=company).filter(pk=profile.pk).exists():
            raise SeekerProfile.DoesNotExist
        text = _clean_message(message)
        _check_posting(posting, company)
        now = timezone.now()
        if ContactRequest.objects.filter(company=company, profile=profile, status=ContactStatus.PENDING).exists():
            raise ValidationError(
                {"non_field_errors": [_("Your company has asked this candidate already; the request is still open.")]}
            )
        _limit_check(company, now)
        request = ContactRequest.objects.create(
            profile=profile,
            company=company,
            sent_by=by,
            message=text,
            posting=posting,
            status=ContactStatus.PENDING,
            created_at=now,
            expires_at=now + datetime.timedelta(days=settings.CONTACT_REQUEST_EXPIRY_DAYS),
        )
        audit_record(
            actor=by,
            action=Action.CONTACT_REQUEST,
            target=request,
            after={"company": company.slug, "posting": posting.pk if posting else None, "status": request.status},
        )
        mail_contact_requested(request=request)
    return request


def _answerable(request: ContactRequest, by: Any, now: datetime.datetime) -> ContactRequest:
    """The request, locked, if `by` is its candidate and it is still open; else PermissionDenied/ValidationError."""
    locked = ContactRequest.objects.select_for_update().select_related("company", "profile__user").get(pk=request.pk)
    if locked.profile.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("Only the candidate answers a contact request."))
    if locked.status != ContactStatus.PENDING:
        raise ValidationError(
            {"status": [_("This request is answered already (%(status)s).") % {"status": locked.get_status_display()}]}
        )
    if locked.expires_at <= now:
        raise ValidationError({"status": [_("This request has expired.")]})
    return locked


def contact_request_accept(*, request: ContactRequest, by: Any) -> ContactRequest:
    """The candidate agrees: the company sees their name, e-mail address and phone from now on, and its members get
    them by mail. The reveal is recorded (which company, whose profile, when)."""
    with transaction.atomic():
        now = timezone.now()
        request = _answerable(request, by, now)
        if not request.company.is_approved:
            raise ValidationError({"status": [_("This company cannot be contacted through regiojobs at the moment.")]})
        if request.profile.blocked_companies.filter(pk=request.company_id).exists():
            # Blocked after the request came: accepting would mail the name to a company the seeker shut out.
            raise ValidationError({"status": [_("You have blocked this company; unblock it first to accept.")]})
        request.status, request.answered_at = ContactStatus.ACCEPTED, now
        request.save(update_fields=["status", "answered_at"])
        audit_record(
            actor=by,
            action=Action.CONTACT_ACCEPT,
            target=request,
            before={"status": ContactStatus.PENDING},
            after={"status": request.status},
        )
        audit_record(
            actor=by,
            action=Action.IDENTITY_REVEAL,
            target=request.profile,
            after={"company": request.company.slug, "contact_request": str(request.public_id)},
        )
        mail_contact_accepted(request=request)
    return request


def contact_request_decline(*, request: ContactRequest, by: Any, block_company: bool = False) -> ContactRequest:
    """The candidate declines; the company gets a neutral notice (the same when it is blocked as well). With
    `block_company` the profile blocks the company: it never finds or asks them again."""
    with transaction.atomic():
        now = timezone.now()
        request = _answerable(request, by, now)
        request.status, request.answered_at = ContactStatus.DECLINED, now
        request.save(update_fields=["status", "answered_at"])
        audit_record(
            actor=by,
            action=Action.CONTACT_DECLINE,
            target=request,
            before={"status": ContactStatus.PENDING},
            after={"status": request.status},
        )
        if block_company:
            profile_block_company(profile=request.profile, company=request.company, by=by)
        mail_contact_declined(request=request)
    return request


def contact_requests_expire(*, now: datetime.datetime | None = None) -> int:
    """Open requests past their expiry become expired (no mail); returns how many. Running it twice changes
    nothing the second time."""
    now = now or timezone.now()
    due = list(
        ContactRequest.objects.filter(status=ContactStatus.PENDING, expires_at__lte=now).values_list("pk", flat=True)
    )
    expired = 0
    for pk in due:
        with transaction.atomic():
            request = ContactRequest.objects.select_for_update().filter(pk=pk, status=ContactStatus.PENDING).first()
            if request is None:  # answered meanwhile
                continue
            request.status = ContactStatus.EXPIRED
            request.save(update_fields=["status"])
            audit_record(
                actor=None,
                action=Action.CONTACT_EXPIRE,
                target=request,
                before={"status": ContactStatus.PENDING},
                after={"status": request.status},
            )
            expired += 1
    return expired
