"""Each event mails the right people once, in their language, with plain text and HTML; nothing on rollback."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import transaction

from companies.models import Company
from companies.services import company_approve, company_register, company_save, company_suspend
from crawlers.models import Outcome
from crawlers.pipeline import crawl_source, runs_reap_orphans, source_add, source_claim
from jobs.services import job_reject
from notifications.models import LanguagePreference
from notifications.services import send_templated_mail
from tests.crawlers.server import LocalServer
from tests.factories import CompanyFactory, MembershipFactory, UserFactory, make_posting
from tests.notifications.conftest import mails_to, parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_member(company_a: Company) -> Any:
    user = MembershipFactory(company=company_a, user=UserFactory(username="emma"), role="editor").user
    LanguagePreference.objects.create(user=user, language="en")
    return user


def _only_mail(user: Any) -> Any:
    received = mails_to(user.email)
    assert len(received) == 1, [m.subject for m in received]
    assert received[0].to == [user.email]  # a mail of their own: nobody sees another recipient's address
    return received[0]


def test_approval_mails_each_member_once_in_their_language(
    django_capture_on_commit_callbacks: Any, member_a: Any, english_member: Any, member_b: Any
) -> None:
    company = Company.objects.get(slug="firma-a")
    company.status = Company.Status.PENDING
    company.save()
    with django_capture_on_commit_callbacks(execute=True):
        company_approve(company=company)
    assert len(mail.outbox) == 2
    assert not mails_to(member_b.email)  # another company's member hears nothing
    german, english = _only_mail(member_a), _only_mail(english_member)
    assert german.subject == "„Firma A GmbH“ ist bei regiojobs freigeschaltet"
    assert english.subject == "“Firma A GmbH” is approved on regiojobs"
    text, html = parts(german)
    assert "hat „Firma A GmbH“ freigeschaltet" in text and "https://jobs.example.org/company-area/" in text
    assert 'href="https://jobs.example.org/company-area/"' in html and '<html lang="de">' in html
    assert "Firmenbereich öffnen" in html
    text, html = parts(english)
    assert "has approved “Firma A GmbH”" in text and '<html lang="en">' in html
    assert german.extra_headers["Content-Language"] == "de" and english.extra_headers["Content-Language"] == "en"
    # Approving an approved company again changes nothing and mails nobody.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        company_approve(company=company)
    assert mail.outbox == []


def test_suspension_mails_the_reason(django_capture_on_commit_callbacks: Any, member_a: Any, member_b: Any) -> None:
    company = Company.objects.get(slug="firma-a")
    with django_capture_on_commit_callbacks(execute=True):
        company_suspend(company=company, reason="Impressum fehlt <bitte ergänzen>")
    message = _only_mail(member_a)
    assert message.subject == "„Firma A GmbH“ ist bei regiojobs gesperrt"
    text, html = parts(message)
    assert "Grund: Impressum fehlt <bitte ergänzen>" in text  # plain text is not HTML-escaped
    assert "Impressum fehlt &lt;bitte ergänzen&gt;" in html  # HTML is
    assert not mails_to(member_b.email)


def test_a_status_set_in_the_admin_form_mails_as_well(django_capture_on_commit_callbacks: Any, member_a: Any) -> None:
    company = Company.objects.get(slug="firma-a")
    company.status = Company.Status.SUSPENDED
    with django_capture_on_commit_callbacks(execute=True):
        company_save(company=company)
    assert _only_mail(member_a).subject == "„Firma A GmbH“ ist bei regiojobs gesperrt"


def test_rejection_mails_the_reason_and_the_edit_link(
    django_capture_on_commit_callbacks: Any, member_a: Any, english_member: Any, member_b: Any
) -> None:
    job = make_posting(Company.objects.get(slug="firma-a"), title="Koch (m/w/d)")
    with django_capture_on_commit_callbacks(execute=True):
        job_reject(job=job, reason="Bitte das Gehalt angeben.")
    edit = f"https://jobs.example.org/company-area/jobs/{job.pk}/edit/"
    german, english = _only_mail(member_a), _only_mail(english_member)
    assert german.subject == "Ihre Stellenanzeige „Koch (m/w/d)“ wurde abgelehnt"
    text, html = parts(german)
    assert "Grund: Bitte das Gehalt angeben." in text and edit in text
    assert f'href="{edit}"' in html and "Bitte das Gehalt angeben." in html
    assert english.subject == "Your posting “Koch (m/w/d)” was rejected"
    assert "Reason: Bitte das Gehalt angeben." in parts(english)[0]
    assert not mails_to(member_b.email) and len(mail.outbox) == 2


def test_registration_mails_the_operators_with_a_review_link(
    django_capture_on_commit_callbacks: Any, member_a: Any, settings: Any
) -> None:
    settings.OPERATOR_EMAILS = ["team@region.example"]
    group = Group.objects.create(name="operators")
    group.permissions.add(Permission.objects.get(codename="change_company", content_type__app_label="companies"))
    by_group = UserFactory(username="olga", is_staff=True)
    by_group.groups.add(group)
    LanguagePreference.objects.create(user=by_group, language="en")
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    UserFactory(username="staff-without-permission", is_staff=True)
    gone = UserFactory(username="gone", is_staff=True, is_superuser=True, is_active=False)
    UserFactory(username="no-address", is_staff=True, is_superuser=True, email="")
    company_b_owner = UserFactory(username="neu")
    with django_capture_on_commit_callbacks(execute=True):
        company = company_register(
            user=company_b_owner, name="Neue Firma GmbH", slug="neue-firma", website="https://neu.example",
            municipality=Company.objects.get(slug="firma-a").municipality,
        )  # fmt: skip
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        ["olga@example.org", "root@example.org", "team@region.example"]
    )
    assert not mails_to(gone.email) and not mails_to(member_a.email) and not mails_to(company_b_owner.email)
    review = f"https://jobs.example.org/admin/companies/company/{company.pk}/change/"
    german = _only_mail(superuser)
    assert german.subject == "Neue Firma zu prüfen: „Neue Firma GmbH“"
    text, html = parts(german)
    assert "„Neue Firma GmbH“ (Nordhausen) hat sich bei regiojobs registriert" in text and review in text
    assert f'href="{review}"' in html
    assert _only_mail(by_group).subject == "New company to review: “Neue Firma GmbH”"
    assert mails_to("team@region.example")[0].subject.startswith("Neue Firma zu prüfen")  # the default language


def test_no_mail_when_the_transaction_rolls_back(django_capture_on_commit_callbacks: Any, member_a: Any) -> None:
    company = Company.objects.get(slug="firma-a")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        company_suspend(company=company, reason="Test")
        raise RuntimeError("something later in the same transaction failed")
    assert mail.outbox == []
    assert Company.objects.get(pk=company.pk).status == Company.Status.APPROVED


def test_the_mail_waits_for_the_commit(django_capture_on_commit_callbacks: Any, member_a: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        company_suspend(company=Company.objects.get(slug="firma-a"), reason="Test")
        assert mail.outbox == []
    for callback in callbacks:  # the mail's, and others (the cache's)
        callback()
    assert len(mail.outbox) == 1


def test_context_must_travel_as_json() -> None:
    with pytest.raises(TypeError):
        send_templated_mail(
            to=["a@example.org"], template="notifications/mail/company_approved", context={"x": object()}, language="de"
        )


def _failing(server: LocalServer, path: str = "/jobs") -> None:
    server.add(path, "boom", status=500)


def test_the_third_failed_crawl_in_a_row_mails_once(
    django_capture_on_commit_callbacks: Any, career_site: LocalServer, member_a: Any, member_b: Any
) -> None:
    company = Company.objects.get(slug="firma-a")
    source = source_add(by_operator=True, company=company, url=career_site.url("/jobs"), kind="jsonld")
    _failing(career_site)
    subjects = []
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            run = crawl_source(source)
        assert run.outcome == Outcome.FAILED
        subjects.append(len(mail.outbox))
    assert subjects == [0, 0, 1, 1]  # at the third failure, not again at the fourth
    message = _only_mail(member_a)
    assert message.subject == "regiojobs kann die Karriereseite von „Firma A GmbH“ nicht lesen"
    text, html = parts(message)
    assert "3-mal in Folge" in text and career_site.url("/jobs") in text
    assert "https://jobs.example.org/company-area/" in html
    assert not mails_to(member_b.email)
    # A healthy run resets the count; three more failures mail again.
    career_site.add("/jobs", "<html><body><p>Zurzeit keine Stellen.</p></body></html>")
    with django_capture_on_commit_callbacks(execute=True):
        assert crawl_source(source).outcome != Outcome.FAILED
    _failing(career_site)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            crawl_source(source)
    assert len(mail.outbox) == 2


def test_a_lost_worker_counts_as_a_failure_and_mails_at_the_third(
    django_capture_on_commit_callbacks: Any, member_a: Any, settings: Any
) -> None:
    import datetime

    from django.utils import timezone

    from crawlers.models import CrawlRun, CrawlSource

    source = source_add(company=Company.objects.get(slug="firma-a"), url="https://a.example/jobs")
    CrawlSource.objects.filter(pk=source.pk).update(consecutive_failures=2)
    assert source_claim(source.pk)
    run = CrawlRun.objects.create(source=source)
    CrawlRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert runs_reap_orphans() == 1
    assert _only_mail(member_a).subject.startswith("regiojobs kann die Karriereseite")


def test_members_of_no_company_and_inactive_members_get_nothing(
    django_capture_on_commit_callbacks: Any, member_a: Any
) -> None:
    inactive = MembershipFactory(company=Company.objects.get(slug="firma-a"), user=UserFactory(username="alt")).user
    inactive.is_active = False
    inactive.save()
    other = CompanyFactory(slug="firma-c", status=Company.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        company_approve(company=other)  # it has no members: no mail at all
        company_suspend(company=Company.objects.get(slug="firma-a"))
    assert [m.to for m in mail.outbox] == [[member_a.email]]
    text, html = parts(mail.outbox[0])
    assert "Grund" not in text and "Grund" not in html  # no reason given, none shown
