#!/usr/bin/env python
"""Database cost of an uncached page of /api/v1/jobs/: page 1, a middle page and the last page, per ordering.

    .venv/bin/python bench/list_db.py                              # 10k postings, SQLite in a temporary folder
    .venv/bin/python bench/list_db.py --postings 100000 --runs 15
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/regiojobs_listdb .venv/bin/python bench/list_db.py

Postings come from bench/search.py's seeded generator, in a throw-away SQLite file or in the PostgreSQL database that
DATABASE_URL names (dropped and created anew: give it one of its own). Every timed request goes through Django's full
stack in-process (django.test.Client) after the cache was emptied and only the list's count put back (the count is
cached per filter, for every page alike): what one page nobody asked for lately costs, as when a client walks through
the pages. The "cold" column empties the count too (the first page of a filter nobody asked for today). The "id query"
column is the query that picks the page's rows, on its own (built by the filter and the ORM), "its SQL" that query's
SQL alone, sent through the database cursor. Tables show p50 / p95 in ms.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import percentiles, recreate_postgres_database  # noqa: E402

ORDERINGS = ["", "date_posted", "title", "-title", "salary_min", "-salary_min", "id", "-id"]
FILTERS = {"": "", "county": "county=16061", "field": "field=81", "county+field": "county=16061&field=81"}


def _setup(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        recreate_postgres_database(database_url)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["SEARCH_INDEX_PATH"] = str(workdir / "index" / "postings.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from companies.services import networks_load

    networks_load()


def _timed(fn: Callable[[], Any], prepare: Callable[[], Any], runs: int) -> tuple[float, float]:
    prepare()
    fn()  # untimed: the first request of a URL also builds what the process keeps (compiled templates, SQL, ...)
    samples = []
    for _ in range(runs):
        prepare()
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return percentiles(samples)


Timing = tuple[float, float]


def measure(runs: int) -> list[tuple[str, str, str, Timing, Timing, Timing, Timing]]:
    from django.core.cache import caches
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client

    from jobs.filters import JobPostingFilter
    from jobs.selectors import job_list_public

    client = Client()
    rows = []

    def clear() -> None:
        for cache in caches.all():
            cache.clear()

    for filter_name, filter_query in FILTERS.items():
        for ordering in ORDERINGS:
            query = "&".join(x for x in (filter_query, f"ordering={ordering}" if ordering else "") if x)
            base = f"/api/v1/jobs/?{query}&" if query else "/api/v1/jobs/?"
            answer = client.get(f"{base}page_size=1")
            assert answer.status_code == 200, answer.content[:300]
            count = answer.json()["count"]
            last = max(1, -(-count // 20))
            params = QueryDict(query)
            for page_name, page in (("1", 1), ("middle", max(1, last // 2)), ("last", last)):
                url = f"{base}page={page}"

                def warm_count(base: str = base) -> None:
                    clear()
                    client.get(f"{base}page_size=1")

                def get(url: str = url) -> None:
                    assert client.get(url).status_code == 200

                def ids(page: int = page, params: QueryDict = params) -> None:
                    qs = JobPostingFilter(params, queryset=job_list_public()).qs
                    list(qs.values_list("pk", flat=True)[(page - 1) * 20 : page * 20])

                keys = JobPostingFilter(params, queryset=job_list_public()).qs.values_list("pk", flat=True)
                sql = keys[(page - 1) * 20 : page * 20].query.sql_with_params()

                def ids_sql(sql: tuple[str, Any] = sql) -> None:
                    with connection.cursor() as cursor:
                        cursor.execute(*sql)
                        cursor.fetchall()

                rows.append(
                    (
                        filter_name or "-",
                        ordering or "(default)",
                        f"{page_name} ({page})",
                        _timed(get, warm_count, runs),
                        _timed(get, clear, max(3, runs // 3)),
                        _timed(ids, lambda: None, runs),
                        _timed(ids_sql, lambda: None, runs),
                    )
                )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=21, help="timed requests per row")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--explain", action="store_true", help="print the plan of each id query (page 1) too")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bench-list-db-"))
    try:
        _setup(workdir)
        from django.db import connection

        from bench.search import seed_postings

        t0 = time.perf_counter()
        seed_postings(args.postings, rng=random.Random(args.seed))
        from jobs.services import database_statistics_refresh

        database_statistics_refresh()  # as after any big import
        print(f"{args.postings:,} postings on {connection.vendor}, seeded in {time.perf_counter() - t0:.0f} s")
        if args.explain:
            _explain()
        rows = measure(args.runs)
        header = (
            f"{'filter':<13}{'ordering':<12}{'page':<14}{'page (count cached)':>22}{'cold':>18}{'id query':>18}"
            f"{'its SQL':>18}"
        )
        print(header)
        print("-" * len(header))
        for filter_name, ordering, page, *timings in rows:
            cells = "".join(f"{p50:>11.2f} /{p95:>6.2f}" for p50, p95 in timings)
            print(f"{filter_name:<13}{ordering:<12}{page:<14}{cells}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _explain() -> None:
    from django.db import connection
    from django.http import QueryDict

    from jobs.filters import JobPostingFilter
    from jobs.selectors import job_list_public

    for filter_query in FILTERS.values():
        for ordering in ORDERINGS:
            params = QueryDict("&".join(x for x in (filter_query, f"ordering={ordering}" if ordering else "") if x))
            qs = JobPostingFilter(params, queryset=job_list_public()).qs.values_list("pk", flat=True)[:20]
            sql, sql_params = qs.query.sql_with_params()
            prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql, sql_params)
                plan = [" ".join(str(c) for c in row) for row in cursor.fetchall()]
            print(f"-- {params}\n{sql % tuple(repr(p) for p in sql_params)}\n  " + "\n  ".join(plan))


if __name__ == "__main__":
    sys.exit(main())
