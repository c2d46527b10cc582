"""A run whose database writes fail halfway leaves every posting as it was (a real trigger makes the DB fail)."""

from __future__ import annotations

import pytest
from django.db import connection

from crawlers.models import Outcome
from crawlers.pipeline import crawl_source, source_add
from jobs.models import JobPosting, Status
from tests.crawlers.server import LocalServer
from tests.crawlers.test_pipeline import detail, jsonld_page

pytestmark = pytest.mark.django_db

POISON = "Explodiert"


def _install_failing_trigger() -> None:
    """Make the database itself refuse any posting whose title contains POISON."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION regiojobs_test_refuse() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.title LIKE '%{POISON}%' THEN RAISE EXCEPTION 'refused by test trigger'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER regiojobs_test_refuse BEFORE INSERT OR UPDATE ON jobs_jobposting "
                "FOR EACH ROW EXECUTE FUNCTION regiojobs_test_refuse()"
            )
        else:
            for event in ("INSERT", "UPDATE"):
                cursor.execute(
                    f"CREATE TRIGGER regiojobs_test_refuse_{event.lower()} BEFORE {event} ON jobs_jobposting "
                    f"WHEN NEW.title LIKE '%{POISON}%' BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END"
                )


def test_database_failure_halfway_changes_nothing(server: LocalServer, company_a) -> None:  # type: ignore[no-untyped-def]
    links = [("/jobs/1", "Maurer"), ("/jobs/2", "Elektriker"), ("/jobs/3", "Koch")]
    server.add("/jobs", jsonld_page(links=links))
    server.add("/jobs/1", detail("J-1", "Maurer (m/w/d)"))
    server.add("/jobs/2", detail("J-2", "Elektriker (m/w/d)"))
    server.add("/jobs/3", detail("J-3", "Koch (m/w/d)"))
    source = source_add(by_operator=True, company=company_a, url=server.url("/jobs"))
    assert crawl_source(source).new == 3
    before = list(JobPosting.objects.order_by("pk").values("pk", "title", "status", "content_hash"))

    _install_failing_trigger()
    # Next run: one posting changed, one new, one gone (a complete run would count a miss), one poisoned.
    server.add("/jobs", jsonld_page(links=[*links[:2], ("/jobs/4", "Neu"), ("/jobs/5", "Gift")]))
    server.add("/jobs/1", detail("J-1", "Maurer (m/w/d) Vorarbeiter"))
    server.add("/jobs/4", detail("J-4", "Tischler (m/w/d)"))
    server.add("/jobs/5", detail("J-5", f"{POISON} (m/w/d)"))
    run = crawl_source(source)

    assert run.outcome == Outcome.FAILED
    assert any("database error" in e["reason"] for e in run.errors)
    assert (run.new, run.updated, run.closed) == (0, 0, 0)
    assert list(JobPosting.objects.order_by("pk").values("pk", "title", "status", "content_hash")) == before
    source.refresh_from_db()
    assert source.miss_counts == {} and source.consecutive_failures == 1
    assert JobPosting.objects.filter(status=Status.PUBLISHED).count() == 3
