"""Writes of seeker profiles: one transaction each, audited, the search index told on commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action, AuditEntry
from audit.services import audit_record
from companies.models import Company, CompanyMembership

from .consent import CONSENT_VERSION
from .models import MAX_BLOCKED_COMPANIES, ContactRequest, SeekerProfile, Visibility
from .selectors import profile_cv_size
from .validation import profile_clean

# The fields kept in the audit trail's before/after: never the free texts, contact or salary (the trail is read by
# the operator, who may not see a hidden profile's contents).
_AUDITED = ("visibility", "consent_version")


def _profiles_changed(profile_ids: Iterable[int]) -> None:
    """Inside the transaction of a change: the index learns of it (the outbox of search.indexing)."""
    from search.indexing import profile_index_update_enqueue, profile_outbox_record

    ids = profile_outbox_record(profile_ids)
    if ids:
        # (A bulk write inside search.indexing.profile_index_updates_deferred collects them instead.)
        transaction.on_commit(lambda: profile_index_update_enqueue(ids))


def profile_get_or_create(*, user: Any) -> SeekerProfile:
    """The seeker's profile; a hidden, empty one the first time."""
    profile, _created = SeekerProfile.objects.get_or_create(user=user)
    return profile


def profile_block_company(*, profile: SeekerProfile, company: Company, by: Any) -> SeekerProfile:
    """Add `company` to the companies that never see the profile (from a contact request, say); the index learns
    of it. Blocking a blocked company again changes nothing. Raises a ValidationError (block_company) when the
    profile blocks the most companies allowed already."""
    with transaction.atomic():
        profile = SeekerProfile.objects.select_for_update().get(pk=profile.pk)
        blocked = profile.blocked_companies.count()
        if profile.blocked_companies.filter(pk=company.pk).exists():
            return profile
        if blocked >= MAX_BLOCKED_COMPANIES:
            raise ValidationError(
                {"block_company": [_("Block at most %(n)d companies.") % {"n": MAX_BLOCKED_COMPANIES}]}
            )
        profile.blocked_companies.add(company)
        profile.updated_at = timezone.now()
        profile.stale_reminder_sent_at = None
        profile.save(update_fields=["updated_at", "stale_reminder_sent_at"])
        # How many, not which: whom a person keeps away (often their employer) is theirs to know.
        audit_record(
            actor=by,
            action=Action.PROFILE_BLOCK_COMPANY,
            target=profile,
            before={"blocked_companies": blocked},
            after={"blocked_companies": blocked + 1},
        )
        _profiles_changed([profile.pk])
    return profile


def _audit_state(profile: SeekerProfile) -> dict[str, Any]:
    return {name: getattr(profile, name) for name in _AUDITED}


def profile_update(
    *, profile: SeekerProfile, data: dict[str, Any], by: Any, given: Iterable[str] | None = None
) -> SeekerProfile:
    """Apply a write in the API's shape (`given`: the fields it sets; None, all of them, as a PUT). Raises a
    ValidationError naming every bad field; then nothing changes."""
    cleaned = profile_clean(data, profile=profile, given=None if given is None else set(given))
    consent = cleaned.pop("consent")
    relations = {name: cleaned.pop(name) for name in ("counties", "blocked_companies") if name in cleaned}
    names = {name: cleaned.pop(name) for name in ("first_name", "last_name") if name in cleaned}
    with transaction.atomic():
        profile = SeekerProfile.objects.select_for_update().get(pk=profile.pk)
        before = _audit_state(profile)
        was_findable = profile.is_findable
        for name, value in cleaned.items():
            setattr(profile, name, value)
        now = timezone.now()
        if consent and profile.visibility != Visibility.HIDDEN:
            profile.consent_version, profile.consent_at = CONSENT_VERSION, now
        if profile.is_findable and not was_findable:
            profile.published_at = now
        profile.updated_at = now
        profile.stale_reminder_sent_at = None
        profile.save()
        if names:
            user = profile.user
            for name, value in names.items():
                setattr(user, name, value)
            user.save(update_fields=list(names))
        for name, values in relations.items():
            getattr(profile, name).set(values)
        after = _audit_state(profile)
        if profile.is_findable and not was_findable:
            action = Action.PROFILE_PUBLISH
        elif was_findable and not profile.is_findable:
            action = Action.PROFILE_HIDE
        else:
            action = Action.PROFILE_UPDATE
        audit_record(actor=by, action=action, target=profile, before=before, after=after)
        _profiles_changed([profile.pk])
    return profile


