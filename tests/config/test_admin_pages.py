"""The stock admin as the regional manager meets it: every page opens in German and English with its labels
translated, the machinery is for superusers only, times are local, crawl figures read as words (no raw JSON)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from audit.models import AuditEntry
from companies.models import CompanyMembership
from config.formatting import local_datetime, status_counts
from crawlers.models import CrawlRun, CrawlSource
from search.models import PendingIndexUpdate
from tests.factories import CompanyFactory, UserFactory, make_posting

pytestmark = pytest.mark.django_db

# 12:30 UTC on a winter day is 13:30 in Berlin.
NOON_UTC = datetime.datetime(2026, 11, 30, 12, 30, tzinfo=datetime.UTC)


@pytest.fixture
def crawl_run(db: Any) -> CrawlRun:
    company = CompanyFactory(slug="kurbetriebe", name="Kurbetriebe GmbH")
    source = CrawlSource.objects.create(
        company=company,
        url="https://karriere.kurbetriebe.example/de/stellenangebote/aktuelle-stellen/?lang=de",
        miss_counts={"ext-17": 2},
    )
    return CrawlRun.objects.create(
        source=source,
        started_at=NOON_UTC,
        finished_at=NOON_UTC + datetime.timedelta(seconds=17),
        heartbeat_at=NOON_UTC,
        outcome="partial",
        http_statuses={"404": 1, "200": 7},
        errors=[{"url": "https://karriere.kurbetriebe.example/x", "reason": "HTTP 404"}],
        pages_fetched=8,
        duration=16.98,
    )


@pytest.fixture
def everything(crawl_run: CrawlRun, member_a: Any) -> None:
    """At least one object of every model the admin lists (the postings' services write audit entries and index
    bookkeeping; the gazetteer, fields, networks and periodic tasks come with the migrations and fixtures)."""
    make_posting(crawl_run.source.company)
    CompanyFactory(slug="wartet", status="pending")


def _client(client: Any, user: Any, language: str) -> Any:
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def _admin_urls(user: Any) -> list[str]:
    """The list and the newest object's page of every model in the admin that `user` may view."""
    urls = []
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        if not user.has_perm("{}.view_{}".format(*info)):
            continue
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        obj = model._default_manager.order_by("-pk").first()
        if obj is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    return urls


def _labels(html: str) -> str:
    """The page's visible words outside the data: headers, filter titles, form labels."""
    parts = re.findall(
        r"<th[^>]*>(.*?)</th>|<h3>(.*?)</h3>|<label[^>]*>(.*?)</label>|<summary>(.*?)</summary>", html, re.S
    )
    return " | ".join(re.sub(r"<[^>]+>", "", "".join(p)).strip() for p in parts)


# English words the German admin showed before its labels were translated (as column headers, filter titles
# "Nach …", form labels), and raw JSON of a run's status counts.
LEFTOVERS_DE = ["Nach county", "Nach area", "Nach municipality", "County", "Area", "Municipality", "User",
                "Company", "Locked until", "Content hash"]  # fmt: skip


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_admin_page_opens_for_the_operator(client, operator, everything, language):
    c = _client(client, operator, language)
    urls = _admin_urls(operator)
    assert not operator.is_superuser and len(urls) > 25  # the regional manager's role, not a superuser
    for url in urls:
        r = c.get(url)
        assert r.status_code == 200, (url, r.status_code)
        html = r.content.decode()
        text = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)  # what the page shows
        assert "{&quot;200&quot;" not in text, url  # a run's status counts
        assert "[&quot;" not in text, url  # a posting's employment types, an audit entry's lists
        if language == "de":
            labels = _labels(html)
            for word in LEFTOVERS_DE:
                assert not re.search(rf"(^|\| |Nach ){re.escape(word)}(:| \||$)", labels), (url, word, labels[:500])


def test_the_site_is_named_in_both_languages(client, operator):
    assert "regiojobs – Verwaltung" in _client(client, operator, "de").get("/admin/").content.decode()
    client.cookies.clear()
    assert "regiojobs administration" in _client(client, operator, "en").get("/admin/").content.decode()


