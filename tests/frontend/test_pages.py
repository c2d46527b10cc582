"""Public pages without the search: home, posting page (JSON-LD, 410), companies."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from jobs import services
from tests.factories import CompanyFactory, NetworkFactory, make_posting
from tests.frontend.conftest import jsonld_blocks, soup

pytestmark = pytest.mark.django_db


def detail_url(job) -> str:  # type: ignore[no-untyped-def]
    from frontend.templatetags.frontend import job_url

    return job_url(job.pk, job.title)


class TestHome:
    def test_search_form_quick_links_newest_and_networks(self, client_de, company_a, indexed):
        network = NetworkFactory(slug="pflege-netz", name="Pflegenetz Nord")
        company_a.networks.add(network)
        job = indexed(company_a, title="Pflegefachkraft (m/w/d)", field="81")
        indexed(company_a, title="Zerspanungsmechaniker (m/w/d)", field="24")

        response = client_de.get("/")

        assert response.status_code == 200
        page = soup(response)
        form = page.find("form", role="search")
        assert form["action"] == reverse("frontend:job_search") and form["method"] == "get"
        for name in ("q", "place", "radius_km", "field"):
            control = form.find(attrs={"name": name})
            assert control is not None
            assert page.find("label", attrs={"for": control["id"]}) is not None, f"{name} has no label"
        radii = [o["value"] for o in form.find("select", attrs={"name": "radius_km"}).find_all("option")]
        assert radii == ["0", "10", "25", "50", "100"]
        assert form.find("option", selected=True, value="25") is not None
        # Quick links carry live counts: Nordhausen has both postings, field 81 one.
        county_link = page.find("a", href="/jobs/?county=16062")
        assert county_link is not None and "(2)" in county_link.parent.get_text()
        field_link = page.find("a", href="/jobs/?field=81")
        assert field_link is not None and "(1)" in field_link.parent.get_text()
        assert page.find("a", href=detail_url(job)) is not None
        # The network (its member is in the default region) is linked to its page.
        assert page.find("a", href="/netzwerke/pflege-netz/") is not None

    def test_hidden_postings_are_not_counted_or_listed(self, client_de, company_a, indexed):
        indexed(company_a, title="Entwurf Stelle", status="draft", field="81")
        response = client_de.get("/")
        assert "Entwurf Stelle" not in response.content.decode()
        assert soup(response).find("a", href="/jobs/?field=81") is None

    def test_landmarks_skip_link_and_language(self, client_de):
        page = soup(client_de.get("/"))
        assert page.html["lang"] == "de"
        skip = page.find("a", class_="skip-link")
        assert skip["href"] == "#main" and page.find("main", id="main") is not None
        assert page.find("header") and page.find("footer") and page.find("nav")
        assert len(page.find_all("h1")) == 1


class TestPostingPage:
    def test_visible_posting_with_details_and_jsonld(self, client_de, company_a):
        job = make_posting(
            company_a,
            title="Pflegefachkraft (m/w/d)",
            description='<p>Wir <strong>pflegen</strong> Menschen.</p><p><a href="https://example.org/x">Mehr</a></p>',
            field="81",
            employment_types=["full_time", "part_time"],
        )
        response = client_de.get(detail_url(job))

        assert response.status_code == 200
        html = response.content.decode()
        # The sanitized description is rendered as HTML (not escaped) …
        assert "<strong>pflegen</strong>" in html
        page = soup(response)
        assert page.find("h1").get_text(strip=True) == "Pflegefachkraft (m/w/d)"
        apply = page.find("a", href="https://example.org/apply")
        assert apply is not None
        assert page.find("a", href="mailto:jobs@example.org?subject=Pflegefachkraft%20%28m/w/d%29") is not None
        assert page.find("a", href="/companies/firma-a/") is not None
        assert "99734" in page.find("address").get_text()

        (ld,) = jsonld_blocks(response)
        assert ld["@type"] == "JobPosting"
        for required in ("title", "description", "datePosted", "hiringOrganization", "jobLocation"):
            assert ld[required], required
        assert ld["hiringOrganization"]["name"] == "Firma A GmbH"
        assert ld["jobLocation"][0]["address"]["addressLocality"] == "Nordhausen"
        assert ld["jobLocation"][0]["address"]["postalCode"] == "99734"
        assert ld["employmentType"] == ["FULL_TIME", "PART_TIME"]
        assert ld["baseSalary"] == {
            "@type": "MonetaryAmount",
            "currency": "EUR",
            "value": {"@type": "QuantitativeValue", "unitText": "MONTH", "minValue": 3000.0, "maxValue": 3600.0},
        }
        assert ld["identifier"]["value"] == str(job.pk)
        assert ld["validThrough"] in (
            f"{job.expires_on.isoformat()}T23:59:59+01:00",
            f"{job.expires_on.isoformat()}T23:59:59+02:00",
        )
        assert ld["datePosted"] == job.date_posted.isoformat()

    def test_user_text_cannot_break_out_of_the_jsonld_script(self, client_de, company_a):
        job = make_posting(company_a, title="Koch </script><script>alert(1)</script>")
        response = client_de.get(detail_url(job))
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert jsonld_blocks(response)[0]["title"] == "Koch </script><script>alert(1)</script>"

    def test_fully_remote_posting_says_telecommute(self, client_de, company_a):
        job = make_posting(company_a, workplaces=[], remote="full", salary_min=None, salary_max=None)
        (ld,) = jsonld_blocks(client_de.get(detail_url(job)))
        assert ld["jobLocationType"] == "TELECOMMUTE"
        assert "baseSalary" not in ld and "jobLocation" not in ld

    def test_wrong_or_missing_slug_redirects_to_canonical_url(self, client_de, company_a):
        job = make_posting(company_a, title="Zerspanungsmechaniker (m/w/d)")
        canonical = detail_url(job)
        assert canonical == f"/jobs/{job.pk}-zerspanungsmechaniker/"
        for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}-alter-titel/"):
            response = client_de.get(url)
            assert response.status_code == 301 and response["Location"] == canonical

    @pytest.mark.parametrize("how", ["closed", "expired_status", "expired_by_date"])
    def test_ended_posting_answers_410_without_jsonld(self, client_de, company_a, how):
        job = make_posting(company_a, title="Pflegefachkraft (m/w/d)", field="81")
        if how == "closed":
            services.job_close(job=job)
        elif how == "expired_status":
            job.expires_on = timezone.localdate() - datetime.timedelta(days=1)
            job.save()
            services.jobs_expire()
        else:
            # Past its expiry date, before the nightly job marked it expired.
            job.expires_on = timezone.localdate() - datetime.timedelta(days=1)
            job.save()
        response = client_de.get(detail_url(job))
        assert response.status_code == 410
        assert jsonld_blocks(response) == []
        page = soup(response)
        assert page.find("h1") is not None
        assert page.find("a", href="/jobs/?field=81") is not None  # a way on to similar postings
        assert page.find("meta", attrs={"name": "robots", "content": "noindex"}) is not None

    def test_drafts_and_rejected_are_404_for_the_public(self, client_de, company_a):
        draft = make_posting(company_a, status="draft")
        rejected = make_posting(company_a)
        services.job_reject(job=rejected, reason="Doppelt")
        assert client_de.get(f"/jobs/{draft.pk}-x/").status_code == 404
        assert client_de.get(f"/jobs/{rejected.pk}-x/").status_code == 404
        assert client_de.get("/jobs/999999-x/").status_code == 404

    def test_own_draft_is_shown_to_the_company_without_jsonld(self, logged_in_a, logged_in_b, company_a):
        draft = make_posting(company_a, status="draft", title="Geheimer Entwurf")
        response = logged_in_a.get(detail_url(draft))
        assert response.status_code == 200
        assert jsonld_blocks(response) == []
        assert soup(response).find("a", href=f"/company-area/jobs/{draft.pk}/edit/") is not None
        assert logged_in_b.get(detail_url(draft)).status_code == 404

    def test_posting_of_a_suspended_company_is_404(self, client_de):
        company = CompanyFactory(slug="gesperrt")
        job = make_posting(company)
        company.status = Company.Status.SUSPENDED
        company.save()
        assert client_de.get(detail_url(job)).status_code == 404

    def test_similar_postings_share_the_field(self, client_de, company_a, company_b):
        job = make_posting(company_a, title="Pflegefachkraft", field="81")
        same = make_posting(company_b, title="Altenpfleger", field="81")
        other = make_posting(company_b, title="Zerspaner", field="24")
        page = soup(client_de.get(detail_url(job)))
        similar = page.find(id="similar-h").find_parent("section")
        assert similar.find("a", href=detail_url(same)) is not None
        assert similar.find("a", href=detail_url(other)) is None


class TestCompanies:
    def test_list_by_county_and_network(self, client_de, company_a, company_b):
        network = NetworkFactory(slug="automotive", name="Automotive Thüringen")
        company_a.networks.add(network)
        make_posting(company_a)
        CompanyFactory(slug="wartet", name="Wartet GmbH", status=Company.Status.PENDING)

        response = client_de.get("/companies/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Firma A GmbH" in html and "Firma B AG" in html and "Wartet GmbH" not in html
        assert soup(response).find("h2", string="Landkreis Nordhausen") is not None

        filtered = client_de.get("/companies/?network=automotive").content.decode()
        assert "Firma A GmbH" in filtered and "Firma B AG" not in filtered
        assert "Firma A GmbH" not in client_de.get("/companies/?county=16051").content.decode()

    def test_company_page_lists_open_postings(self, client_de, company_a):
        open_job = make_posting(company_a, title="Offene Stelle")
        closed = make_posting(company_a, title="Besetzte Stelle")
        services.job_close(job=closed)
        response = client_de.get("/companies/firma-a/")
        assert response.status_code == 200
        page = soup(response)
        assert page.find("a", href=detail_url(open_job)) is not None
        assert "Besetzte Stelle" not in response.content.decode()

    def test_pending_and_unknown_companies_are_404(self, client_de):
        CompanyFactory(slug="wartet", status=Company.Status.PENDING)
        assert client_de.get("/companies/wartet/").status_code == 404
        assert client_de.get("/companies/gibt-es-nicht/").status_code == 404


def test_a_closed_page_says_so_in_the_sites_layout_and_language(logged_in_a):
    """A company member at the operator's dashboard: the site's own 403 page, not Django's bare English one."""
    response = logged_in_a.get("/operator/")
    assert response.status_code == 403
    page = soup(response)
    assert page.find("html")["lang"] == "de"
    assert page.find("h1").get_text(strip=True) == "Kein Zugang"
    assert "angemeldet" in page.find("main").get_text(" ", strip=True)
    assert page.find("a", href="/jobs/") is not None
    english = soup(logged_in_a.get("/operator/", HTTP_ACCEPT_LANGUAGE="en"))
    assert (english.find("html")["lang"], english.find("h1").get_text(strip=True)) == ("en", "No access")


def test_a_form_sent_without_its_token_gets_a_page_that_says_what_to_do(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="de").post("/accounts/login/", {"login": "x"})
    assert response.status_code == 403
    page = soup(response)
    assert page.find("h1").get_text(strip=True) == "Das Formular ist abgelaufen"
    assert "Seite neu" in page.find("main").get_text(" ", strip=True)


def test_not_found_page_is_friendly(client_de):
    response = client_de.get("/gibt-es-nicht/")
    assert response.status_code == 404
    page = soup(response)
    assert page.find("h1").get_text(strip=True) == "Seite nicht gefunden"
    assert page.find("a", href="/jobs/") is not None
