"""A page of the public list reads its keys from the index of its ordering, not from a sort of every visible row."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from jobs.filters import JobPostingFilter
from jobs.models import JobPosting, Status
from jobs.selectors import job_list_public
from jobs.services import database_statistics_refresh
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

ORDERINGS = ["", "date_posted", "-date_posted", "title", "-title", "salary_min", "-salary_min", "id", "-id"]


def _plan(ordering: str, page: int) -> str:
    params = QueryDict(f"ordering={ordering}" if ordering else "")
    keys = JobPostingFilter(params, queryset=job_list_public()).qs.values_list("pk", flat=True)
    sql, sql_params = keys[(page - 1) * 20 : page * 20].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", sql_params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.fixture
def many_postings(db):  # type: ignore[no-untyped-def]
    rng = random.Random(3)
    today = timezone.localdate()
    companies = CompanyFactory.create_batch(30)
    # A site some months old: more ended postings than published ones.
    statuses = [Status.PUBLISHED] * 3 + [Status.EXPIRED] * 4 + [Status.CLOSED] * 2 + [Status.DRAFT]
    JobPosting.objects.bulk_create(
        JobPosting(
            company=rng.choice(companies),
            title=f"Stelle {rng.randrange(1000)}",
            date_posted=today - datetime.timedelta(days=rng.randrange(60)),
            expires_on=today + datetime.timedelta(days=rng.randrange(-5, 60)),
            salary_min=rng.choice([None, 2500, 3100, 4000]),
            status=rng.choice(statuses),
        )
        for _ in range(2000)
    )


# PostgreSQL chooses by costs, and on a table this small a sequential scan and a sort is the right choice there.
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
@pytest.mark.parametrize("ordering", ORDERINGS)
def test_a_page_is_read_in_order_from_an_index(many_postings, ordering):  # type: ignore[no-untyped-def]
    # Before the planner has statistics, and after migrate (nothing left to apply) refreshed them.
    for refresh in (lambda: None, lambda: call_command("migrate", verbosity=0, interactive=False)):
        refresh()
        for page in (1, 10):
            plan = _plan(ordering, page)
            assert "USING COVERING INDEX posting_public_" in plan, plan
            assert "TEMP B-TREE" not in plan, plan


def test_the_planner_statistics_are_refreshed(many_postings):  # type: ignore[no-untyped-def]
    if connection.vendor == "sqlite":
        sql = "SELECT count(*) > 0 FROM sqlite_stat1 WHERE tbl = 'jobs_jobposting'"
    else:
        sql = "SELECT count(*) FROM pg_class WHERE relname = 'jobs_jobposting' AND reltuples >= 2000"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        assert cursor.fetchone() == (0,)
        database_statistics_refresh()
        cursor.execute(sql)
        assert cursor.fetchone() == (1,)