def test_filters_and_columns_say_what_they_are_in_german(client, operator, everything):
    c = _client(client, operator, "de")
    municipalities = c.get("/admin/regions/municipality/").content.decode()
    assert "Nach Landkreis" in municipalities and "Nach county" not in municipalities
    fields = c.get("/admin/jobs/occupationalfield/").content.decode()
    assert "Nach Berufsbereich" in fields and "Nach area" not in fields
    membership = CompanyMembership.objects.order_by("pk").first()
    change = c.get(f"/admin/companies/companymembership/{membership.pk}/change/").content.decode()
    assert "(Inhaber)" in change and "(owner)" not in change
    assert ">Benutzer:<" in change and ">User:<" not in change
    members = c.get("/admin/companies/companymembership/").content.decode()
    assert "Benutzer" in _labels(members) and "User" not in _labels(members)


# --- Machinery for superusers only ------------------------------------------------------------------------------

HIDDEN = [
    "/admin/knox/authtoken/",
    "/admin/django_celery_beat/crontabschedule/",
    "/admin/django_celery_beat/intervalschedule/",
    "/admin/django_celery_beat/solarschedule/",
    "/admin/django_celery_beat/clockedschedule/",
    "/admin/django_celery_beat/periodictask/",
    "/admin/search/pendingindexupdate/",
]


@pytest.fixture
def staff_with_every_permission(db: Any) -> Any:
    """A staff member who is not a superuser, whatever permissions a group might give them: all of them."""
    user = UserFactory(username="staff-not-superuser")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.all())
    return user


def test_machinery_is_hidden_from_staff_who_are_not_superusers(client, staff_with_every_permission, everything):
    c = _client(client, staff_with_every_permission, "de")
    index = c.get("/admin/").content.decode()
    for word in ["Auth tokens", "Crontabs", "Sonnenereignisse", "Intervalle", "Getaktet", "Periodische Aufgaben",
                 "Index-Aktualisierungen"]:  # fmt: skip
        assert word not in index, word
    assert "Crawl-Quellen" in index and "Unternehmen" in index
    for url in HIDDEN:
        assert c.get(url).status_code == 403, url
        assert c.get(url + "add/").status_code == 403, url
    pending = PendingIndexUpdate.objects.order_by("pk").first()
    if pending is not None:
        assert c.get(f"/admin/search/pendingindexupdate/{pending.pk}/change/").status_code == 403


def test_superusers_still_reach_the_machinery(client, everything):
    c = _client(client, UserFactory(username="root", is_staff=True, is_superuser=True), "de")
    index = c.get("/admin/").content.decode()
    assert "Periodische Aufgaben" in index and "Index-Aktualisierungen" in index
    for url in HIDDEN:
        assert c.get(url).status_code == 200, url


# --- Local times, status counts ---------------------------------------------------------------------------------


def test_times_are_local_in_names_lists_and_pages(client, operator, crawl_run, settings):
    settings.LANGUAGE_CODE = "de"
    assert "13:30" in local_datetime(NOON_UTC) and "12:30" not in local_datetime(NOON_UTC)
    assert "13:30" in str(crawl_run) and "12:30" not in str(crawl_run)
    entry = AuditEntry.objects.create(
        created_at=NOON_UTC,
        actor_label="system",
        action="posting.expire",
        target_type=ContentType.objects.get_for_model(CrawlSource),
        target_id=str(crawl_run.source_id),
    )
    assert "13:30" in str(entry) and "12:30" not in str(entry)

    c = _client(client, operator, "de")
    for url in [
        "/admin/crawlers/crawlrun/",
        f"/admin/crawlers/crawlrun/{crawl_run.pk}/change/",
        f"/admin/crawlers/crawlsource/{crawl_run.source_id}/change/",
        f"/admin/audit/auditentry/{entry.pk}/change/",
    ]:
        html = c.get(url).content.decode()
        assert "13:30" in html and "12:30" not in html, url


def test_status_counts_read_as_a_list():
    assert status_counts({"404": 1, "200": 7}) == ["HTTP 200: 7×", "HTTP 404: 1×"]
    assert status_counts({}) == []


def test_a_crawl_run_page_shows_counts_errors_and_misses_in_words(client, operator, crawl_run):
    c = _client(client, operator, "de")
    html = c.get(f"/admin/crawlers/crawlrun/{crawl_run.pk}/change/").content.decode()
    assert "<li>HTTP 200: 7×</li><li>HTTP 404: 1×</li>" in html
    assert "HTTP 404 (https://karriere.kurbetriebe.example/x)" in html
    assert "&quot;reason&quot;" not in html and "{&quot;" not in html
    assert "17 s" in html
    source = c.get(f"/admin/crawlers/crawlsource/{crawl_run.source_id}/change/").content.decode()
    assert "ext-17: in 2 Läufen nicht gefunden" in source
    assert "{&quot;ext-17&quot;" not in source
