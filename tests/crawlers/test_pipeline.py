"""The whole pipeline against local career sites: upsert, no duplicates, closing only after healthy runs."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from companies.models import Company
from crawlers.models import CrawlRun, CrawlSource, Outcome
from crawlers.pipeline import crawl_source, due_batches, source_add
from jobs.models import JobPosting, Status
from tests.crawlers.conftest import fixture_bytes
from tests.crawlers.server import LocalServer
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def jsonld_page(*postings: dict, links: list[str] = (), charset: str = "utf-8") -> str:  # type: ignore[assignment]
    context = {"@context": "https://schema.org", "@type": "JobPosting"}
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps({**context, **p}, ensure_ascii=False)}</script>'
        for p in postings
    )
    anchors = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return f'<html><head><meta charset="{charset}">{scripts}</head><body><ul>{anchors}</ul></body></html>'


def detail(ident: str, title: str, postal: str = "99734", locality: str = "Nordhausen") -> str:
    return jsonld_page(
        {
            "title": title,
            "identifier": {"@type": "PropertyValue", "value": ident},
            "description": f"<p>{title} gesucht.</p><a href='/bewerben'>Bewerben</a>",
            "datePosted": "2026-11-01",
            "employmentType": "FULL_TIME",
            "jobLocation": {"@type": "Place", "address": {"postalCode": postal, "addressLocality": locality}},
        }
    )


@pytest.fixture
def career_site(server: LocalServer) -> LocalServer:
    server.add(
        "/karriere",
        jsonld_page(
            links=[
                ("/karriere/stelle-1", "Maurer (m/w/d)"),
                ("/karriere/stelle-2", "Elektriker (m/w/d)"),
                ("/impressum", "Impressum"),
            ]
        ),
    )
    server.add("/karriere/stelle-1", detail("A-1", "Maurer (m/w/d)"))
    server.add("/karriere/stelle-2", detail("A-2", "Elektriker (m/w/d)", "99084", "Erfurt"))
    return server


def _open(company: Company) -> list[str]:
    return sorted(JobPosting.objects.filter(company=company, status=Status.PUBLISHED).values_list("title", flat=True))


def test_listing_with_detail_pages_and_recrawl_without_duplicates(career_site: LocalServer, company_a) -> None:  # type: ignore[no-untyped-def]
    source = source_add(by_operator=True, company=company_a, url=career_site.url("/karriere"))
    run = crawl_source(source)
    assert (run.outcome, run.found, run.new, run.complete) == (Outcome.OK, 2, 2, True)
    assert run.pages_fetched == 3 and run.http_statuses == {"404": 1, "200": 3}
    maurer = JobPosting.objects.get(external_id="A-1")
    assert maurer.title == "Maurer (m/w/d)" and maurer.status == Status.PUBLISHED and maurer.source == "crawler"
    assert maurer.source_url == career_site.url("/karriere/stelle-1")
    assert f'href="{career_site.url("/bewerben")}"' in maurer.description  # relative link made absolute
    assert maurer.field_id == "32" and maurer.employment_types == ["full_time"]
    assert JobPosting.objects.get(external_id="A-2").workplaces.get().municipality_id == "16051000"
    for _ in range(2):
        again = crawl_source(source)
        assert (again.new, again.updated, again.unchanged, again.closed) == (0, 0, 2, 0)
    assert JobPosting.objects.filter(company=company_a).count() == 2


def test_changed_posting_is_updated(career_site: LocalServer, company_a) -> None:  # type: ignore[no-untyped-def]
    source = source_add(by_operator=True, company=company_a, url=career_site.url("/karriere"))
    crawl_source(source)
    career_site.add("/karriere/stelle-1", detail("A-1", "Maurer (m/w/d) Vorarbeiter"))
    run = crawl_source(source)
    assert (run.new, run.updated, run.unchanged) == (0, 1, 1)
    assert JobPosting.objects.get(external_id="A-1").title == "Maurer (m/w/d) Vorarbeiter"


@pytest.fixture
def personio(server: LocalServer) -> LocalServer:
    server.add("/xml", fixture_bytes("personio.xml"), content_type="application/xml")
    return server


def test_vanished_posting_closes_after_two_healthy_runs_and_failures_close_nothing(
    personio: LocalServer, company_a
) -> None:  # type: ignore[no-untyped-def]
    source = source_add(by_operator=True, company=company_a, url=personio.url("/xml"), kind="personio")
    assert crawl_source(source).new == 3
    feed = fixture_bytes("personio.xml").decode()
    cut = feed.index("  <position>\n    <id>1528203")
    smaller = feed[:cut] + "</workzag-jobs>\n"
    personio.add("/xml", smaller, content_type="application/xml")
    first = crawl_source(source)
    assert (first.outcome, first.closed) == (Outcome.OK, 0)
    source.refresh_from_db()
    assert source.miss_counts == {"1528203": 1}
    # Failures in between neither close nor count: 500, empty body, broken XML, an unknown account (404).
    for status, body in [(500, "boom"), (200, ""), (200, "<workzag-jobs><position>"), (404, "<html>Not found</html>")]:
        personio.add("/xml", body, status=status, content_type="application/xml")
        failed = crawl_source(source)
        assert (failed.outcome, failed.closed, failed.complete) == (Outcome.FAILED, 0, False)
        assert failed.errors
    source.refresh_from_db()
    assert source.miss_counts == {"1528203": 1} and source.consecutive_failures == 4
    assert JobPosting.objects.get(external_id="1528203").status == Status.PUBLISHED
    personio.add("/xml", smaller, content_type="application/xml")
    second = crawl_source(source)
    assert (second.outcome, second.closed) == (Outcome.OK, 1)
    assert JobPosting.objects.get(external_id="1528203").status == Status.CLOSED
    # It comes back: the crawler reopens what it closed itself.
    personio.add("/xml", feed, content_type="application/xml")
    back = crawl_source(source)
    assert back.updated == 1 and JobPosting.objects.get(external_id="1528203").status == Status.PUBLISHED


def test_empty_well_formed_feed_closes(personio: LocalServer, company_a, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CRAWLER_VANISH_RUNS = 1
    source = source_add(by_operator=True, company=company_a, url=personio.url("/xml"), kind="personio")
    crawl_source(source)
    # The feed's dates are fixed, so as time passes some of its postings are past their expiry: those expire, only
    # the others are closed.
    closable = [job for job in JobPosting.objects.filter(company=company_a) if job.is_closable]
    assert closable
    personio.add("/xml", "<workzag-jobs></workzag-jobs>", content_type="application/xml")
    run = crawl_source(source)
    assert (run.outcome, run.found, run.closed) == (Outcome.OK, 0, len(closable))


def test_robots_denial_and_timeouts_close_nothing(career_site: LocalServer, company_a, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CRAWLER_VANISH_RUNS = 1
    source = source_add(by_operator=True, company=company_a, url=career_site.url("/karriere"))
    crawl_source(source)
    career_site.add("/robots.txt", "User-agent: *\nDisallow: /karriere\n", content_type="text/plain")
    denied = crawl_source(source)
    assert denied.outcome == Outcome.FAILED and "robots" in denied.errors[0]["reason"]
    career_site.add("/robots.txt", "", status=404)
    career_site.add("/karriere", "<html>slow</html>", delay=settings.CRAWLER_READ_TIMEOUT + 0.5)
    slow = crawl_source(source)
    assert slow.outcome == Outcome.FAILED and "timeout" in slow.errors[0]["reason"]
    career_site.add("/karriere", "<html><body>Wir bauen die Seite um.</body></html>")
    empty = crawl_source(source)
    assert empty.outcome == Outcome.PARTIAL and not empty.complete
    assert _open(company_a) == ["Elektriker (m/w/d)", "Maurer (m/w/d)"]


def test_failed_detail_page_keeps_its_posting(career_site: LocalServer, company_a, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CRAWLER_VANISH_RUNS = 1
    source = source_add(by_operator=True, company=company_a, url=career_site.url("/karriere"))
    crawl_source(source)
    career_site.add("/karriere/stelle-2", "down", status=500)
    run = crawl_source(source)
    assert run.outcome == Outcome.PARTIAL and run.closed == 0 and run.complete
    assert _open(company_a) == ["Elektriker (m/w/d)", "Maurer (m/w/d)"]


def test_unapproved_company_gets_drafts(personio: LocalServer) -> None:
    pending = CompanyFactory(slug="pending-gmbh", status=Company.Status.PENDING)
    source = source_add(by_operator=True, company=pending, url=personio.url("/xml"), kind="personio")
    assert crawl_source(source).new == 3
    assert set(JobPosting.objects.filter(company=pending).values_list("status", flat=True)) == {Status.DRAFT}


def test_auto_detects_feeds_by_content(server: LocalServer, company_a) -> None:  # type: ignore[no-untyped-def]
    server.add("/sg", fixture_bytes("softgarden.json"), content_type="application/json")
    server.add("/lever", fixture_bytes("lever.json"), content_type="application/json")
    server.add("/rss", fixture_bytes("jobs.rss"), content_type="application/rss+xml")
    server.add("/dv", fixture_bytes("dvinci.json"), content_type="application/json")
    server.add("/gh", fixture_bytes("greenhouse_docs_list_jobs_content_true.json"), content_type="application/json")
    for path, _kind, n in [
        ("/sg", "softgarden", 2),
        ("/lever", "lever", 2),
        ("/rss", "rss", 2),
        ("/dv", "dvinci", 2),
        ("/gh", "greenhouse", 1),
    ]:
        run = crawl_source(source_add(by_operator=True, company=company_a, url=server.url(path)))
        assert (run.outcome, run.new) == (Outcome.OK, n), (path, run.errors)
    assert JobPosting.objects.filter(company=company_a).count() == 9


def test_page_advertising_a_feed(server: LocalServer, company_a) -> None:  # type: ignore[no-untyped-def]
    server.add(
        "/",
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feed/?feed=job_feed"></head>'
        "<body>Karriere</body></html>",
    )
    server.add("/feed/", fixture_bytes("jobs.rss"), content_type="application/rss+xml")
    run = crawl_source(source_add(by_operator=True, company=company_a, url=server.url("/")))
    assert (run.outcome, run.new) == (Outcome.OK, 2)


def test_html_with_selectors(server: LocalServer, company_a) -> None:  # type: ignore[no-untyped-def]
    server.add(
        "/jobs",
        """<html><body><div class="stellen">
        <div class="stelle"><h3><a href="/jobs/1">Koch (m/w/d)</a></h3><span class="ort">Erfurt</span></div>
        <div class="stelle"><h3><a href="/jobs/2">Kellner</a></h3><span class="ort">Weimar</span></div>
      </div></body></html>""",
    )
    server.add("/jobs/1", "<html><body><nav>Menü</nav><main><h1>Koch</h1><p>Frische Küche.</p></main></body></html>")
    server.add("/jobs/2", "<html><body><article><p>Service im Restaurant.</p></article></body></html>")
    source = source_add(
        by_operator=True,
        company=company_a,
        url=server.url("/jobs"),
        kind="html",
        selectors={"item": ".stelle", "title": "h3", "place": ".ort"},
    )
    run = crawl_source(source)
    assert (run.outcome, run.new) == (Outcome.OK, 2)
    koch = JobPosting.objects.get(title="Koch (m/w/d)")
    assert koch.description == "<h2>Koch</h2><p>Frische Küche.</p>" and "Menü" not in koch.description
    assert koch.workplaces.get().municipality_id == "16051000" and koch.field_id == "29"
    assert JobPosting.objects.get(title="Kellner").workplaces.get().municipality_id == "16055000"


def test_sitemap_from_robots(server: LocalServer, company_a) -> None:  # type: ignore[no-untyped-def]
    server.add(
        "/robots.txt", f"User-agent: *\nAllow: /\nSitemap: {server.url('/sitemap.xml')}\n", content_type="text/plain"
    )
    server.add(
        "/sitemap.xml",
        f"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>{server.url("/")}</loc></url><url><loc>{server.url("/jobs/maler")}</loc></url></urlset>""",
        content_type="application/xml",
    )
    server.add("/", "<html><body>Willkommen</body></html>")
    server.add("/jobs/maler", detail("M-1", "Maler und Lackierer (m/w/d)"))
    run = crawl_source(source_add(by_operator=True, company=company_a, url=server.url("/")))
    assert (run.outcome, run.new) == (Outcome.OK, 1)


