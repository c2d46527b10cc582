"""The operator dashboard: who may open it, what it lists and what its buttons do (through the services)."""

from __future__ import annotations

import datetime
import html

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from audit.models import Action, AuditEntry
from companies.models import Company
from crawlers.models import CrawlRun, CrawlSource, Outcome
from jobs import services as job_services
from jobs.models import JobPosting, Status
from moderation.models import PostingReport, ReportResolution, UnresolvedPlace
from moderation.services import report_create, search_miss_record
from tests.factories import CompanyFactory, make_posting

pytestmark = pytest.mark.django_db
URL = "/operator/"


def _in_review(**overrides) -> JobPosting:  # type: ignore[no-untyped-def]
    """A rejected posting its company sent back (as the company area's resubmission leaves it)."""
    job = make_posting(**overrides)
    job_services.job_reject(job=job, reason="Ort fehlt")
    JobPosting.objects.filter(pk=job.pk).update(status=Status.IN_REVIEW)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("member", 403), ("staff_without_role", 403), ("operator", 200), ("root", 200)],
)
def test_permission_matrix(who, status, member_a, operator, superuser, django_user_model):  # type: ignore[no-untyped-def]
    client = Client()
    users = {
        "member": member_a,
        "operator": operator,
        "root": superuser,
        "staff_without_role": django_user_model.objects.create_user("helper", is_staff=True),
    }
    if who in users:
        client.force_login(users[who])
    response = client.get(URL)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/?next=/operator/")


def test_actions_are_refused_without_the_role(client, member_a):  # type: ignore[no-untyped-def]
    company = CompanyFactory(status=Company.Status.PENDING)
    client.force_login(member_a)
    assert client.post(f"/operator/companies/{company.pk}/approve/").status_code == 403
    assert Company.objects.get(pk=company.pk).status == Company.Status.PENDING
    assert Client().post(f"/operator/companies/{company.pk}/approve/").status_code == 302  # to the login


def test_header_links_the_dashboard_for_operators_only(operator_client, client, member_a):  # type: ignore[no-untyped-def]
    assert 'href="/operator/"' in operator_client.get("/jobs/").content.decode()
    client.force_login(member_a)
    assert 'href="/operator/"' not in client.get("/jobs/").content.decode()


def test_lists_what_needs_doing(operator_client):  # type: ignore[no-untyped-def]
    CompanyFactory(name="Neue Bäckerei GmbH", status=Company.Status.PENDING)
    review = _in_review(title="Lagerist (m/w/d)")
    make_posting(title="Ohne Meldung (m/w/d)")
    reported = make_posting(title="Koch (m/w/d)")
    report_create(posting=reported, reason="spam", text="Kein echtes Angebot")
    report_create(posting=reported, reason="wrong")
    response = operator_client.get(URL)
    html = response.content.decode()
    assert "Neue Bäckerei GmbH" in html
    assert review.title in html and "Ort fehlt" in html
    assert "Koch (m/w/d)" in html and "Kein echtes Angebot" in html
    assert "Spam or not a real job" in html and "The information is wrong" in html
    assert "Ohne Meldung" not in html  # not reported
    assert [job.n_reports for job in response.context["reported"]] == [2]


def test_approve_a_pending_company(operator_client, operator):  # type: ignore[no-untyped-def]
    company = CompanyFactory(name="Neue Bäckerei GmbH", status=Company.Status.PENDING)
    response = operator_client.post(f"/operator/companies/{company.pk}/approve/", follow=True)
    assert response.redirect_chain[-1] == (URL, 302)
    assert "“Neue Bäckerei GmbH” is approved." in response.content.decode()
    assert Company.objects.get(pk=company.pk).status == Company.Status.APPROVED
    entry = AuditEntry.objects.for_object(company).get(action=Action.COMPANY_APPROVE)
    assert entry.actor == operator


def test_suspend_needs_a_reason(operator_client):  # type: ignore[no-untyped-def]
    company = CompanyFactory(status=Company.Status.PENDING)
    response = operator_client.post(f"/operator/companies/{company.pk}/suspend/", {"reason": " "})
    assert response.status_code == 400
    # The dashboard lists many companies: the message names the action and which one.
    assert f"Suspending “{company.name}”: Reason:" in html.unescape(response.content.decode())
    assert Company.objects.get(pk=company.pk).status == Company.Status.PENDING
    operator_client.post(f"/operator/companies/{company.pk}/suspend/", {"reason": "Kein Sitz in der Region"})
    assert Company.objects.get(pk=company.pk).status == Company.Status.SUSPENDED
    assert AuditEntry.objects.for_object(company).get(action=Action.COMPANY_SUSPEND).reason == "Kein Sitz in der Region"


