"""The demo's postings fit their company: roles of its trade, workplaces in the default region (Nordhausen,
Kyffhäuserkreis, Unstrut-Hainich-Kreis), on its generated career site as in the seeded board."""

from __future__ import annotations

import re
import threading

import pytest
from django.core.management import call_command

from companies.models import Company
from crawlers.demo_sites import ENTRY, FORMATS, HTML_SELECTORS, absolutize, company_demo_postings, serve, site_routes
from crawlers.models import Outcome
from crawlers.pipeline import crawl_source, source_add
from jobs.demo import DEMO_SOURCE_REF, company_roles
from jobs.demo_data import COMPANIES, ROLES, UNFIT_ROLES
from jobs.models import JobPosting, Status
from regions.models import Municipality
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

REGION_COUNTIES = {"16062", "16064", "16065"}
FIELDS = {slug: fields for slug, *_rest, fields, _description in COMPANIES}
# One company per format, several of them under a postal code other municipalities share.
SITES = {
    "bleicheroeder-holzbau": "jsonld",  # 99752: Bleicherode, Kehmstedt, Lipprechterode
    "ellricher-gipswerke": "personio",  # 99755: Ellrich, Hohenstein
    "muehlhaeuser-textilwerke": "rss",  # 99974: Mühlhausen/Thüringen, Unstruttal
    "kurbetriebe-langensalza": "html",  # 99947: Bad Langensalza and four more
    "artern-agrar": "greenhouse",
    "kyffhaeuser-seniorenresidenz": "softgarden",
    "harztor-logistik": "lever",
}


def _base(title: str) -> str:
    """The role of a title: "Ausbildung Maurer (m/w/d) 2027" → "Maurer"."""
    title = re.sub(r"^(Ausbildung|Praktikum)\s+", "", title)
    return re.sub(r"\s*\(m/w/d\).*$", "", title)


def test_every_hiring_field_keeps_a_fitting_role_and_no_unfit_one_is_named_wrongly() -> None:
    roles = {role[0] for field_roles in ROLES.values() for role in field_roles}
    for slug, fields in FIELDS.items():
        assert UNFIT_ROLES.get(slug, set()) <= roles, slug  # a typo would exclude nothing
        for field in fields:
            assert company_roles(slug, field), (slug, field)


def test_the_demo_career_sites_publish_fitting_postings_in_the_region(settings) -> None:  # type: ignore[no-untyped-def]
    httpd = serve({}, "127.0.0.1", 0)
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    settings.CRAWLER_ALLOWED_ADDRESSES = [f"127.0.0.1:{httpd.server_address[1]}"]
    assert set(SITES.values()) == set(FORMATS)
    companies = {}
    routes: dict = {}
    for i, (slug, fmt) in enumerate(SITES.items()):
        ags = next(c[2] for c in COMPANIES if c[0] == slug)
        home = Municipality.objects.get(ags=ags)
        companies[slug] = company = CompanyFactory(slug=slug, municipality=home, postal_code=home.postal_code_list[0])
        routes.update(
            absolutize(site_routes(fmt, company_demo_postings(company, seed=i + 1), prefix=f"/{slug}"), origin)
        )
    httpd.RequestHandlerClass.routes = routes  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        for slug, fmt in SITES.items():
            entry, kind = ENTRY[fmt]
            source = source_add(
                by_operator=True,
                company=companies[slug],
                url=f"{origin}/{slug}{entry}",
                kind=kind,
                selectors=HTML_SELECTORS if kind == "html" else None,
            )
            run = crawl_source(source)
            assert (run.outcome, run.found, run.place_reviews) == (Outcome.OK, 5, 0), (slug, run.errors)
    finally:
        httpd.shutdown()
        httpd.server_close()
    for slug, company in companies.items():
        fitting = {role[0] for field in FIELDS[slug] for role in company_roles(slug, field)}
        postings = list(JobPosting.objects.filter(company=company).prefetch_related("workplaces"))
        assert len(postings) == 5
        for job in postings:
            assert job.status == Status.PUBLISHED, (slug, job.title)
            assert _base(job.title) in fitting, (slug, job.title)
            assert [w.municipality_id for w in job.workplaces.all()] == [company.municipality_id], (slug, job.title)


def test_the_seeded_board_posts_fitting_roles_in_the_region() -> None:
    call_command("seed_demo", "--no-index", verbosity=0)
    for job in JobPosting.objects.filter(source_ref=DEMO_SOURCE_REF).select_related("company", "field"):
        fitting = {role[0] for field in FIELDS[job.company.slug] for role in company_roles(job.company.slug, field)}
        assert _base(job.title) in fitting, (job.company.slug, job.title)
        counties = {w.municipality.county_id for w in job.workplaces.select_related("municipality")}
        assert counties <= REGION_COUNTIES, (job.company.slug, job.title)
    assert Company.objects.count() == len(COMPANIES)
