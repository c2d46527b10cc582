"""The company area: login required, dashboard, create/edit/close/renew/delete, permissions, registration."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.utils import timezone

from companies.models import Company, CompanyMembership
from jobs import services
from jobs.models import JobPosting, Status
from tests.factories import NORDHAUSEN, make_posting
from tests.frontend.conftest import field_error, soup

pytestmark = pytest.mark.django_db


def form_data(**overrides: str | list[str]) -> dict[str, str | list[str]]:
    """A valid posting as the browser posts the form."""
    data: dict[str, str | list[str]] = {
        "title": "Mechatroniker (m/w/d)",
        "description": "Wir suchen Verstärkung.\n\nSchichtarbeit möglich.",
        "workplace_count": "1",
        "wp1_place": "Nordhausen",
        "wp1_postal_code": "99734",
        "wp1_street": "Hauptstraße 1",
        "remote": "none",
        "field": "26",
        "employment_types": ["full_time", "shift"],
        "offer_type": "job",
        "contract": "permanent",
        "salary_min": "2800",
        "salary_max": "3400",
        "salary_period": "month",
        "apply_url": "https://firma-a.example/jobs/1",
        "apply_email": "",
        "valid_through": "",
        "status": "published",
    }
    data.update(overrides)
    return data


class TestAccess:
    @pytest.mark.parametrize(
        "url",
        ["/company-area/", "/company-area/register/", "/company-area/firma-a/jobs/new/", "/company-area/jobs/1/edit/"],
    )
    def test_login_required(self, company_a, url):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"/accounts/login/?next={url}")

    def test_dashboard_shows_own_postings_by_status(self, logged_in_a, company_a, company_b):
        published = make_posting(company_a, title="Veröffentlichte Stelle")
        draft = make_posting(company_a, title="Entwurf Stelle", status="draft")
        closed = make_posting(company_a, title="Geschlossene Stelle")
        closed.status = Status.CLOSED
        closed.save()
        make_posting(company_b, title="Fremde Stelle")

        response = logged_in_a.get("/company-area/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Fremde Stelle" not in html
        page = soup(response)
        headings = [h.get_text(" ", strip=True) for h in page.find_all("h3", class_="status-heading")]
        assert headings == ["Entwurf (1)", "Veröffentlicht (1)", "Geschlossen (1)"]
        assert page.find("a", href=f"/company-area/jobs/{published.pk}/edit/") is not None
        assert page.find("a", href=f"/company-area/jobs/{draft.pk}/delete/") is not None
        assert page.find("form", action=f"/company-area/jobs/{closed.pk}/renew/") is not None
        assert page.find("a", href="/company-area/firma-a/jobs/new/") is not None


class TestCreate:
    def test_form_renders_with_labels(self, logged_in_a, company_a):
        response = logged_in_a.get("/company-area/firma-a/jobs/new/")
        assert response.status_code == 200
        page = soup(response)
        form = page.find("form", method="post")
        for control in form.find_all(["input", "select", "textarea"]):
            if control.get("type") in ("hidden", "submit"):
                continue
            assert page.find("label", attrs={"for": control["id"]}) is not None, control["name"]

    def test_valid_posting_is_created_through_the_service(self, logged_in_a, company_a):
        response = logged_in_a.post("/company-area/firma-a/jobs/new/", form_data())
        assert response.status_code == 302 and response["Location"] == "/company-area/"
        job = JobPosting.objects.get(company=company_a)
        assert job.title == "Mechatroniker (m/w/d)"
        assert job.status == Status.PUBLISHED and job.is_visible
        assert job.employment_types == ["full_time", "shift"]
        assert job.field_id == "26"
        assert job.description == "<p>Wir suchen Verstärkung.</p><p>Schichtarbeit möglich.</p>"
        (wp,) = job.workplaces.all()
        assert (wp.municipality_id, wp.postal_code, wp.street) == (NORDHAUSEN, "99734", "Hauptstraße 1")
        assert "gespeichert" in logged_in_a.get("/company-area/").content.decode()

    def test_html_description_is_sanitized(self, logged_in_a, company_a):
        logged_in_a.post(
            "/company-area/firma-a/jobs/new/",
            form_data(description='<p onclick="x()">Hallo<script>alert(1)</script></p>'),
        )
        job = JobPosting.objects.get(company=company_a)
        assert "script" not in job.description and "onclick" not in job.description

    def test_service_errors_are_shown_next_to_their_fields(self, logged_in_a, company_a):
        response = logged_in_a.post(
            "/company-area/firma-a/jobs/new/",
            form_data(
                salary_min="4000",
                salary_max="3000",
                apply_url="ftp://firma-a.example",
                apply_email="kein-mail",
                wp1_place="",
                wp1_postal_code="",
                wp1_street="",
                valid_through=(timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
            ),
        )
        assert response.status_code == 200
        assert not JobPosting.objects.exists()
        assert "Mindestgehalt" in field_error(response, "id_salary_min")
        assert "http" in field_error(response, "id_apply_url")
        assert "E-Mail" in field_error(response, "id_apply_email")
        assert "Arbeitsort" in field_error(response, "id_wp1_place")
        assert "Vergangenheit" in field_error(response, "id_valid_through")
        assert soup(response).find(id="form-errors") is not None

    def test_form_errors_are_shown_next_to_their_fields(self, logged_in_a, company_a):
        response = logged_in_a.post(
            "/company-area/firma-a/jobs/new/", form_data(title="", salary_min="viel", field="99")
        )
        assert response.status_code == 200
        assert field_error(response, "id_title") == "Dieses Feld ist zwingend erforderlich."
        assert "Zahl" in field_error(response, "id_salary_min")
        assert "gültige Auswahl" in field_error(response, "id_field")
        # What the user typed is kept.
        assert soup(response).find(id="id_wp1_street")["value"] == "Hauptstraße 1"

    def test_salary_without_period_is_refused_at_the_period_field(self, logged_in_a, company_a):
        response = logged_in_a.post("/company-area/firma-a/jobs/new/", form_data(salary_period=""))
        assert response.status_code == 200
        assert "Stunde" in field_error(response, "id_salary_period")

    def test_pending_company_may_only_save_drafts(self, logged_in_a, company_a):
        company_a.status = Company.Status.PENDING
        company_a.save()
        response = logged_in_a.post("/company-area/firma-a/jobs/new/", form_data())
        assert response.status_code == 200
        assert "freigegeben" in field_error(response, "id_status")
        assert logged_in_a.post("/company-area/firma-a/jobs/new/", form_data(status="draft")).status_code == 302
        assert JobPosting.objects.get().status == Status.DRAFT

    def test_cannot_post_for_another_company(self, logged_in_a, company_b):
        assert logged_in_a.get("/company-area/firma-b/jobs/new/").status_code == 404
        assert logged_in_a.post("/company-area/firma-b/jobs/new/", form_data()).status_code == 404
        assert not JobPosting.objects.exists()


class TestEditCloseRenew:
    def test_edit_prefills_and_saves(self, logged_in_a, company_a):
        job = make_posting(company_a, title="Alter Titel", employment_types=["part_time"])
        page = soup(logged_in_a.get(f"/company-area/jobs/{job.pk}/edit/"))
        assert page.find(id="id_title")["value"] == "Alter Titel"
        assert page.find(id="id_wp1_place")["value"] == "Nordhausen"
        checked = [i["value"] for i in page.find_all("input", attrs={"name": "employment_types", "checked": True})]
        assert checked == ["part_time"]

        response = logged_in_a.post(f"/company-area/jobs/{job.pk}/edit/", form_data(title="Neuer Titel"))
        assert response.status_code == 302
        job.refresh_from_db()
        assert job.title == "Neuer Titel"
        assert job.workplaces.get().street == "Hauptstraße 1"

    def test_edit_shows_a_plain_description_as_its_text(self, logged_in_a, company_a):
        plain = make_posting(company_a, description="Wir suchen Sie.\n\nAufgaben:\n- Fräsen & Drehen")
        box = soup(logged_in_a.get(f"/company-area/jobs/{plain.pk}/edit/")).find(id="id_description").get_text()
        assert box.strip() == "Wir suchen Sie.\n\nAufgaben:\n- Fräsen & Drehen"
        marked = make_posting(company_a, description="<ul><li>Fräsen</li></ul>")
        box = soup(logged_in_a.get(f"/company-area/jobs/{marked.pk}/edit/")).find(id="id_description").get_text()
        assert box.strip() == "<ul><li>Fräsen</li></ul>"

    def test_edit_shows_service_errors(self, logged_in_a, company_a):
        job = make_posting(company_a)
        response = logged_in_a.post(f"/company-area/jobs/{job.pk}/edit/", form_data(wp1_postal_code="123"))
        assert response.status_code == 200
        assert "fünf Ziffern" in field_error(response, "id_wp1_postal_code")

    def test_close_renew_delete(self, logged_in_a, company_a):
        job = make_posting(company_a)
        assert logged_in_a.post(f"/company-area/jobs/{job.pk}/close/").status_code == 302
        job.refresh_from_db()
        assert job.status == Status.CLOSED

        assert logged_in_a.post(f"/company-area/jobs/{job.pk}/renew/").status_code == 302
        job.refresh_from_db()
        assert job.status == Status.PUBLISHED and job.expires_on > timezone.localdate()

        draft = make_posting(company_a, status="draft")
        logged_in_a.post(f"/company-area/jobs/{draft.pk}/delete/")
        assert not JobPosting.objects.filter(pk=draft.pk).exists()

    def test_deleting_a_published_posting_is_refused_with_a_message(self, logged_in_a, company_a):
        job = make_posting(company_a)
        response = logged_in_a.post(f"/company-area/jobs/{job.pk}/delete/", follow=True)
        assert JobPosting.objects.filter(pk=job.pk).exists()
        assert "Entwürfe" in soup(response).find(class_="message-error").get_text()

    def test_transitions_need_post(self, logged_in_a, company_a):
        job = make_posting(company_a)
        assert logged_in_a.get(f"/company-area/jobs/{job.pk}/renew/").status_code == 405
        assert logged_in_a.get(f"/company-area/jobs/{job.pk}/resubmit/").status_code == 405
        # Close asks first: its GET is the confirmation page, which changes nothing.
        assert logged_in_a.get(f"/company-area/jobs/{job.pk}/close/").status_code == 200
        job.refresh_from_db()
        assert job.status == Status.PUBLISHED

    @pytest.mark.parametrize("action", ["edit", "close", "renew", "delete"])
    def test_other_companies_postings_are_not_found(self, logged_in_b, company_a, action):
        job = make_posting(company_a, status="draft")
        before = (job.status, job.title)
        if action == "edit":
            response = logged_in_b.post(f"/company-area/jobs/{job.pk}/edit/", form_data(title="Gekapert"))
        else:
            response = logged_in_b.post(f"/company-area/jobs/{job.pk}/{action}/")
        assert response.status_code == 404
        job.refresh_from_db()
        assert (job.status, job.title) == before
        assert logged_in_b.get(f"/company-area/jobs/{job.pk}/edit/").status_code == 404


def _ended(company: Company, status: str) -> JobPosting:
    """A posting of the company that has ended the given way (closed, expired or rejected)."""
    job = make_posting(company, title="Alter Titel (m/w/d)")
    if status == Status.CLOSED:
        services.job_close(job=job)
    elif status == Status.REJECTED:
        services.job_reject(job=job, reason="Keine echte Stelle")
    else:
        JobPosting.objects.filter(pk=job.pk).update(status=status)
    job.refresh_from_db()
    assert job.status == status
    return job


class TestWhichPostingsCanBeEdited:
    """One rule (jobs.models.EDITABLE_STATUSES, enforced in services.job_update): the page and the API agree."""

    @pytest.mark.parametrize("status", [Status.CLOSED, Status.EXPIRED])
    def test_an_ended_posting_is_edited_and_stays_ended_on_the_page(self, logged_in_a, company_a, status):
        job = _ended(company_a, status)
        dashboard = soup(logged_in_a.get("/company-area/"))
        assert dashboard.find("a", href=f"/company-area/jobs/{job.pk}/edit/") is not None
        form = soup(logged_in_a.get(f"/company-area/jobs/{job.pk}/edit/"))
        offered = [i["value"] for i in form.find_all("input", attrs={"name": "status"})]
        assert offered == [status, "draft", "published"]
        assert form.find("input", attrs={"name": "status", "checked": True})["value"] == status

        response = logged_in_a.post(f"/company-area/jobs/{job.pk}/edit/", form_data(title="Neu (m/w/d)", status=status))
        assert response.status_code == 302, response.content[:2000]
        job.refresh_from_db()
        assert (job.title, job.status, job.is_visible) == ("Neu (m/w/d)", status, False)

    @pytest.mark.parametrize("status", [Status.CLOSED, Status.EXPIRED])
    def test_an_ended_posting_is_edited_and_stays_ended_through_the_api(self, client_a, company_a, status):
        job = _ended(company_a, status)
        response = client_a.patch(f"/api/v1/jobs/{job.pk}/", {"title": "Neu (m/w/d)"}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == status
        # Sent back with its status, as the page's form does: the same outcome.
        response = client_a.patch(f"/api/v1/jobs/{job.pk}/", {"title": "Neu (m/w/d)", "status": status}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == status
        job.refresh_from_db()
        assert (job.title, job.status, job.is_visible) == ("Neu (m/w/d)", status, False)

    def test_a_rejected_posting_is_edited_and_stays_rejected_alike_on_the_page_and_in_the_api(
        self, logged_in_a, client_a, company_a
    ):
        job = _ended(company_a, Status.REJECTED)
        assert soup(logged_in_a.get("/company-area/")).find("a", href=f"/company-area/jobs/{job.pk}/edit/") is not None
        form = soup(logged_in_a.get(f"/company-area/jobs/{job.pk}/edit/"))
        assert [i["value"] for i in form.find_all("input", attrs={"name": "status"})] == ["rejected"]
        assert "Keine echte Stelle" in form.get_text()

        page = logged_in_a.post(f"/company-area/jobs/{job.pk}/edit/", form_data(title="Neu (m/w/d)", status="rejected"))
        assert page.status_code == 302
        job.refresh_from_db()
        assert (job.title, job.status, job.is_visible) == ("Neu (m/w/d)", Status.REJECTED, False)
        # Publishing it by hand is refused: only the operator publishes it after a resubmission.
        page = logged_in_a.post(f"/company-area/jobs/{job.pk}/edit/", form_data(status="published"))
        assert page.status_code == 200
        assert field_error(page, "id_status")

        api = client_a.patch(f"/api/v1/jobs/{job.pk}/", {"title": "API (m/w/d)"}, format="json")
        assert api.status_code == 200, api.content
        assert api.json()["status"] == "rejected"
        api = client_a.patch(f"/api/v1/jobs/{job.pk}/", {"status": "published"}, format="json")
        assert api.status_code == 400 and "status" in api.json()
        job.refresh_from_db()
        assert (job.title, job.status) == ("API (m/w/d)", Status.REJECTED)

    def test_the_operator_may_edit_a_rejected_posting_on_both(self, client_operator, operator, company_a):
        job = _ended(company_a, Status.REJECTED)
        page = Client(HTTP_ACCEPT_LANGUAGE="de")
        page.force_login(operator)
        assert page.get(f"/company-area/jobs/{job.pk}/edit/").status_code == 200
        response = client_operator.patch(f"/api/v1/jobs/{job.pk}/", {"title": "Neu (m/w/d)"}, format="json")
        assert response.status_code == 200, response.content
        job.refresh_from_db()
        assert (job.title, job.status) == ("Neu (m/w/d)", Status.REJECTED)


class TestRegistration:
    def test_registration_creates_a_pending_company_owned_by_the_user(self, logged_in_a, member_a):
        response = logged_in_a.post(
            "/company-area/register/",
            {
                "name": "Neue Tischlerei GmbH",
                "municipality": NORDHAUSEN,
                "postal_code": "99734",
                "website": "https://tischlerei.example",
            },
        )
        assert response.status_code == 302
        company = Company.objects.get(name="Neue Tischlerei GmbH")
        assert company.status == Company.Status.PENDING
        assert company.slug == "neue-tischlerei-gmbh"
        assert CompanyMembership.objects.get(company=company).user == member_a
        # It appears in the dashboard, marked pending, and not in public.
        assert "Neue Tischlerei GmbH" in logged_in_a.get("/company-area/").content.decode()
        assert Client().get(f"/companies/{company.slug}/").status_code == 404

    def test_registration_errors_next_to_fields(self, logged_in_a):
        response = logged_in_a.post("/company-area/register/", {"name": "", "municipality": "", "postal_code": "12"})
        assert response.status_code == 200
        assert field_error(response, "id_name")
        assert field_error(response, "id_municipality")
        assert "fünf Ziffern" in field_error(response, "id_postal_code")

    def test_slug_is_made_unique(self, logged_in_a, company_a):
        logged_in_a.post("/company-area/register/", {"name": "Firma A", "municipality": NORDHAUSEN})
        assert Company.objects.filter(name="Firma A").get().slug == "firma-a-2"


class TestCrawlSources:
    @pytest.fixture
    def source(self, company_a):  # type: ignore[no-untyped-def]
        from crawlers.pipeline import source_add

        # A closed port on this machine: the crawl fails fast and records why.
        return source_add(company=company_a, url="http://127.0.0.1:9/karriere", by_operator=True)

    def test_dashboard_shows_sources_with_their_last_run(self, logged_in_a, source):
        from crawlers.models import CrawlRun

        CrawlRun.objects.create(
            source=source, outcome="partial", found=7, new=2, errors=[{"url": "x", "reason": "Seite fehlt"}]
        )
        page = soup(logged_in_a.get("/company-area/"))
        row = page.find("a", href="http://127.0.0.1:9/karriere").find_parent("tr")
        text = row.get_text(" ", strip=True)
        assert "Teilweise" in text and "7 gefunden, 2 neu" in text and "Seite fehlt" in text
        assert row.find("form", action=f"/company-area/sources/{source.pk}/crawl/") is not None

    def test_crawl_now_runs_the_crawler_and_shows_the_outcome(self, logged_in_a, source):
        from crawlers.models import CrawlRun

        response = logged_in_a.post(f"/company-area/sources/{source.pk}/crawl/", follow=True)
        assert response.status_code == 200
        run = CrawlRun.objects.get(source=source)
        assert run.outcome == "failed"  # nothing listens on port 9
        row = soup(response).find("a", href="http://127.0.0.1:9/karriere").find_parent("tr")
        assert "Fehlgeschlagen" in row.get_text()

    def test_crawl_now_only_for_own_sources(self, logged_in_b, source):
        from crawlers.models import CrawlRun

        assert logged_in_b.post(f"/company-area/sources/{source.pk}/crawl/").status_code == 404
        assert logged_in_b.get(f"/company-area/sources/{source.pk}/crawl/").status_code == 405
        assert not CrawlRun.objects.exists()

    def test_add_a_source(self, logged_in_a, company_a):
        from crawlers.models import CrawlSource

        response = logged_in_a.post(
            "/company-area/firma-a/sources/new/", {"url": "https://firma-a.example/karriere", "kind": "auto"}
        )
        assert response.status_code == 302
        assert CrawlSource.objects.get(company=company_a).url == "https://firma-a.example/karriere"
        bad = logged_in_a.post("/company-area/firma-a/sources/new/", {"url": "ftp://x", "kind": "auto"})
        assert bad.status_code == 200 and field_error(bad, "id_url")
        assert logged_in_a.get("/company-area/firma-b/sources/new/").status_code == 404

    def test_company_page_shows_crawl_health(self, client_de, source):
        from crawlers.models import CrawlRun

        CrawlRun.objects.create(source=source, outcome="ok", found=4)
        text = (
            soup(client_de.get("/companies/firma-a/"))
            .find(id="crawl-h")
            .find_parent("section")
            .get_text(" ", strip=True)
        )
        assert "127.0.0.1" in text and "OK" in text and "4" in text


class TestOneRuleForTheButtons:
    """The dashboard offers Close, Renew and Delete exactly where the services accept them."""

    ACTIONS = {"close": "job_close", "renew": "job_renew", "delete": "job_delete", "resubmit": "job_resubmit"}

    @pytest.mark.parametrize("status", list(Status))
    def test_offered_where_the_service_accepts(self, logged_in_a, company_a, status):
        job = make_posting(company_a, title="Regelstelle", status="draft" if status == Status.DRAFT else "published")
        JobPosting.objects.filter(pk=job.pk).update(status=status)
        page = soup(logged_in_a.get("/company-area/"))
        for action, service_name in self.ACTIONS.items():
            url = f"/company-area/jobs/{job.pk}/{action}/"
            # A form that acts, or a link to the page that confirms first (close, delete).
            offered = bool(page.find("form", attrs={"action": url}) or page.find("a", href=url))
            fresh = JobPosting.objects.get(pk=job.pk)
            # Accepted: the service changes the posting (closing a closed one is a no-op, not an action).
            try:
                with transaction.atomic():
                    getattr(services, service_name)(job=fresh)
                    after = JobPosting.objects.filter(pk=job.pk).values_list("status", flat=True).first()
                    transaction.set_rollback(True)
                accepted = after != status
            except ValidationError:
                accepted = False
            assert offered == accepted, (status, action)

    def test_renewing_a_published_posting_is_refused_with_the_reason(self, logged_in_a, company_a):
        job = make_posting(company_a, title="Schon online")
        response = logged_in_a.post(f"/company-area/jobs/{job.pk}/renew/", follow=True)
        assert "Only a closed or expired posting can be renewed." in response.content.decode() or (
            "Nur geschlossene oder abgelaufene Anzeigen können erneuert werden." in response.content.decode()
        )
        assert JobPosting.objects.get(pk=job.pk).status == Status.PUBLISHED