def test_iso_8859_15_career_page(server: LocalServer, company_a) -> None:  # type: ignore[no-untyped-def]
    page = jsonld_page(
        {
            "title": "Bäckereifachverkäufer (m/w/d) – 13 € Stundenlohn",
            "identifier": "B-1",
            "jobLocation": {"address": "Straße der Einheit 1, 99706 Sondershausen"},
        },
        charset="iso-8859-15",
    )
    server.add("/", page.replace("–", "-").encode("iso-8859-15"), content_type="text/html; charset=ISO-8859-15")
    run = crawl_source(source_add(by_operator=True, company=company_a, url=server.url("/")))
    assert run.new == 1
    job = JobPosting.objects.get(external_id="B-1")
    assert job.title == "Bäckereifachverkäufer (m/w/d) - 13 € Stundenlohn" and job.field_id == "62"
    assert job.workplaces.get().postal_code == "99706"


def test_conditional_get_skips_an_unchanged_feed(server: LocalServer, company_a) -> None:  # type: ignore[no-untyped-def]
    def feed(req):  # type: ignore[no-untyped-def]
        if req.headers.get("If-None-Match") == '"v7"':
            return 304, {"ETag": '"v7"'}, b""
        return 200, {"ETag": '"v7"', "Content-Type": "application/xml"}, fixture_bytes("personio.xml")

    server.handle("/xml", feed)
    source = source_add(by_operator=True, company=company_a, url=server.url("/xml"), kind="personio")
    crawl_source(source)
    source.refresh_from_db()
    assert source.etag == '"v7"'
    run = crawl_source(source)
    assert (run.outcome, run.not_modified, run.unchanged, run.closed) == (Outcome.OK, True, 3, 0)