def test_publish_a_reviewed_posting(operator_client, operator):  # type: ignore[no-untyped-def]
    job = _in_review()
    response = operator_client.post(f"/operator/postings/{job.pk}/approve/")
    assert response.status_code == 302 and response["Location"] == URL
    job.refresh_from_db()
    assert job.status == Status.PUBLISHED and job.rejection_reason == "" and job.published_at is not None
    assert JobPosting.objects.visible().filter(pk=job.pk).exists()
    entry = AuditEntry.objects.for_object(job).filter(action=Action.POSTING_PUBLISH).first()
    assert entry is not None and entry.actor == operator and entry.changes["status"] == ["in_review", "published"]
    # Only a posting waiting for review is "approved" here: 400 naming the status, nothing changes.
    again = operator_client.post(f"/operator/postings/{job.pk}/approve/")
    assert again.status_code == 400 and "Only a posting waiting for review can be approved." in again.content.decode()


def test_reject_a_reviewed_posting_again_with_a_reason(operator_client):  # type: ignore[no-untyped-def]
    job = _in_review()
    refused = operator_client.post(f"/operator/postings/{job.pk}/reject/", {"reason": ""})
    assert refused.status_code == 400 and f"Rejecting “{job.title}”: Reason:" in html.unescape(refused.content.decode())
    assert JobPosting.objects.get(pk=job.pk).status == Status.IN_REVIEW
    operator_client.post(f"/operator/postings/{job.pk}/reject/", {"reason": "Immer noch ohne Arbeitsort"})
    job.refresh_from_db()
    assert (job.status, job.rejection_reason) == (Status.REJECTED, "Immer noch ohne Arbeitsort")


def test_dismiss_reports_and_reject_a_reported_posting(operator_client, operator):  # type: ignore[no-untyped-def]
    fine, bad = make_posting(title="Maurer (m/w/d)"), make_posting(title="Schnell reich werden")
    report_create(posting=fine, reason="expired")
    report_create(posting=bad, reason="spam")
    operator_client.post(f"/operator/postings/{fine.pk}/dismiss-reports/")
    report = PostingReport.objects.get(posting=fine)
    assert report.resolution == ReportResolution.DISMISSED and report.resolved_by == operator
    assert JobPosting.objects.get(pk=fine.pk).status == Status.PUBLISHED
    operator_client.post(f"/operator/postings/{bad.pk}/reject/", {"reason": "Kein Stellenangebot"})
    assert JobPosting.objects.get(pk=bad.pk).status == Status.REJECTED
    assert PostingReport.objects.get(posting=bad).resolution == ReportResolution.POSTING_REJECTED
    html = operator_client.get(URL).content.decode()
    assert "No open reports." in html


def test_actions_answer_post_only(operator_client):  # type: ignore[no-untyped-def]
    company = CompanyFactory(status=Company.Status.PENDING)
    assert operator_client.get(f"/operator/companies/{company.pk}/approve/").status_code == 405
    assert operator_client.post("/operator/companies/999999/approve/").status_code == 404


def test_failing_sources_with_crawl_now(operator_client, company_a, monkeypatch):  # type: ignore[no-untyped-def]
    healthy = CrawlSource.objects.create(company=company_a, url="https://gut.example/karriere")
    broken = CrawlSource.objects.create(company=company_a, url="https://kaputt.example/jobs", consecutive_failures=3)
    once = CrawlSource.objects.create(company=company_a, url="https://einmal.example/jobs")
    CrawlRun.objects.create(source=healthy, outcome=Outcome.OK, finished_at=timezone.now())
    CrawlRun.objects.create(
        source=once,
        outcome=Outcome.FAILED,
        errors=[{"url": once.url, "reason": "HTTP 500"}],
        finished_at=timezone.now(),
    )
    html = operator_client.get(URL).content.decode()
    assert "kaputt.example" in html and "einmal.example" in html and "HTTP 500" in html
    assert "gut.example" not in html
    started: list[int] = []
    monkeypatch.setattr("moderation.views.crawl_source_task.delay", started.append)
    response = operator_client.post(f"/operator/sources/{broken.pk}/crawl/", follow=True)
    assert started == [broken.pk] and "Crawl of https://kaputt.example/jobs started." in response.content.decode()


def test_unresolved_places_are_listed(operator_client, company_a):  # type: ignore[no-untyped-def]
    source = CrawlSource.objects.create(company=company_a, url="https://firma-a.example/karriere")
    UnresolvedPlace.objects.create(source=source, text="Hintertupfingen", count=4)
    old = UnresolvedPlace.objects.create(source=source, text="Altdorf", count=1)
    UnresolvedPlace.objects.filter(pk=old.pk).update(last_seen=timezone.now() - datetime.timedelta(days=40))
    html = operator_client.get(URL).content.decode()
    assert "Hintertupfingen" in html and "firma-a.example" in html
    assert "Altdorf" not in html  # not seen for over a month
    # One click to the gazetteer's form, the place's name filled in; the operator may add it there.
    add = "/admin/regions/postallocality/add/?name=Hintertupfingen"
    assert f'href="{add}"' in html
    form = operator_client.get(add)
    assert form.status_code == 200 and 'value="Hintertupfingen"' in form.content.decode()


