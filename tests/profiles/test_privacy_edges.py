"""The edges where a seeker's identity or profile could slip out: a block after a request, a deactivated or
deleted account, an accepted request of a profile hidden since, odd digits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from audit.models import AuditEntry
from companies.models import Company
from profiles.contact import contact_request_accept, contact_request_send
from profiles.contact_selectors import contact_request_company_view
from profiles.models import ContactRequest, ContactStatus, SeekerProfile
from profiles.services import account_delete, profile_block_company, profile_cv_upload, profile_update
from search.backends.base import get_search_backend
from search.indexing import profile_index_update
from tests.conftest import token_client
from tests.profiles.test_api import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile_a(seeker_a: Any) -> Iterator[SeekerProfile]:
    """Seeker A's profile, in the index for the test (which is emptied after it, for the tests that follow)."""
    backend = get_search_backend()
    backend.reset_index()
    profile = SeekerProfile.objects.get(user=seeker_a)
    profile_index_update([profile.pk])
    yield profile
    backend.reset_index()


def _ask(company: Company, profile: SeekerProfile, by: Any) -> ContactRequest:
    return contact_request_send(company=company, profile=profile, message="Wir suchen Sie.", by=by)


def test_accepting_a_request_of_a_company_blocked_since_reveals_nothing(
    django_capture_on_commit_callbacks: Any, company_a: Company, member_a: Any, seeker_a: Any, profile_a: Any
) -> None:
    request = _ask(company_a, profile_a, member_a)
    profile_block_company(profile=profile_a, company=company_a, by=seeker_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as exc:
        contact_request_accept(request=request, by=seeker_a)
    assert "status" in exc.value.message_dict
    assert ContactRequest.objects.get(pk=request.pk).status == ContactStatus.PENDING
    assert not [m for m in mail.outbox if seeker_a.email in m.body]


def test_a_deactivated_account_leaves_the_index_and_cannot_be_asked(
    django_capture_on_commit_callbacks: Any, company_a: Company, member_a: Any, seeker_a: Any, profile_a: Any
) -> None:
    assert profile_a.pk in get_search_backend().profile_digests()
    seeker_a.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        seeker_a.save()
    assert profile_a.pk not in get_search_backend().profile_digests()
    with pytest.raises(SeekerProfile.DoesNotExist):  # as unknown: never revealing that the profile exists
        _ask(company_a, profile_a, member_a)
    client = Client()
    client.force_login(member_a)
    assert client.get(f"/company-area/{company_a.slug}/candidates/{profile_a.public_id}/").status_code == 404
    assert token_client(member_a).get(f"/api/v1/candidates/{profile_a.public_id}/").status_code == 404


def test_a_user_deleted_without_the_service_takes_index_entry_and_cv_along(
    django_capture_on_commit_callbacks: Any, seeker_a: Any, profile_a: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        profile = profile_cv_upload(
            profile=profile_a, file=SimpleUploadedFile("cv.pdf", PDF, "application/pdf"), by=seeker_a
        )
    storage = SeekerProfile._meta.get_field("cv").storage  # type: ignore[attr-defined]
    name = profile.cv.name
    assert storage.exists(name) and profile.pk in get_search_backend().profile_digests()
    with django_capture_on_commit_callbacks(execute=True):
        seeker_a.delete()  # the admin's or the shell's way, not account_delete
    assert not storage.exists(name)
    assert profile.pk not in get_search_backend().profile_digests()


def test_account_deletion_drops_the_audit_entries_of_its_contact_requests(
    company_a: Company, member_a: Any, seeker_a: Any, profile_a: Any
) -> None:
    request = _ask(company_a, profile_a, member_a)
    kind = ContentType.objects.get_for_model(ContactRequest)
    assert AuditEntry.objects.filter(target_type=kind, target_id=str(request.pk)).exists()
    account_delete(user=seeker_a, by=seeker_a)
    assert not AuditEntry.objects.filter(target_type=kind, target_id=str(request.pk)).exists()


def test_an_accepted_request_shows_no_contact_once_the_profile_is_hidden(
    company_a: Company, member_a: Any, seeker_a: Any, profile_a: Any
) -> None:
    request = _ask(company_a, profile_a, member_a)
    contact_request_accept(request=request, by=seeker_a)
    request = ContactRequest.objects.select_related("profile__user").get(pk=request.pk)
    assert contact_request_company_view(request)["contact"]["email"] == seeker_a.email
    profile_update(profile=profile_a, data={"visibility": "hidden"}, by=seeker_a, given=["visibility"])
    request = ContactRequest.objects.select_related("profile__user").get(pk=request.pk)
    assert contact_request_company_view(request) == {"candidate": {"id": str(profile_a.public_id)}, "contact": None}


@pytest.mark.parametrize("field", ["salary_expectation", "commute_km"])
def test_digits_that_are_not_ascii_are_a_400_not_a_500(client_seeker_a: Any, field: str) -> None:
    r = client_seeker_a.patch("/api/v1/me/profile/", {field: "²"}, format="json")
    assert r.status_code == 400 and field in r.json()