def test_crawl_and_add_source_commands(career_site: LocalServer, company_a, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("add_source", company_a.slug, career_site.url("/karriere"))
    source = CrawlSource.objects.get(company=company_a)
    call_command("crawl", "--company", company_a.slug)
    out = capsys.readouterr().out
    assert f"{source.pk:>6}  firma-a" in out and " ok " in out
    assert CrawlRun.objects.filter(source=source, outcome=Outcome.OK).count() == 1
    assert JobPosting.objects.filter(company=company_a).count() == 2


def test_due_batches_one_host_at_a_time_and_bounded(company_a) -> None:  # type: ignore[no-untyped-def]
    # The operator's sources: a company's own on foreign hosts would wait for approval (test_source_domain).
    a1 = source_add(by_operator=True, company=company_a, url="https://a.example/1")
    a2 = source_add(by_operator=True, company=company_a, url="https://a.example/2")
    b = source_add(by_operator=True, company=company_a, url="https://b.example/")
    c = source_add(by_operator=True, company=company_a, url="https://c.example/")
    assert due_batches(limit=2) == [[a1.pk, a2.pk], [b.pk]]
    from django.utils import timezone

    CrawlSource.objects.filter(pk=b.pk).update(locked_until=timezone.now() + timezone.timedelta(minutes=5))
    assert due_batches(limit=2) == [[a1.pk, a2.pk]]  # b.example is busy and counts against the limit
    assert due_batches(limit=3) == [[a1.pk, a2.pk], [c.pk]]


def test_crawl_due_task_runs_in_process(
    career_site: LocalServer, company_a, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from crawlers.tasks import crawl_due

    source = source_add(by_operator=True, company=company_a, url=career_site.url("/karriere"))
    with django_capture_on_commit_callbacks(execute=True):
        assert crawl_due.delay().get() == 1
    source.refresh_from_db()
    assert source.runs.get().outcome == Outcome.OK and source.locked_until is None


def test_setup_periodic_tasks(db) -> None:  # type: ignore[no-untyped-def]
    from django_celery_beat.models import PeriodicTask

    call_command("setup_periodic_tasks")
    call_command("setup_periodic_tasks")  # idempotent
    tasks = sorted(PeriodicTask.objects.exclude(task="celery.backend_cleanup").values_list("task", flat=True))
    assert tasks == [
        "accounts.purge_expired_tokens",
        "alerts.purge_unconfirmed",
        "alerts.send_digests",
        "audit.purge",
        "crawlers.crawl_due",
        "crawlers.reap_orphans",
        "jobs.expire_postings",
        "profiles.expire_contact_requests",
        "profiles.retention",
        "search.drain_outbox",
        "search.reconcile",
    ]
    # Lost crawl workers and lost index messages are caught up with every minute (the ≤ 5 minute bound).
    for task in ("crawlers.reap_orphans", "search.drain_outbox"):
        interval = PeriodicTask.objects.get(task=task).interval
        assert interval is not None and interval.schedule.run_every.total_seconds() <= 60


def test_demo_career_sites_are_crawlable(company_a, company_b, capsys, settings) -> None:  # type: ignore[no-untyped-def]
    """Every generated format reads back completely (the demo and the benchmark rely on them)."""
    import threading

    from crawlers.demo_sites import ENTRY, FORMATS, HTML_SELECTORS, absolutize, demo_postings, serve, site_routes

    httpd = serve({}, "127.0.0.1", 0)
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    settings.CRAWLER_ALLOWED_ADDRESSES = [f"127.0.0.1:{httpd.server_address[1]}"]
    routes: dict = {}
    for i, fmt in enumerate(FORMATS):
        routes.update(absolutize(site_routes(fmt, demo_postings(seed=i, n=5), prefix=f"/{fmt}"), origin))
    httpd.RequestHandlerClass.routes = routes  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        for fmt in FORMATS:
            entry, kind = ENTRY[fmt]
            source = source_add(
                by_operator=True,
                company=company_a,
                url=f"{origin}/{fmt}{entry}",
                kind=kind,
                selectors=HTML_SELECTORS if kind == "html" else None,
            )
            run = crawl_source(source)
            assert (run.outcome, run.found, run.complete) == (Outcome.OK, 5, True), (fmt, run.errors)
    finally:
        httpd.shutdown()
        httpd.server_close()
    call_command("demo_career_sites", "--once", "--port", "8999")
    assert CrawlSource.objects.filter(url__startswith="http://127.0.0.1:8999/").count() == 2


def test_auto_on_a_plain_page_with_titled_links(server: LocalServer, company_a) -> None:  # type: ignore[no-untyped-def]
    server.add(
        "/",
        '<html><body><nav><a href="/ueber-uns">Über uns</a></nav><h2>Offene Stellen</h2>'
        '<p><a href="/s/tischler">Tischler (m/w/d) in Vollzeit</a></p>'
        '<p><a href="/s/azubi">Ausbildung Holzmechaniker (m/w/d)</a></p></body></html>',
    )
    server.add("/s/tischler", "<html><body><main><p>Möbelbau nach Maß.</p></main></body></html>")
    server.add("/s/azubi", "<html><body><main><p>Drei Jahre Ausbildung.</p></main></body></html>")
    run = crawl_source(source_add(by_operator=True, company=company_a, url=server.url("/")))
    assert (run.outcome, run.new) == (Outcome.OK, 2), run.errors
    tischler = JobPosting.objects.get(title="Tischler (m/w/d) in Vollzeit")
    assert tischler.description == "<p>Möbelbau nach Maß.</p>" and tischler.employment_types == ["full_time"]
    assert tischler.field_id == "22" and tischler.workplaces.get().municipality_id == "16062041"
    azubi = JobPosting.objects.get(title="Ausbildung Holzmechaniker (m/w/d)")
    assert azubi.offer_type == "apprenticeship"
    assert server.hits("/ueber-uns") == 0
