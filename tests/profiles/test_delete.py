"""DELETE /api/v1/me/ and account_delete: nothing of the person stays (rows, files, sessions, login records), the
index learns of it, the audit trail keeps their actions without their name."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from audit.models import Action, AuditEntry
from profiles.models import SeekerProfile
from profiles.services import DELETED_USER_LABEL, account_delete
from search.backends.base import get_search_backend
from search.indexing import profile_index_update
from search.models import PendingProfileIndexUpdate
from tests.conftest import token_client
from tests.factories import MembershipFactory, UserFactory
from tests.profiles.test_api import CV, ME, PROFILE, cv_files, pdf_upload
from tests.profiles.test_export import models_about_a_person

pytestmark = pytest.mark.django_db


def rows_referencing(user_id: int, profile_id: int) -> dict[str, int]:
    """Per model with a relation to the user model or SeekerProfile: the rows that still point at these ids."""
    user_model = get_user_model()
    left = {}
    for label in models_about_a_person():
        model = apps.get_model(label)
        for field in model._meta.get_fields():
            if not (field.is_relation and not field.auto_created) or field.many_to_many:
                continue
            if field.related_model is user_model:
                value = user_id
            elif field.related_model is SeekerProfile:
                value = profile_id
            else:
                continue
            count = model._default_manager.filter(**{field.attname: value}).count()
            if count:
                left[f"{label}.{field.name}"] = count
    if user_model.objects.filter(pk=user_id).exists():
        left["user"] = 1
    if SeekerProfile.objects.filter(pk=profile_id).exists():
        left["profile"] = 1
    return left


def test_deleting_the_account_leaves_nothing_of_the_person(  # type: ignore[no-untyped-def]
    seeker_a, seeker_b, company_a, member_a, django_capture_on_commit_callbacks
):
    from allauth.account.models import EmailAddress
    from axes.models import AccessLog
    from knox.models import AuthToken

    from notifications.models import LanguagePreference

    user_id, username = seeker_a.pk, seeker_a.get_username()
    profile = SeekerProfile.objects.get(user=seeker_a)
    files_before = cv_files()
    client = token_client(seeker_a)
    session_client = APIClient()
    session_client.force_login(seeker_a)
    other_session = APIClient()
    other_session.force_login(seeker_b)
    assert EmailAddress.objects.filter(user=seeker_a, email="sabine@example.org", verified=True, primary=True).exists()
    LanguagePreference.objects.update_or_create(user=seeker_a, defaults={"language": "en"})
    MembershipFactory(company=company_a, user=seeker_a, role="owner")  # member_a stays an owner of firma-a
    AccessLog.objects.bulk_create([AccessLog(username=username, ip_address="192.0.2.1", user_agent="T")])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(CV, {"cv": pdf_upload()}, format="multipart").status_code == 200
    assert client.patch(PROFILE, {"headline": "Vor dem Löschen"}, format="json").status_code == 200
    assert client.get("/api/v1/me/export/").status_code == 200
    # Something they did that is not about their profile: stays, without their name.
    from companies.services import company_save

    company_a.website = "https://firma-a.example.org/"
    with django_capture_on_commit_callbacks(execute=True):
        company_save(company=company_a, by=seeker_a)
    profile_index_update([profile.pk])
    assert profile.pk in get_search_backend().profile_digests()  # findable until now

    with django_capture_on_commit_callbacks(execute=True):
        r = client.delete(ME)
    assert r.status_code == 204, r.content

    assert rows_referencing(user_id, profile.pk) == {}
    assert cv_files() == files_before
    assert not AuthToken.objects.filter(user_id=user_id).exists()
    assert not AccessLog.objects.filter(username=username).exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user_id)]
    assert [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(seeker_b.pk)]
    # The index has dropped the profile (updated on commit; nothing left waiting in the outbox).
    assert profile.pk not in get_search_backend().profile_digests()
    assert not PendingProfileIndexUpdate.objects.filter(profile_id=profile.pk).exists()
    # The audit trail: no entry about the profile, none naming them; their company change stays, nameless; the
    # deletion is recorded without personal data.
    assert not AuditEntry.objects.filter(target_id=str(profile.pk), target_type__model="seekerprofile").exists()
    trail = json.dumps(
        list(AuditEntry.objects.values("actor_label", "target_label", "changes", "reason")), ensure_ascii=False
    )
    for secret in (username, "Sabine", "Schröder", "sabine@example.org"):
        assert secret not in trail, secret
    kept = AuditEntry.objects.get(action=Action.COMPANY_UPDATE, target_id=str(company_a.pk))
    assert kept.actor_id is None and kept.actor_label == DELETED_USER_LABEL
    deletion = AuditEntry.objects.get(action=Action.ACCOUNT_DELETE)
    assert deletion.actor_id is None and deletion.actor_label == DELETED_USER_LABEL
    assert deletion.target_label == DELETED_USER_LABEL and deletion.target_id == ""
    # The others are untouched; the old token and session no longer work.
    assert SeekerProfile.objects.filter(user=seeker_b).exists()
    assert client.get(PROFILE).status_code == 401
    assert session_client.get(PROFILE).status_code in (401, 403)
    assert other_session.get(PROFILE).status_code == 200


def test_the_last_owner_of_a_company_cannot_delete_the_account(client_a, member_a, company_a):  # type: ignore[no-untyped-def]
    r = client_a.delete(ME)
    assert r.status_code == 400
    assert "account" in r.json() and company_a.name in r.json()["account"][0]
    assert get_user_model().objects.filter(pk=member_a.pk).exists()
    # With a second owner, they may.
    MembershipFactory(company=company_a, user=UserFactory(), role="owner")
    assert client_a.delete(ME).status_code == 204
    assert not get_user_model().objects.filter(pk=member_a.pk).exists()
    assert company_a.memberships.count() == 1


def test_an_editor_may_leave(company_a, member_a):  # type: ignore[no-untyped-def]
    editor = MembershipFactory(company=company_a, user=UserFactory(), role="editor").user
    account_delete(user=editor, by=editor)
    assert company_a.memberships.count() == 1


def test_account_delete_refusal_changes_nothing(member_a):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        account_delete(user=member_a, by=member_a)
    assert set(exc.value.message_dict) == {"account"}
    assert not AuditEntry.objects.filter(action=Action.ACCOUNT_DELETE).exists()


@pytest.mark.parametrize("who", ["seeker_b", "operator"])
def test_each_user_deletes_only_their_own_account(request, seeker_a, who):  # type: ignore[no-untyped-def]
    user = request.getfixturevalue(who)
    assert token_client(user).delete(ME).status_code == 204
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert get_user_model().objects.filter(pk=seeker_a.pk).exists()
    assert SeekerProfile.objects.filter(user=seeker_a).exists()


def test_an_operator_deleting_an_account_is_named_in_the_trail(seeker_a, operator):  # type: ignore[no-untyped-def]
    account_delete(user=seeker_a, by=operator)
    entry = AuditEntry.objects.get(action=Action.ACCOUNT_DELETE)
    assert entry.actor == operator and "sabine" not in entry.target_label


def test_anonymous_cannot_delete(api, seeker_a):  # type: ignore[no-untyped-def]
    assert api.delete(ME).status_code == 401
    assert get_user_model().objects.filter(pk=seeker_a.pk).exists()
