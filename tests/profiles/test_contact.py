"""Contact requests through the services: who may ask whom, one open request per pair, the daily limit, accepting
(the recorded reveal), declining (and blocking), expiry, the mails in the recipient's language, and deletion with
the seeker's account."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import Action, AuditEntry
from companies.models import Company
from notifications.models import LanguagePreference
from profiles.contact import (
    ContactRequestLimit,
    contact_request_accept,
    contact_request_decline,
    contact_request_send,
    contact_requests_expire,
)
from profiles.models import ContactRequest, ContactStatus, SeekerProfile
from search.models import PendingProfileIndexUpdate
from search.query import ProfileQuery
from search.selectors import search_profiles
from tests.factories import CompanyFactory, MembershipFactory, UserFactory, make_posting, make_profile
from tests.notifications.conftest import mails_to, parts

pytestmark = pytest.mark.django_db

MESSAGE = "Guten Tag, wir suchen Verstärkung in der CNC-Fertigung.\nHätten Sie Interesse?"


@pytest.fixture(autouse=True)
def _site_url(settings: Any) -> None:
    settings.SITE_URL = "https://jobs.example.org"


@pytest.fixture
def profile_a(seeker_a: Any) -> SeekerProfile:
    profile = SeekerProfile.objects.get(user=seeker_a)  # fresh: the user's cached one predates the profile's data
    profile.phone = "+49 3631 123456"
    profile.save(update_fields=["phone"])
    return profile


def _send(company: Company, profile: SeekerProfile, by: Any, **kwargs: Any) -> ContactRequest:
    return contact_request_send(
        company=company, profile=profile, message=kwargs.pop("message", MESSAGE), by=by, **kwargs
    )


def test_sending_records_mails_the_seeker_and_tells_nothing_internal(
    django_capture_on_commit_callbacks: Any, company_a: Company, member_a: Any, seeker_a: Any, profile_a: Any
) -> None:
    posting = make_posting(company_a, title="Zerspanungsmechaniker (m/w/d)")
    with django_capture_on_commit_callbacks(execute=True):
        request = _send(company_a, profile_a, member_a, posting=posting)
    assert request.status == ContactStatus.PENDING and request.sent_by == member_a
    assert request.expires_at - request.created_at == datetime.timedelta(days=30)
    entry = AuditEntry.objects.get(action=Action.CONTACT_REQUEST)
    assert entry.actor == member_a and entry.changes["company"] == [None, "firma-a"]
    assert "Schröder" not in entry.target_label
    (received,) = mails_to(seeker_a.email)
    assert len(mail.outbox) == 1
    text, html = parts(received)
    assert received.extra_headers["Content-Language"] == "de" and text.startswith("Guten Tag,")
    assert "Firma A GmbH" in received.subject
    assert "Hätten Sie Interesse?" in text and "Zerspanungsmechaniker (m/w/d)" in text
    assert f"https://jobs.example.org/jobs/{posting.pk}/" in text and "https://jobs.example.org/seeker/" in text
    assert "Hätten Sie Interesse?" in html and '<html lang="de">' in html
    # Who in the company sent it stays inside the company.
    assert member_a.username not in text + html and member_a.email not in text + html


def test_the_seekers_mail_comes_in_their_language_and_escapes_the_message(
    django_capture_on_commit_callbacks: Any, company_a: Company, member_a: Any, seeker_a: Any, profile_a: Any
) -> None:
    LanguagePreference.objects.create(user=seeker_a, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        _send(company_a, profile_a, member_a, message="<b>Hallo</b>\x07 & willkommen")
    (received,) = mails_to(seeker_a.email)
    text, html = parts(received)
    assert received.extra_headers["Content-Language"] == "en" and text.startswith("Hello,")
    assert received.subject == "“Firma A GmbH” would like to get in touch with you"
    assert "<b>Hallo</b> & willkommen" in text  # plain text as written, the control character gone
    assert "&lt;b&gt;Hallo&lt;/b&gt; &amp; willkommen" in html and "<b>Hallo</b>" not in html
    assert ContactRequest.objects.get().message == "<b>Hallo</b> & willkommen"


@pytest.mark.parametrize(
    ("message", "field"),
    [("", "message"), ("   \x00\x1b ", "message"), ("x" * 2001, "message"), (None, "message"), (12, "message")],
)
def test_a_bad_message_is_named_and_nothing_stored(
    company_a: Company, member_a: Any, profile_a: Any, message: Any, field: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        _send(company_a, profile_a, member_a, message=message)
    assert set(exc.value.message_dict) == {field}
    assert not ContactRequest.objects.exists() and not AuditEntry.objects.filter(action=Action.CONTACT_REQUEST).exists()


def test_2000_characters_are_fine(company_a: Company, member_a: Any, profile_a: Any) -> None:
    assert len(_send(company_a, profile_a, member_a, message="x" * 2000).message) == 2000


def test_the_posting_must_be_one_of_the_companys_published_ones(
    company_a: Company, company_b: Company, member_a: Any, profile_a: Any
) -> None:
    for posting in (make_posting(company_b), make_posting(company_a, status="draft")):
        with pytest.raises(ValidationError) as exc:
            _send(company_a, profile_a, member_a, posting=posting)
        assert set(exc.value.message_dict) == {"posting"}
    assert not ContactRequest.objects.exists()


def test_only_members_of_an_approved_company_ask(
    company_a: Company, member_a: Any, member_b: Any, operator: Any, seeker_b: Any, profile_a: Any
) -> None:
    pending = CompanyFactory(slug="firma-p", status=Company.Status.PENDING)
    suspended = CompanyFactory(slug="firma-s", status=Company.Status.SUSPENDED)
    for company, user in (
        (company_a, member_b),  # another company's member
        (company_a, operator),  # staff act for no company here
        (company_a, seeker_b),
        (pending, MembershipFactory(company=pending).user),
        (suspended, MembershipFactory(company=suspended).user),
    ):
        with pytest.raises(PermissionDenied):
            _send(company, profile_a, user)
    assert not ContactRequest.objects.exists()


def test_hidden_and_blocking_profiles_are_as_unknown(
    company_a: Company, company_b: Company, member_a: Any, seeker_b: Any
) -> None:
    blocking = make_profile(UserFactory(), blocked_companies=["firma-a"])
    for profile in (seeker_b.seeker_profile, blocking):
        with pytest.raises(SeekerProfile.DoesNotExist):
            _send(company_a, profile, member_a)
    assert not ContactRequest.objects.exists()


def test_one_open_request_per_company_and_candidate(
    company_a: Company, company_b: Company, member_a: Any, member_b: Any, seeker_a: Any, profile_a: Any
) -> None:
    first = _send(company_a, profile_a, member_a)
    with pytest.raises(ValidationError) as exc:
        _send(company_a, profile_a, member_a)
    assert set(exc.value.message_dict) == {"non_field_errors"}
    _send(company_b, profile_a, member_b)  # another company may ask as well
    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactRequest.objects.create(
            profile=profile_a, company=company_a, message="x", expires_at=timezone.now() + datetime.timedelta(days=1)
        )
    # Once answered, the company may ask again.
    contact_request_decline(request=first, by=seeker_a)
    assert _send(company_a, profile_a, member_a).status == ContactStatus.PENDING
    assert ContactRequest.objects.filter(company=company_a).count() == 2


def test_at_most_the_daily_number_per_company(
    company_a: Company, company_b: Company, member_a: Any, member_b: Any, settings: Any
) -> None:
    settings.CONTACT_REQUESTS_PER_COMPANY_PER_DAY = 3
    profiles = [make_profile(UserFactory()) for _ in range(5)]
    for profile in profiles[:3]:
        _send(company_a, profile, member_a)
    # The oldest is 23 hours old: one more in an hour.
    oldest = ContactRequest.objects.order_by("created_at").first()
    assert oldest is not None
    ContactRequest.objects.filter(pk=oldest.pk).update(created_at=timezone.now() - datetime.timedelta(hours=23))
    with pytest.raises(ContactRequestLimit) as exc:
        _send(company_a, profiles[3], member_a)
    assert 3590 <= exc.value.retry_after <= 3600
    assert ContactRequest.objects.count() == 3
    # Another company is not affected; and once the oldest is a day old, one more goes.
    _send(company_b, profiles[3], member_b)
    ContactRequest.objects.filter(pk=oldest.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=24, seconds=1)
    )
    _send(company_a, profiles[3], member_a)
    with pytest.raises(ContactRequestLimit):
        _send(company_a, profiles[4], member_a)


def test_accepting_reveals_to_the_company_and_is_recorded(
    django_capture_on_commit_callbacks: Any,
    company_a: Company,
    member_a: Any,
    member_b: Any,
    seeker_a: Any,
    profile_a: Any,
) -> None:
    english = MembershipFactory(company=company_a, user=UserFactory(username="emma")).user
    LanguagePreference.objects.create(user=english, language="en")
    posting = make_posting(company_a, title="Zerspanungsmechaniker (m/w/d)")
    request = _send(company_a, profile_a, member_a, posting=posting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = contact_request_accept(request=request, by=seeker_a)
    assert accepted.status == ContactStatus.ACCEPTED and accepted.answered_at is not None
    reveal = AuditEntry.objects.get(action=Action.IDENTITY_REVEAL)
    assert reveal.actor == seeker_a and reveal.target == profile_a
    assert reveal.changes["company"] == [None, "firma-a"]
    assert reveal.changes["contact_request"] == [None, str(request.public_id)]
    assert AuditEntry.objects.filter(action=Action.CONTACT_ACCEPT, target_id=str(request.pk)).exists()
    assert not mails_to(member_b.email) and not mails_to(seeker_a.email)
    (german,) = mails_to(member_a.email)
    (in_english,) = mails_to(english.email)
    text, html = parts(german)
    assert german.extra_headers["Content-Language"] == "de" and text.startswith("Guten Tag,")
    for part in (text, html):
        assert "Sabine Schröder" in part and "sabine@example.org" in part and "+49 3631 123456" in part
    text, _html = parts(in_english)
    assert in_english.subject == "A candidate accepted your contact request" and "Sabine Schröder" in text
    assert "Zerspanungsmechaniker (m/w/d)" in text


def test_only_the_candidate_answers_and_only_once(
    company_a: Company, member_a: Any, seeker_a: Any, seeker_b: Any, operator: Any, profile_a: Any
) -> None:
    request = _send(company_a, profile_a, member_a)
    for user in (member_a, seeker_b, operator):
        with pytest.raises(PermissionDenied):
            contact_request_accept(request=request, by=user)
        with pytest.raises(PermissionDenied):
            contact_request_decline(request=request, by=user)
    contact_request_accept(request=request, by=seeker_a)
    for answer in (contact_request_accept, contact_request_decline):
        with pytest.raises(ValidationError) as exc:
            answer(request=request, by=seeker_a)
        assert set(exc.value.message_dict) == {"status"}
    assert AuditEntry.objects.filter(action=Action.IDENTITY_REVEAL).count() == 1


def test_no_reveal_to_a_company_suspended_meanwhile(
    company_a: Company, member_a: Any, seeker_a: Any, profile_a: Any
) -> None:
    request = _send(company_a, profile_a, member_a)
    Company.objects.filter(pk=company_a.pk).update(status=Company.Status.SUSPENDED)
    with pytest.raises(ValidationError):
        contact_request_accept(request=request, by=seeker_a)
    assert ContactRequest.objects.get().status == ContactStatus.PENDING
    assert not AuditEntry.objects.filter(action=Action.IDENTITY_REVEAL).exists()


def test_declining_sends_the_same_neutral_notice_with_or_without_blocking(
    django_capture_on_commit_callbacks: Any,
    company_a: Company,
    company_b: Company,
    member_a: Any,
    seeker_a: Any,
    profile_a: Any,
) -> None:
    other = make_profile(UserFactory(username="otto", first_name="Otto", last_name="Ohnesorg"))
    first = _send(company_a, other, member_a)
    second = _send(company_a, profile_a, member_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        contact_request_decline(request=first, by=other.user)
    PendingProfileIndexUpdate.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        declined = contact_request_decline(request=second, by=seeker_a, block_company=True)
    assert declined.status == ContactStatus.DECLINED
    plain, blocked = mails_to(member_a.email)
    assert (plain.subject, plain.body) == (blocked.subject, blocked.body)
    for part in parts(blocked):
        assert "Schröder" not in part and "sabine" not in part and "Ohnesorg" not in part
    profile_a.refresh_from_db()
    assert list(profile_a.blocked_companies.all()) == [company_a]
    # Through profiles.services: the index learns of it (the company no longer finds the profile there), and the
    # trail has it (how many companies, not which).
    assert not PendingProfileIndexUpdate.objects.filter(profile_id=profile_a.pk).exists()  # indexed on commit
    found = search_profiles(ProfileQuery(q="Zerspanungsmechaniker", company_id=company_a.pk)).hits
    assert [h for h in found if h.id == profile_a.pk] == []
    assert [h.id for h in search_profiles(ProfileQuery(q="Zerspanungsmechaniker", company_id=company_b.pk)).hits]
    entry = AuditEntry.objects.get(action=Action.PROFILE_BLOCK_COMPANY)
    assert entry.changes == {"blocked_companies": [0, 1]} and entry.actor == seeker_a
    # The blocked company cannot ask again: the profile is as unknown to it.
    with pytest.raises(SeekerProfile.DoesNotExist):
        _send(company_a, profile_a, member_a)


def test_unanswered_requests_expire_once(company_a: Company, member_a: Any, seeker_a: Any, profile_a: Any) -> None:
    from profiles.tasks import expire_contact_requests

    due = _send(company_a, profile_a, member_a)
    fresh = _send(company_a, make_profile(UserFactory()), member_a)
    answered = _send(company_a, make_profile(UserFactory()), member_a)
    contact_request_decline(request=answered, by=answered.profile.user)
    ContactRequest.objects.filter(pk__in=[due.pk, answered.pk]).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert contact_requests_expire() == 1
    assert contact_requests_expire() == 0  # idempotent
    assert expire_contact_requests.delay().get() == 0
    statuses = dict(ContactRequest.objects.values_list("pk", "status"))
    assert statuses == {due.pk: "expired", fresh.pk: "pending", answered.pk: "declined"}
    entry = AuditEntry.objects.get(action=Action.CONTACT_EXPIRE)
    assert entry.actor is None and entry.target_id == str(due.pk)
    # An expired request cannot be answered; a pending one past its time neither (before the nightly run).
    with pytest.raises(ValidationError):
        contact_request_accept(request=due, by=seeker_a)
    ContactRequest.objects.filter(pk=fresh.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError):
        contact_request_accept(request=fresh, by=fresh.profile.user)
    # The new expiry date: CONTACT_REQUEST_EXPIRY_DAYS from now.
    assert contact_requests_expire(now=timezone.now() + datetime.timedelta(days=31)) == 1


def test_deleting_the_seekers_account_deletes_their_requests(
    company_a: Company, company_b: Company, member_a: Any, member_b: Any, seeker_a: Any, profile_a: Any
) -> None:
    _send(company_a, profile_a, member_a)
    kept = _send(company_a, make_profile(UserFactory()), member_a)
    accepted = _send(company_b, profile_a, member_b)
    contact_request_accept(request=accepted, by=seeker_a)
    seeker_a.delete()
    assert list(ContactRequest.objects.all()) == [kept]
    # The trail keeps who asked and was shown a profile, not the person.
    assert AuditEntry.objects.filter(action=Action.IDENTITY_REVEAL).count() == 1
    # A member's account leaving keeps the company's request; the company's deletion removes it.
    member_a.delete()
    kept.refresh_from_db()
    assert kept.sent_by is None
    company_a.delete()
    assert not ContactRequest.objects.exists()