# ---- the CV ---------------------------------------------------------------------------------------------------------

# A PDF starts with this (ISO 32000-1, 7.5.2) and ends with an end-of-file marker in its last bytes (7.5.5); some
# writers append a little after it, so the marker is looked for in the tail rather than at the very end.
PDF_MAGIC = b"%PDF-"
PDF_EOF = b"%%EOF"
PDF_TAIL_BYTES = 1024


def _cv_content(file: Any) -> bytes:
    """The uploaded file's bytes if it is a PDF of the allowed size; else a ValidationError naming `cv`."""
    if file is None:
        raise ValidationError({"cv": [_("Choose a PDF file to upload.")]})
    limit = settings.PROFILES_CV_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError({"cv": [_cv_too_big(limit)]})
    file.seek(0)
    content = file.read(limit + 1)
    if len(content) > limit:
        raise ValidationError({"cv": [_cv_too_big(limit)]})
    if not content:
        raise ValidationError({"cv": [_("The file is empty.")]})
    if not content.startswith(PDF_MAGIC) or PDF_EOF not in content[-PDF_TAIL_BYTES:]:
        raise ValidationError({"cv": [_("The file is not a PDF document (or an incomplete one). Upload a PDF.")]})
    return content


def _cv_too_big(limit: int) -> str:
    return _("The file is too big: a CV may have at most %(size)s.") % {"size": filesizeformat(limit)}


def _file_remove_on_commit(name: str) -> None:
    if name:
        storage = SeekerProfile._meta.get_field("cv").storage  # type: ignore[attr-defined]
        transaction.on_commit(lambda: storage.delete(name))


def profile_cv_upload(*, profile: SeekerProfile, file: Any, by: Any) -> SeekerProfile:
    """Store `file` as the profile's CV (replacing one before, whose file goes after commit). Raises a
    ValidationError naming `cv` for a file that is empty, too big or not a PDF; then nothing changes."""
    content = _cv_content(file)
    with transaction.atomic():
        profile = SeekerProfile.objects.select_for_update().get(pk=profile.pk)
        old_name, old_size = profile.cv.name, profile_cv_size(profile)
        # The file is written now (storage is no transaction): removed again if the transaction fails.
        profile.cv.save("cv.pdf", ContentFile(content), save=False)
        new_name = profile.cv.name
        try:
            now = timezone.now()
            profile.cv_uploaded_at = now
            profile.updated_at = now
            profile.stale_reminder_sent_at = None
            profile.save(update_fields=["cv", "cv_uploaded_at", "updated_at", "stale_reminder_sent_at"])
            audit_record(
                actor=by,
                action=Action.PROFILE_CV_UPLOAD,
                target=profile,
                before={"cv_size": old_size},
                after={"cv_size": len(content)},
            )
            _file_remove_on_commit(old_name)
        except BaseException:
            profile.cv.storage.delete(new_name)
            raise
    return profile


def profile_cv_delete(*, profile: SeekerProfile, by: Any) -> SeekerProfile:
    """Remove the profile's CV (its file after commit). Nothing to do without one."""
    with transaction.atomic():
        profile = SeekerProfile.objects.select_for_update().get(pk=profile.pk)
        old_name, old_size = profile.cv.name, profile_cv_size(profile)
        if not old_name:
            return profile
        profile.cv = ""  # type: ignore[assignment]
        profile.cv_uploaded_at = None
        profile.updated_at = timezone.now()
        profile.save(update_fields=["cv", "cv_uploaded_at", "updated_at"])
        audit_record(actor=by, action=Action.PROFILE_CV_DELETE, target=profile, before={"cv_size": old_size}, after={})
        _file_remove_on_commit(old_name)
    return profile


