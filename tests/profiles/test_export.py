"""GET /api/v1/me/export/ and account_export: everything stored about the person, and nothing about anyone else."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from audit.models import Action, AuditEntry
from profiles.export import NOT_PERSONAL, SECTIONS, account_export, exported_models
from profiles.models import SeekerProfile
from tests.conftest import token_client
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

EXPORT = "/api/v1/me/export/"
PDF = b"%PDF-1.4\ntrailer\n%%EOF\n"


def models_about_a_person() -> set[str]:
    """Every installed model (with the tables of many-to-many relations) with a relation to the user model or to
    SeekerProfile."""
    targets = {get_user_model(), SeekerProfile}
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created and field.related_model in targets:
                found.add(model._meta.label)
    return found


def test_every_model_about_a_person_is_exported_or_listed_as_not_personal():
    covered = exported_models() | set(NOT_PERSONAL)
    missing = models_about_a_person() - covered
    assert not missing, f"export these in profiles.export.SECTIONS or list them in NOT_PERSONAL: {sorted(missing)}"
    # django-axes keeps logins by user name (no relation): exported too.
    axes = {m._meta.label for m in apps.get_app_config("axes").get_models()}
    assert axes <= covered
    # Each listed model exists (a renamed model would leave a stale entry).
    for label in covered - {"sessions.Session"}:
        apps.get_model(label)
    assert all(reason for reason in NOT_PERSONAL.values())


@pytest.fixture
def rich_seeker(seeker_a, company_a, member_a):  # type: ignore[no-untyped-def]
    """seeker_a with a row in every section: e-mail address, token, membership, language, session, CV, logins."""
    from allauth.account.models import EmailAddress
    from axes.models import AccessAttempt, AccessLog
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from alerts.services import alert_create
    from crawlers.models import PlaceReview
    from moderation.models import PostingReport
    from notifications.models import LanguagePreference
    from profiles.services import profile_cv_upload
    from savedjobs.models import SavedJob
    from tests.factories import make_posting

    assert EmailAddress.objects.filter(user=seeker_a, email="sabine@example.org", verified=True, primary=True).exists()
    MembershipFactory(company=company_a, user=seeker_a, role="editor")
    LanguagePreference.objects.create(user=seeker_a, language="en")
    alert_create(user=seeker_a, params={"q": "Pflege"}, frequency="weekly")
    report = PostingReport.objects.create(posting=make_posting(company_a), reason="other", resolved_by=seeker_a)
    SavedJob.objects.create(user=seeker_a, posting=report.posting)
    PlaceReview.objects.create(
        posting=make_posting(company_a), address_text="Bleicherode", municipality_id="16062066",
        decided_by=seeker_a, decided_at=timezone.now(),
    )  # fmt: skip
    LogEntry.objects.create(
        user=seeker_a,
        content_type=ContentType.objects.get_for_model(PostingReport),
        object_id=str(report.pk),
        object_repr="Meldung",
        action_flag=ADDITION,
    )
    # As axes' database handler would keep them (bulk_create: its signal handlers expect that handler).
    AccessAttempt.objects.bulk_create(
        [AccessAttempt(username="sabine", ip_address="192.0.2.1", user_agent="Testbrowser", failures_since_start=1)]
    )
    AccessLog.objects.bulk_create(
        [
            AccessLog(username="sabine", ip_address="192.0.2.1", user_agent="Testbrowser"),
            AccessLog(username="stefan", ip_address="192.0.2.9", user_agent="Anderer"),
        ]
    )
    profile = SeekerProfile.objects.get(user=seeker_a)
    profile_cv_upload(profile=profile, file=SimpleUploadedFile("cv.pdf", PDF), by=seeker_a)
    return seeker_a


def test_the_export_holds_every_section_with_the_persons_data(rich_seeker, seeker_b):  # type: ignore[no-untyped-def]
    session_client = APIClient()
    session_client.force_login(rich_seeker)
    client = token_client(rich_seeker)
    r = client.get(EXPORT)
    assert r.status_code == 200, r.content
    assert r["Content-Disposition"].startswith("attachment") and ".json" in r["Content-Disposition"]
    assert "no-store" in r["Cache-Control"]
    data = r.json()
    assert {section.key for section in SECTIONS} <= set(data)
    for section in SECTIONS:
        assert data[section.key], f"section {section.key} is empty"
    assert data["user"]["username"] == "sabine" and data["user"]["last_name"] == "Schröder"
    assert data["user"]["email"] == "sabine@example.org" and data["user"]["date_joined"]
    assert data["email_addresses"] == [{"email": "sabine@example.org", "verified": True, "primary": True}]
    profile = data["profile"]
    assert profile["visibility"] == "pseudonymous" and profile["consent"]["version"]
    assert profile["created_at"] and profile["updated_at"]
    assert profile["cv"]["size"] == len(PDF) and profile["cv"]["url"] == "/api/v1/me/profile/cv/"
    assert data["company_memberships"][0]["company"] == "firma-a"
    assert data["language_preference"]["language"] in ("de", "en")  # the login above records its own
    assert {"created", "expiry"} == set(data["api_tokens"][0])
    assert data["sessions"] and data["posting_reports_resolved"] and data["admin_log"]
    assert {row["kind"] for row in data["login_records"]} == {"failed attempts", "login"}
    actions = {e["action"] for e in data["audit_entries"]}
    assert {Action.PROFILE_PUBLISH, Action.PROFILE_CV_UPLOAD} <= actions
    # Nothing about anyone else, no secret.
    text = json.dumps(data, ensure_ascii=False)
    assert "stefan" not in text and "Sommer" not in text and "192.0.2.9" not in text
    from knox.models import AuthToken

    for token in AuthToken.objects.filter(user=rich_seeker):
        assert token.digest not in text and token.token_key not in text
    assert AuditEntry.objects.filter(action=Action.ACCOUNT_EXPORT, actor=rich_seeker).count() == 1


def test_export_of_a_company_member_without_a_profile(member_a):  # type: ignore[no-untyped-def]
    data = account_export(user=member_a)
    assert data["profile"] is None
    assert data["company_memberships"][0]["role"] == "owner"
    assert AuditEntry.objects.filter(action=Action.ACCOUNT_EXPORT).count() == 1


@pytest.mark.parametrize("who", ["seeker_a", "seeker_b", "member_a", "operator"])
def test_each_user_exports_only_their_own_data(request, seeker_a, seeker_b, member_a, operator, who):  # type: ignore[no-untyped-def]
    user = request.getfixturevalue(who)
    data = token_client(user).get(EXPORT).json()
    assert data["user"]["username"] == user.get_username()
    everybody: list[Any] = [seeker_a, seeker_b, member_a, operator]
    text = json.dumps(data, ensure_ascii=False)
    for other in everybody:
        if other != user:
            assert f'"{other.get_username()}"' not in text, other


def test_anonymous_cannot_export(api):  # type: ignore[no-untyped-def]
    assert api.get(EXPORT).status_code == 401


def test_export_is_throttled(client_seeker_a):  # type: ignore[no-untyped-def]
    from django.conf import settings

    limit = int(settings.API_THROTTLE_RATES["me-export"].split("/")[0])
    for _ in range(limit):
        assert client_seeker_a.get(EXPORT).status_code == 200
    r = client_seeker_a.get(EXPORT)
    assert r.status_code == 429 and r["Retry-After"]
