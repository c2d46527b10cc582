"""sitemap.xml (an index of sections, each split at 50,000 addresses) lists exactly what the public sees, valid by
the Sitemaps 0.9 rules, and a closed posting leaves it at once; robots.txt points to it."""

from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from lxml import etree

from companies.models import Company
from frontend.sitemaps import PostingSitemap
from jobs import services as job_services
from jobs.models import JobPosting
from tests.factories import CompanyFactory, make_posting
from tests.frontend.test_pages import detail_url

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "sitemap-0.9.xsd")))


def valid_xml(response) -> etree._Element:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/xml")
    doc = etree.fromstring(response.content)
    SCHEMA.assertValid(doc)
    return doc


def section_pages(client: Client) -> list[str]:
    index = valid_xml(client.get("/sitemap.xml"))
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    return [
        urlsplit(loc).path + (f"?{urlsplit(loc).query}" if urlsplit(loc).query else "")
        for loc in index.xpath("//sm:loc/text()", namespaces=NS)
    ]


def locs(client: Client) -> dict[str, str | None]:
    """Every address of every section page: {path: lastmod}."""
    found: dict[str, str | None] = {}
    for page in section_pages(client):
        doc = valid_xml(client.get(page))
        assert doc.tag == f"{{{NS['sm']}}}urlset"
        for url in doc.xpath("sm:url", namespaces=NS):
            loc = url.findtext("sm:loc", namespaces=NS)
            assert loc.startswith("http://testserver/")
            found[urlsplit(loc).path] = url.findtext("sm:lastmod", namespaces=NS)
    return found


def test_lists_only_visible_postings_companies_and_the_static_pages(client, company_a):  # type: ignore[no-untyped-def]
    visible = make_posting(company_a, title="Sichtbar")
    draft = make_posting(company_a, title="Entwurf", status="draft")
    closed = make_posting(company_a, title="Geschlossen")
    job_services.job_close(job=closed)
    expired = make_posting(company_a, title="Abgelaufen")
    JobPosting.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    withdrawn = CompanyFactory(slug="wartet")
    of_pending = make_posting(withdrawn, title="Firma nicht freigegeben")
    Company.objects.filter(pk=withdrawn.pk).update(status=Company.Status.PENDING)  # before anything was cached

    found = locs(client)
    postings = {path for path in found if path.startswith("/jobs/") and path != "/jobs/"}
    assert postings == {detail_url(visible)}
    visible.refresh_from_db()
    assert found[detail_url(visible)] == visible.updated_at.date().isoformat()
    for hidden in (draft, closed, expired, of_pending):
        assert detail_url(hidden) not in found
    assert f"/companies/{company_a.slug}/" in found
    assert "/companies/wartet/" not in found
    assert {"/", "/jobs/", "/companies/", "/ausbildung/"} <= set(found)
    # Nothing private: no company area, account or API address.
    assert not [p for p in found if p.startswith(("/company-area/", "/seeker/", "/accounts/", "/api/", "/admin/"))]


def test_a_closed_posting_leaves_at_once(client, company_a):  # type: ignore[no-untyped-def]
    job = make_posting(company_a, title="Bald besetzt")
    assert detail_url(job) in locs(client)  # now cached
    job_services.job_close(job=job)
    assert detail_url(job) not in locs(client)
    job_services.job_renew(job=job)
    assert detail_url(job) in locs(client)


def test_a_section_beyond_its_limit_is_split_into_pages(client, company_a, monkeypatch):  # type: ignore[no-untyped-def]
    assert PostingSitemap.limit == 50_000  # the protocol's maximum per file
    jobs = [make_posting(company_a, title=f"Stelle {i}") for i in range(5)]
    monkeypatch.setattr(PostingSitemap, "limit", 2)
    pages = [p for p in section_pages(client) if p.startswith("/sitemap-jobs.xml")]
    assert pages == ["/sitemap-jobs.xml", "/sitemap-jobs.xml?p=2", "/sitemap-jobs.xml?p=3"]
    listed = []
    for page in pages:
        doc = valid_xml(client.get(page))
        listed += [urlsplit(loc).path for loc in doc.xpath("//sm:loc/text()", namespaces=NS)]
    assert sorted(listed) == sorted(detail_url(j) for j in jobs)
    assert client.get("/sitemap-jobs.xml?p=4").status_code == 404


def test_the_schema_refuses_what_the_protocol_forbids():  # type: ignore[no-untyped-def]
    """The schema the other tests rely on is not a rubber stamp."""
    head = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    good = f"{head}<url><loc>https://x.example/a</loc><lastmod>2026-01-02</lastmod><changefreq>daily</changefreq></url></urlset>"
    SCHEMA.assertValid(etree.fromstring(good))
    for bad in (
        f"{head}<url><loc>/relative</loc></url></urlset>",
        f"{head}<url><loc>https://x.example/a</loc><changefreq>sometimes</changefreq></url></urlset>",
        f"{head}<url><loc>https://x.example/a</loc><priority>1.5</priority></url></urlset>",
        f"{head}<url><loc>https://x.example/a</loc><lastmod>02.01.2026</lastmod></url></urlset>",
        f"{head}<url><changefreq>daily</changefreq><loc>https://x.example/a</loc></url></urlset>",
        '<urlset xmlns="http://example.org/other"><url><loc>https://x.example/a</loc></url></urlset>',
    ):
        assert not SCHEMA.validate(etree.fromstring(bad)), bad


def test_robots_txt_points_to_the_sitemap(client):  # type: ignore[no-untyped-def]
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "User-agent: *" in lines
    assert "Disallow: /company-area/" in lines and "Disallow: /seeker/" in lines
    # The postings themselves stay open to crawlers.
    assert not [line for line in lines if line.startswith("Disallow: /jobs")]