# ---- the account (GDPR Art. 17) -------------------------------------------------------------------------------------

# What the audit trail says instead of the name of a user who deleted their account.
DELETED_USER_LABEL = "deleted user"


def account_delete_problem(*, user: Any) -> str | None:
    """Why the account cannot be deleted now, or None. A company must keep an owner: its last one cannot leave."""
    owned = CompanyMembership.objects.filter(user=user, role=CompanyMembership.Role.OWNER).select_related("company")
    for membership in owned:
        others = (
            CompanyMembership.objects.filter(company=membership.company, role=CompanyMembership.Role.OWNER)
            .exclude(user=user)
            .exists()
        )
        if not others:
            return _(
                "You are the last owner of %(company)s. Make another member an owner, or have the company deleted, "
                "before you delete your account."
            ) % {"company": membership.company.name}
    return None


def _user_sessions_delete(user: Any) -> None:
    """The user's sessions in the database (other session engines cannot be listed; their sessions lose the user
    with the user row)."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return
    from django.contrib.sessions.models import Session

    user_id = str(user.pk)
    doomed = [
        session.pk
        for session in Session.objects.iterator()
        if str(session.get_decoded().get("_auth_user_id", "")) == user_id
    ]
    Session.objects.filter(pk__in=doomed).delete()


def _login_records_delete(username: str) -> None:
    """django-axes' records of logins with this user name (empty with its cache handler, kept by the db one)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()


def account_delete(*, user: Any, by: Any) -> None:
    """Delete the account and everything tied to the person, in one transaction: profile (and its index entry, via
    the outbox), CV file (after commit), memberships, saved jobs, API tokens, e-mail addresses, language preference,
    sessions, login records, the user. The audit trail keeps the entries they made without their name, drops the entries
    about their profile and account, and records the deletion without personal data. A ValidationError naming
    `account` if a company would lose its last owner."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from knox.models import AuthToken

    from alerts.selectors import alerts_about
    from notifications.models import LanguagePreference
    from savedjobs.services import saved_jobs_delete_all

    problem = account_delete_problem(user=user)
    if problem:
        raise ValidationError({"account": [problem]})
    user_model = get_user_model()
    deleting_self = by is not None and getattr(by, "pk", None) == user.pk
    with transaction.atomic():
        user = user_model.objects.select_for_update().get(pk=user.pk)
        username = user.get_username()
        profile = SeekerProfile.objects.select_for_update().filter(user=user).first()
        # The audit trail: their own actions stay, nameless; the entries about their profile and account go (the
        # company's entries of memberships name the user by id only and stay: the company's history).
        AuditEntry.objects.filter(actor=user).update(actor=None, actor_label=DELETED_USER_LABEL)
        about_them = Q(target_type=ContentType.objects.get_for_model(user_model), target_id=str(user.pk))
        if profile is not None:
            about_them |= Q(target_type=ContentType.objects.get_for_model(SeekerProfile), target_id=str(profile.pk))
        AuditEntry.objects.filter(about_them).delete()
        if profile is not None:
            # Its contact requests' audit entries name the profile and the companies that asked: gone with it.
            requests = [str(pk) for pk in profile.contact_requests.values_list("pk", flat=True)]
            if requests:
                AuditEntry.objects.filter(
                    target_type=ContentType.objects.get_for_model(ContactRequest), target_id__in=requests
                ).delete()
            profile.delete()  # its index entry and CV file go on commit (profiles.signals)
        CompanyMembership.objects.filter(user=user).delete()
        saved_jobs_delete_all(user=user)
        # Job alerts (with their deliveries and sent postings), also those saved as a guest with their addresses.
        alerts_about(user).delete()
        AuthToken.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        LanguagePreference.objects.filter(user=user).delete()
        _user_sessions_delete(user)
        _login_records_delete(username)
        entry = audit_record(actor=None if deleting_self else by, action=Action.ACCOUNT_DELETE, target=user)
        entry.target_id, entry.target_label = "", DELETED_USER_LABEL
        if deleting_self:
            entry.actor_label = DELETED_USER_LABEL
        entry.save(update_fields=["target_id", "target_label", "actor_label"])
        user.delete()
