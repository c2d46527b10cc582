"""The audit trail: every operator, company and crawler write leaves exactly one entry (who, what, before → after)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation

from audit.models import Action, AuditEntry
from companies.models import Company, CompanyMembership
from crawlers.pipeline import crawl_source, source_add
from jobs import services
from jobs.models import JobPosting, Status
from tests.crawlers.server import LocalServer
from tests.crawlers.test_pipeline import detail, jsonld_page
from tests.factories import CompanyFactory, UserFactory, make_posting

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, operator) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(operator)
    return client


@pytest.fixture
def logged_in_a(client: Client, member_a) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(member_a)
    return client


def entries_of(obj) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    return list(AuditEntry.objects.for_object(obj).order_by("id"))


def test_approving_through_the_admin_action_records_who_and_before_after(admin_client, operator):
    company = CompanyFactory(status="pending")
    r = admin_client.post(
        "/admin/companies/company/", {"action": "approve", "_selected_action": [company.pk]}, follow=True
    )
    assert r.status_code == 200
    [entry] = entries_of(company)
    assert entry.action == "company.approve"
    assert entry.actor == operator and entry.actor_label == "operator"
    assert entry.changes == {"status": ["pending", "approved"]}
    assert entry.target_label == company.name
    # Approving again changes nothing, so it records nothing.
    admin_client.post("/admin/companies/company/", {"action": "approve", "_selected_action": [company.pk]})
    assert len(entries_of(company)) == 1


def test_company_form_edit_and_membership_changes_are_recorded(admin_client, operator, member_a, company_a):
    membership = CompanyMembership.objects.get(company=company_a)
    newcomer = UserFactory(username="neu")
    data = {
        "name": "Firma A Neu GmbH",
        "slug": company_a.slug,
        "municipality": company_a.municipality_id,
        "status": "suspended",
        "website": company_a.website,
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": str(membership.pk),
        "memberships-0-company": str(company_a.pk),
        "memberships-0-user": str(member_a.pk),
        "memberships-0-role": "editor",
        "memberships-1-company": str(company_a.pk),
        "memberships-1-user": str(newcomer.pk),
        "memberships-1-role": "owner",
    }
    r = admin_client.post(f"/admin/companies/company/{company_a.pk}/change/", data)
    assert r.status_code == 302, r.content.decode()[:3000]
    by_action = {e.action: e for e in entries_of(company_a)}
    assert by_action["company.update"].changes["name"] == ["Firma A GmbH", "Firma A Neu GmbH"]
    assert by_action["company.suspend"].changes == {"status": ["approved", "suspended"]}
    assert by_action["company.member_change"].changes == {"role": ["owner", "editor"]}
    assert by_action["company.member_add"].changes == {"user_id": [None, newcomer.pk], "role": [None, "owner"]}
    assert {e.actor_label for e in by_action.values()} == {"operator"}
    # The change page shows the history to the operator.
    page = admin_client.get(f"/admin/companies/company/{company_a.pk}/change/").content.decode()
    with translation.override("de"):
        assert str(Action.MEMBER_ADD.label) in page and "Firma A Neu GmbH" in page
    # …with a link to all of its entries in the audit list, filtered to it.
    [link] = re.findall(r'href="(/admin/audit/auditentry/\?[^"]+)"', page)
    listing = admin_client.get(link.replace("&amp;", "&"))
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == len(by_action) == 4


def test_rejecting_with_a_reason_through_the_admin(admin_client, operator):
    job = make_posting()
    admin_client.post(
        "/admin/jobs/jobposting/",
        {"action": "reject", "_selected_action": [job.pk], "apply": "1", "reason": "Doppelt eingestellt"},
    )
    entry = entries_of(job)[-1]
    assert (entry.action, entry.actor_label, entry.reason) == ("posting.reject", "operator", "Doppelt eingestellt")
    assert entry.changes == {
        "status": ["published", "rejected"],
        "rejection_reason": ["", "Doppelt eingestellt"],
    }
    page = admin_client.get(f"/admin/jobs/jobposting/{job.pk}/change/").content.decode()
    with translation.override("de"):
        assert str(Action.POSTING_REJECT.label) in page and "Doppelt eingestellt" in page


def test_company_area_close_renew_delete(logged_in_a, member_a, company_a):
    job = services.job_create(
        company=company_a, data=_data(), by=member_a
    )  # created by the member through the same service
    logged_in_a.post(f"/company-area/jobs/{job.pk}/close/")
    logged_in_a.post(f"/company-area/jobs/{job.pk}/renew/")
    actions = [(e.action, e.actor_label) for e in entries_of(job)]
    assert actions == [("posting.create", "anna"), ("posting.close", "anna"), ("posting.renew", "anna")]
    assert entries_of(job)[1].changes == {"status": ["published", "closed"]}

    draft = make_posting(company_a, status="draft")
    draft_pk = draft.pk
    logged_in_a.post(f"/company-area/jobs/{draft_pk}/delete/")
    assert not JobPosting.objects.filter(pk=draft_pk).exists()
    deleted = AuditEntry.objects.get(action="posting.delete", target_id=str(draft_pk))
    assert deleted.actor_label == "anna" and deleted.changes["title"][0] == draft.title


def _data(**overrides):  # type: ignore[no-untyped-def]
    from tests.factories import posting_data

    return posting_data(**overrides)


def test_api_patch_records_only_the_changed_fields(client_a, company_a):
    long_text = "<p>" + "Sehr lange Beschreibung. " * 400 + "</p>"
    job = make_posting(company_a)
    r = client_a.patch(
        f"/api/v1/jobs/{job.pk}/", {"title": "Neuer Titel (m/w/d)", "description": long_text}, format="json"
    )
    assert r.status_code == 200, r.content
    entry = entries_of(job)[-1]
    assert entry.action == "posting.update" and entry.actor_label == "anna"
    assert set(entry.changes) == {"title", "description"}
    assert entry.changes["title"] == ["Zerspanungsmechaniker (m/w/d)", "Neuer Titel (m/w/d)"]
    # A long description is kept short: its start, length and digest.
    new_description = entry.changes["description"][1]
    assert len(new_description) < 300 and "chars, sha256" in new_description

    # Bad input changes nothing and records nothing.
    count = AuditEntry.objects.count()
    r = client_a.patch(f"/api/v1/jobs/{job.pk}/", {"salary_min": -5}, format="json")
    assert r.status_code == 400
    assert AuditEntry.objects.count() == count


def test_crawler_import_is_recorded_with_the_source_as_actor(server: LocalServer, company_a):
    server.add("/karriere", jsonld_page(links=[("/karriere/stelle-1", "Maurer (m/w/d)")]))
    server.add("/karriere/stelle-1", detail("A-1", "Maurer (m/w/d)"))
    # The local server's address is allowed for operator-added sources only (the SSRF guard).
    source = source_add(company=company_a, url=server.url("/karriere"), by_operator=True)
    crawl_source(source)
    job = JobPosting.objects.get(external_id="A-1")
    [entry] = entries_of(job)
    assert entry.action == "posting.create"
    assert entry.actor is None and entry.actor_label == f"crawler: 127.0.0.1 (crawl:{source.pk})"
    assert entry.changes["status"] == [None, "published"]


def test_expiry_is_recorded_as_the_system(company_a):
    job = make_posting(company_a)
    JobPosting.objects.filter(pk=job.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert services.jobs_expire() == 1
    entry = entries_of(job)[-1]
    assert (entry.action, entry.actor_label, entry.changes) == (
        "posting.expire",
        "system",
        {"status": ["published", "expired"]},
    )


def test_a_rolled_back_write_leaves_no_entry(member_a, company_a):
    job = make_posting(company_a)
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.job_close(job=job, by=member_a)
        raise RuntimeError("a later step of the same request fails")
    job.refresh_from_db()
    assert job.status == Status.PUBLISHED
    assert AuditEntry.objects.count() == before


def test_no_secrets_in_changes(company_a):
    from audit.services import audit_diff

    assert audit_diff({"password": "old"}, {"password": "new-secret"}) == {"password": ["[redacted]", "[redacted]"]}
    assert audit_diff({"api_token": "a"}, {"api_token": "a"}) == {}


def test_purge_deletes_only_entries_past_the_retention(settings, company_a, capsys):
    settings.AUDIT_RETENTION_DAYS = 30
    job = make_posting(company_a)
    old, recent = AuditEntry.objects.for_object(job).get(), None
    AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    services.job_close(job=job)
    recent = entries_of(job)[-1]
    call_command("audit_purge")
    assert "1 audit entries older than 30 days deleted." in capsys.readouterr().out
    assert list(AuditEntry.objects.for_object(job)) == [recent]


def test_purge_task_runs(settings, company_a):
    from audit.tasks import purge

    settings.AUDIT_RETENTION_DAYS = 0
    make_posting(company_a)
    AuditEntry.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=5))
    assert purge.delay().get() >= 1
    assert not AuditEntry.objects.exists()


def test_non_staff_cannot_see_the_audit_admin(client, member_a, company_a, operator):
    make_posting(company_a)
    client.force_login(member_a)
    r = client.get("/admin/audit/auditentry/")
    assert r.status_code == 302 and "/admin/login/" in r["Location"]
    client.force_login(operator)
    r = client.get("/admin/audit/auditentry/?action__exact=posting.create")
    assert r.status_code == 200 and r.context["cl"].result_count == 1
    entry = AuditEntry.objects.first()
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200  # view only
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_company_registration_in_the_company_area(logged_in_a, member_a):
    from tests.factories import NORDHAUSEN

    r = logged_in_a.post(
        "/company-area/register/",
        {"name": "Neue Tischlerei GmbH", "municipality": NORDHAUSEN, "website": "https://tischlerei.example"},
    )
    assert r.status_code == 302
    company = Company.objects.get(name="Neue Tischlerei GmbH")
    [entry] = entries_of(company)
    assert entry.action == "company.register" and entry.actor_label == "anna"
    assert entry.changes["status"] == [None, "pending"]


def test_a_workplace_change_is_in_the_diff(client_a, company_a):
    from tests.factories import NORDHAUSEN

    job = make_posting(company_a)
    moved = [{"municipality": NORDHAUSEN, "postal_code": "99734", "street": "Neue Straße 2"}]
    r = client_a.patch(f"/api/v1/jobs/{job.pk}/", {"workplaces": moved}, format="json")
    assert r.status_code == 200, r.content
    entry = entries_of(job)[-1]
    assert set(entry.changes) == {"workplaces"}
    old, new = entry.changes["workplaces"]
    assert old[0]["street"] == "Beispielstraße 1" and new[0]["street"] == "Neue Straße 2"