def test_figures_per_county_area_and_week(operator_client):  # type: ignore[no-untyped-def]
    make_posting(title="Zerspaner (m/w/d)", field="24")  # Nordhausen, area 2
    make_posting(
        title="Pflegefachkraft (m/w/d)",
        field="81",
        workplaces=[{"municipality": "16064003", "postal_code": "", "street": ""}],  # Unstrut-Hainich-Kreis
    )
    old = make_posting(title="Alt (m/w/d)")
    JobPosting.objects.filter(pk=old.pk).update(date_posted=timezone.localdate() - datetime.timedelta(weeks=13))
    make_posting(title="Entwurf (m/w/d)", status="draft")  # never public: not counted
    search_miss_record(q="Hufschmied")
    search_miss_record(q="Hufschmied")
    response = operator_client.get(URL)
    figures = response.context["figures"]
    assert figures.region == "Nordthüringen"
    counties = {b.label: b.value for b in figures.county_bars}
    assert counties["Landkreis Nordhausen"] == 1 and counties["Unstrut-Hainich-Kreis"] == 1
    assert counties["Kyffhäuserkreis"] == 0
    assert sum(total for _monday, _counts, total in figures.weeks) == 2 and figures.weeks[-1][2] == 2
    assert {b.label[0]: b.value for b in figures.area_bars} == {"2": 1, "8": 1}
    # Per area over time: this week one posting in each of the two areas, none before.
    assert [code for code, _name in figures.areas] == ["2", "8"]
    assert figures.area_weeks[-1][1] == [1, 1] and all(counts == [0, 0] for _m, counts in figures.area_weeks[:-1])
    assert figures.companies_active == 3
    assert [(b.label, b.value) for b in figures.search_misses] == [("hufschmied", 2)]
    html = response.content.decode()
    assert 'href="/jobs/?q=hufschmied"' in html
    assert html.count('role="img"') == 3  # weeks, counties, areas


def test_dashboard_times_are_local(operator_client):  # type: ignore[no-untyped-def]
    company = CompanyFactory(status=Company.Status.PENDING)
    utc = datetime.datetime(2026, 7, 1, 22, 30, tzinfo=datetime.UTC)  # 00:30 on 2 July in Berlin (summer time)
    Company.objects.filter(pk=company.pk).update(created_at=utc)
    html = operator_client.get(URL).content.decode()
    assert 'datetime="2026-07-02T00:30:00+02:00"' in html


def test_figures_are_cached_briefly(operator_client):  # type: ignore[no-untyped-def]
    make_posting()
    first = operator_client.get(URL).context["figures"]
    make_posting()
    assert operator_client.get(URL).context["figures"] == first  # within FIGURES_CACHE_SECONDS: the same
    cache.clear()
    assert sum(b.value for b in operator_client.get(URL).context["figures"].county_bars) == 2


def test_a_reviewed_posting_of_an_unapproved_company_stays_unpublished(operator_client):  # type: ignore[no-untyped-def]
    job = _in_review()
    Company.objects.filter(pk=job.company_id).update(status=Company.Status.SUSPENDED)
    response = operator_client.post(f"/operator/postings/{job.pk}/approve/")
    assert response.status_code == 400
    assert JobPosting.objects.get(pk=job.pk).status == Status.IN_REVIEW


@pytest.mark.parametrize("url", ["/admin/moderation/postingreport/", "/admin/moderation/searchmiss/"])
def test_the_operator_reads_reports_and_misses_in_the_admin(operator_client, url):  # type: ignore[no-untyped-def]
    report_create(posting=make_posting(), reason="spam")
    search_miss_record(q="Hufschmied")
    response = operator_client.get(url)
    assert response.status_code == 200


def test_a_source_off_the_company_domain_is_approved_from_the_dashboard(operator_client, company_a):  # type: ignore[no-untyped-def]
    waiting = CrawlSource.objects.create(
        company=company_a, url="https://fremd.example/jobs", approved=False, approval_reason="not its own domain"
    )
    html = operator_client.get(URL).content.decode()
    assert "fremd.example/jobs" in html and "not its own domain" in html
    response = operator_client.post(f"/operator/sources/{waiting.pk}/approve/", follow=True)
    waiting.refresh_from_db()
    assert response.status_code == 200 and waiting.approved
    assert "fremd.example/jobs" not in operator_client.get(URL).content.decode().split("sources-waiting-h")[1]


def test_approving_a_source_needs_the_role(client, member_a, company_a):  # type: ignore[no-untyped-def]
    waiting = CrawlSource.objects.create(company=company_a, url="https://fremd.example/jobs", approved=False)
    client.force_login(member_a)
    assert client.post(f"/operator/sources/{waiting.pk}/approve/").status_code == 403
    waiting.refresh_from_db()
    assert not waiting.approved


def test_the_operator_lands_on_the_dashboard_after_login(client, operator, member_a, settings):  # type: ignore[no-untyped-def]
    operator.set_password("pw-operator-1")
    operator.save()
    member_a.set_password("pw-member-1")
    member_a.save()
    landed = client.post("/accounts/login/", {"login": operator.username, "password": "pw-operator-1"}, follow=True)
    assert landed.redirect_chain[-1][0] == URL
    client.logout()
    landed = client.post("/accounts/login/", {"login": member_a.username, "password": "pw-member-1"}, follow=True)
    assert landed.redirect_chain[-1][0] == "/company-area/"
