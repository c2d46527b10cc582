"""Everything stored about a person, as JSON (GDPR Art. 15 and 20): one section per kind of data.

The sections are a registry: each names the models it covers, and NOT_PERSONAL names, with the reason, the models
that relate to a user or a profile but hold nothing about the person. A test walks every installed model with a
relation to the user model or to SeekerProfile and fails for one that is in neither, so a new model cannot be
forgotten here (or in account_delete, which a second test checks by walking the same relations).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.models import Action, AuditEntry
from audit.services import audit_record

from .models import SeekerProfile
from .selectors import profile_cv_info, profile_read

FORMAT_VERSION = 1


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True)
class Section:
    key: str
    # The models ("app_label.ModelName") whose rows about the person this section holds.
    models: tuple[str, ...]
    build: Callable[[Any, SeekerProfile | None], Any]


def _user(user: Any, profile: SeekerProfile | None) -> dict[str, Any]:
    return {
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "is_active": user.is_active,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list("content_type__app_label", "codename")
        ),
    }


def _email_addresses(user: Any, profile: SeekerProfile | None) -> list[dict[str, Any]]:
    from allauth.account.models import EmailAddress

    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("pk")
    ]


def _profile(user: Any, profile: SeekerProfile | None) -> dict[str, Any] | None:
    if profile is None:
        return None
    data = profile_read(profile)
    data["created_at"] = _iso(profile.created_at)
    data["stale_reminder_sent_at"] = _iso(profile.stale_reminder_sent_at)
    data["cv"] = profile_cv_info(profile)
    return data


def _memberships(user: Any, profile: SeekerProfile | None) -> list[dict[str, Any]]:
    from companies.models import CompanyMembership

    return [
        {"company": m.company.slug, "company_name": m.company.name, "role": m.role, "since": _iso(m.created_at)}
        for m in CompanyMembership.objects.filter(user=user).select_related("company").order_by("pk")
    ]


def _tokens(user: Any, profile: SeekerProfile | None) -> list[dict[str, Any]]:
    from knox.models import AuthToken

    # When each was issued and until when it works; never the digest (nor the key prefix that finds it).
    return [{"created": _iso(t.created), "expiry": _iso(t.expiry)} for t in AuthToken.objects.filter(user=user)]


def _language(user: Any, profile: SeekerProfile | None) -> dict[str, Any] | None:
    from notifications.models import LanguagePreference

    pref = LanguagePreference.objects.filter(user=user).first()
    return None if pref is None else {"language": pref.language, "updated_at": _iso(pref.updated_at)}


def _reports_resolved(user: Any, profile: SeekerProfile | None) -> list[dict[str, Any]]:
    from moderation.models import PostingReport

    # A report does not record who sent it; an operator's resolutions do record who resolved them.
    return [
        {"report": r.pk, "posting": r.posting_id, "resolved_at": _iso(r.resolved_at), "resolution": r.resolution}
        for r in PostingReport.objects.filter(resolved_by=user).order_by("pk")
    ]


def _audit_about(user: Any, profile: SeekerProfile | None) -> Q:
    q = Q(actor=user) | Q(target_type=ContentType.objects.get_for_model(user), target_id=str(user.pk))
    if profile is not None:
        q |= Q(target_type=ContentType.objects.get_for_model(SeekerProfile), target_id=str(profile.pk))
    return q


def _audit(user: Any, profile: SeekerProfile | None) -> list[dict[str, Any]]:
    return [
        {
            "when": _iso(e.created_at),
            "actor": e.actor_label,
            "action": e.action,
            "target": e.target_label,
            "changes": e.changes,
            "reason": e.reason,
        }
        for e in AuditEntry.objects.filter(_audit_about(user, profile)).order_by("created_at", "pk")
    ]


def _admin_log(user: Any, profile: SeekerProfile | None) -> list[dict[str, Any]]:
    from django.contrib.admin.models import LogEntry

    return [
        {"when": _iso(e.action_time), "object": e.object_repr, "change": e.get_change_message()}
        for e in LogEntry.objects.filter(user=user).order_by("action_time", "pk")
    ]


def _sessions(user: Any, profile: SeekerProfile | None) -> list[dict[str, Any]]:
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return []
    from django.contrib.sessions.models import Session

    user_id = str(user.pk)
    return [
        {"expires": _iso(s.expire_date)}
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(s.get_decoded().get("_auth_user_id", "")) == user_id
    ]


def _login_records(user: Any, profile: SeekerProfile | None) -> list[dict[str, Any]]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    username = user.get_username()
    rows: list[dict[str, Any]] = []
    for kind, model, time_field in (
        ("failed attempts", AccessAttempt, "attempt_time"),
        ("failure", AccessFailureLog, "attempt_time"),
        ("login", AccessLog, "attempt_time"),
    ):
        for row in model.objects.filter(username=username).order_by(time_field):
            rows.append(
                {
                    "kind": kind,
                    "when": _iso(getattr(row, time_field)),
                    "ip_address": row.ip_address,
                    "user_agent": row.user_agent,
                }
            )
    return rows


def _contact_requests(user: Any, profile: SeekerProfile | None) -> dict[str, list[dict[str, Any]]]:
    from .models import ContactRequest

    def row(r: ContactRequest) -> dict[str, Any]:
        return {
            "id": str(r.public_id),
            "company": r.company.name,
            "message": r.message,
            "posting": r.posting.title if r.posting else None,
            "status": r.status,
            "sent_at": _iso(r.created_at),
            "answered_at": _iso(r.answered_at),
            "expires_at": _iso(r.expires_at),
        }

    received = ContactRequest.objects.filter(profile=profile) if profile else ContactRequest.objects.none()
    sent = ContactRequest.objects.filter(sent_by=user)
    # Of the requests a company member sent, only their own part: the candidate stays a public id.
    return {
        "received": [row(r) for r in received.select_related("company", "posting").order_by("created_at", "pk")],
        "sent": [
            {**row(r), "candidate": str(r.profile.public_id)}
            for r in sent.select_related("company", "posting", "profile").order_by("created_at", "pk")
        ],
    }


def _saved_jobs(user: Any, profile: SeekerProfile | None) -> list[dict[str, Any]]:
    from savedjobs.selectors import saved_jobs_of, saved_state

    return [
        {
            "posting": s.posting_id,
            "title": s.posting.title,
            "company": s.posting.company.name,
            "state": saved_state(s).code,
            "saved_at": _iso(s.created_at),
        }
        for s in saved_jobs_of(user=user)
    ]


def _job_alerts(user: Any, profile: SeekerProfile | None) -> list[dict[str, Any]]:
    from alerts.selectors import alert_export, alerts_about

    return [alert_export(alert) for alert in alerts_about(user)]


def _place_picks(user: Any, profile: SeekerProfile | None) -> list[dict[str, Any]]:
    from crawlers.models import PlaceReview

    return [
        {"posting": posting, "municipality": municipality, "decided_at": _iso(at)}
        for posting, municipality, at in PlaceReview.objects.filter(decided_by=user)
        .order_by("pk")
        .values_list("posting_id", "municipality_id", "decided_at")
    ]


SECTIONS: tuple[Section, ...] = (
    Section("user", (settings.AUTH_USER_MODEL, "auth.User_groups", "auth.User_user_permissions"), _user),
    Section("email_addresses", ("account.EmailAddress",), _email_addresses),
    Section(
        "profile",
        ("profiles.SeekerProfile", "profiles.SeekerProfile_counties", "profiles.SeekerProfile_blocked_companies"),
        _profile,
    ),
    Section("contact_requests", ("profiles.ContactRequest",), _contact_requests),
    Section("saved_jobs", ("savedjobs.SavedJob",), _saved_jobs),
    Section("job_alerts", ("alerts.Alert", "alerts.Delivery", "alerts.SentPosting"), _job_alerts),
    Section("company_memberships", ("companies.CompanyMembership",), _memberships),
    Section("place_picks", ("crawlers.PlaceReview",), _place_picks),
    Section("api_tokens", ("knox.AuthToken",), _tokens),
    Section("language_preference", ("notifications.LanguagePreference",), _language),
    Section("posting_reports_resolved", ("moderation.PostingReport",), _reports_resolved),
    Section("audit_entries", ("audit.AuditEntry",), _audit),
    Section("admin_log", ("admin.LogEntry",), _admin_log),
    Section("sessions", ("sessions.Session",), _sessions),
    # Keyed by the user name, not a relation: django-axes' login records (kept by its database handler only).
    Section("login_records", ("axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog"), _login_records),
)

# Models that relate to a user or a profile (or would be expected here) but hold nothing about the person.
NOT_PERSONAL: dict[str, str] = {
    "search.PendingProfileIndexUpdate": "only the number of a changed profile, until the index has caught up",
    "axes.AccessAttemptExpiration": "only when a login lock of an attempt row (exported above) ends",
}


def exported_models() -> set[str]:
    return {label for section in SECTIONS for label in section.models}


def account_export(*, user: Any) -> dict[str, Any]:
    """Everything stored about `user`, in JSON values. Records the export in the audit trail."""
    profile = SeekerProfile.objects.filter(user=user).first()
    with transaction.atomic():
        audit_record(actor=user, action=Action.ACCOUNT_EXPORT, target=profile if profile is not None else user)
    data: dict[str, Any] = {"format_version": FORMAT_VERSION, "exported_at": _iso(timezone.now())}
    for section in SECTIONS:
        data[section.key] = section.build(user, profile)
    return data
