"""The company area without dead ends: a rejected posting is edited and resubmitted, close and delete ask first,
"Close" is not offered for an expired posting, and a draft shows no publication date."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from audit.models import Action, AuditEntry
from jobs import services
from jobs.models import JobPosting, Status
from tests.factories import make_posting
from tests.frontend.conftest import soup
from tests.frontend.test_company_area import form_data

pytestmark = pytest.mark.django_db


def _rejected(company, title="Abgelehnte Stelle (m/w/d)") -> JobPosting:  # type: ignore[no-untyped-def]
    job = make_posting(company, title=title)
    return services.job_reject(job=job, reason="Bitte nennen Sie das Gehalt.")


def _row(page, job):  # type: ignore[no-untyped-def]
    link = page.find("a", href=f"/company-area/jobs/{job.pk}/edit/") or page.find(string=job.title)
    return link.find_parent("li", class_="posting-row")


class TestRejectedPosting:
    def test_the_dashboard_shows_the_reason_with_edit_and_resubmit(self, logged_in_a, company_a):
        job = _rejected(company_a)
        page = soup(logged_in_a.get("/company-area/"))
        row = _row(page, job)
        assert "Bitte nennen Sie das Gehalt." in row.get_text(" ", strip=True)
        assert row.find("a", href=f"/company-area/jobs/{job.pk}/edit/") is not None
        resubmit = row.find("form", action=f"/company-area/jobs/{job.pk}/resubmit/")
        assert resubmit is not None and "Zur Prüfung erneut einreichen" in resubmit.get_text(" ", strip=True)

    def test_edited_then_resubmitted_it_waits_for_review_and_keeps_its_reason(self, logged_in_a, company_a):
        job = _rejected(company_a)
        response = logged_in_a.post(
            f"/company-area/jobs/{job.pk}/edit/", form_data(title="Korrigierte Stelle (m/w/d)", status="rejected")
        )
        assert response.status_code == 302
        job.refresh_from_db()
        assert (job.status, job.is_visible) == (Status.REJECTED, False)

        response = logged_in_a.post(f"/company-area/jobs/{job.pk}/resubmit/", follow=True)
        assert "wartet auf die Prüfung" in soup(response).find(class_="messages").get_text()
        job.refresh_from_db()
        assert (job.status, job.title, job.is_visible) == (Status.IN_REVIEW, "Korrigierte Stelle (m/w/d)", False)
        assert job.rejection_reason == "Bitte nennen Sie das Gehalt."
        entry = AuditEntry.objects.for_object(job).filter(action=Action.POSTING_RESUBMIT).get()
        assert entry.changes["status"] == ["rejected", "in_review"]

        row = _row(soup(logged_in_a.get("/company-area/")), job)
        text = row.get_text(" ", strip=True)
        assert "Wartet auf Prüfung" in text
        assert row.find("form", action=f"/company-area/jobs/{job.pk}/resubmit/") is None
        # Still editable while it waits, and the edit keeps it waiting.
        assert logged_in_a.post(f"/company-area/jobs/{job.pk}/edit/", form_data(status="in_review")).status_code == 302
        job.refresh_from_db()
        assert job.status == Status.IN_REVIEW

    def test_only_a_rejected_posting_is_resubmitted(self, logged_in_a, company_a):
        job = make_posting(company_a)
        response = logged_in_a.post(f"/company-area/jobs/{job.pk}/resubmit/", follow=True)
        assert soup(response).find(class_="message-error") is not None
        job.refresh_from_db()
        assert job.status == Status.PUBLISHED

    def test_another_companys_posting_is_not_found(self, logged_in_b, company_a):
        job = _rejected(company_a)
        assert logged_in_b.post(f"/company-area/jobs/{job.pk}/resubmit/").status_code == 404
        job.refresh_from_db()
        assert job.status == Status.REJECTED


class TestConfirmFirst:
    @pytest.mark.parametrize(("action", "status"), [("close", "published"), ("delete", "draft")])
    def test_get_shows_what_will_happen_and_changes_nothing(self, logged_in_a, company_a, action, status):
        job = make_posting(company_a, title="Bestätigungsstelle (m/w/d)", status=status)
        dashboard = soup(logged_in_a.get("/company-area/"))
        link = _row(dashboard, job).find("a", href=f"/company-area/jobs/{job.pk}/{action}/")
        assert link is not None
        page = soup(logged_in_a.get(link["href"]))
        assert "Bestätigungsstelle (m/w/d)" in page.find("main").get_text(" ", strip=True)
        form = page.find("form", action=f"/company-area/jobs/{job.pk}/{action}/")
        assert form is not None and form["method"] == "post"
        assert page.find("a", href="/company-area/", string="Abbrechen") is not None
        assert JobPosting.objects.get(pk=job.pk).status == status

        logged_in_a.post(f"/company-area/jobs/{job.pk}/{action}/")
        if action == "close":
            assert JobPosting.objects.get(pk=job.pk).status == Status.CLOSED
        else:
            assert not JobPosting.objects.filter(pk=job.pk).exists()

    def test_a_confirmation_for_what_is_not_allowed_leads_back_with_the_reason(self, logged_in_a, company_a):
        job = make_posting(company_a)
        response = logged_in_a.get(f"/company-area/jobs/{job.pk}/delete/", follow=True)
        assert response.redirect_chain[-1][0] == "/company-area/"
        assert soup(response).find(class_="message-error") is not None


class TestCloseIsNotOfferedForExpired:
    def test_marked_expired(self, logged_in_a, company_a):
        job = make_posting(company_a)
        JobPosting.objects.filter(pk=job.pk).update(status=Status.EXPIRED)
        page = soup(logged_in_a.get("/company-area/"))
        assert page.find("a", href=f"/company-area/jobs/{job.pk}/close/") is None
        assert page.find("form", action=f"/company-area/jobs/{job.pk}/renew/") is not None
        response = logged_in_a.post(f"/company-area/jobs/{job.pk}/close/", follow=True)
        assert soup(response).find(class_="message-error") is not None
        assert JobPosting.objects.get(pk=job.pk).status == Status.EXPIRED

    def test_published_but_past_its_expiry(self, logged_in_a, company_a):
        job = make_posting(company_a)
        JobPosting.objects.filter(pk=job.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
        page = soup(logged_in_a.get("/company-area/"))
        assert page.find("a", href=f"/company-area/jobs/{job.pk}/close/") is None
        assert logged_in_a.get(f"/company-area/jobs/{job.pk}/close/").status_code == 302


def test_a_draft_shows_no_publication_date(logged_in_a, company_a):
    draft = make_posting(company_a, title="Entwurfsstelle (m/w/d)", status="draft")
    row = _row(soup(logged_in_a.get("/company-area/")), draft)
    text = row.get_text(" ", strip=True)
    assert "Noch nicht veröffentlicht" in text and "Veröffentlicht am" not in text
    page = soup(logged_in_a.get(f"/jobs/{draft.pk}/", follow=True))
    meta = page.find(class_="card-meta").get_text(" ", strip=True)
    assert "noch nicht veröffentlicht" in meta and "veröffentlicht am" not in meta.lower()
