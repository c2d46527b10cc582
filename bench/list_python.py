#!/usr/bin/env python
"""Python cost of an uncached page of /api/v1/jobs/: the shipped fast paths beside DRF's and django-filter's standard
ones, measured in the same run, interleaved (the machine's load hits both alike).

    .venv/bin/python bench/list_python.py                    # 10k postings, SQLite in a temporary folder
    .venv/bin/python bench/list_python.py --postings 100000 --runs 41
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/regiojobs_listpy .venv/bin/python bench/list_python.py

Seeded as bench/list_db.py does (its database rules apply). Rows: a whole request in-process (django.test.Client,
count cached, the page not: a client walking every page once), the page's representation alone (20 postings, loaded
beforehand) and the filter step alone with no filter given. "standard" is DRF's ListSerializer and django-filter's
own backend, "shipped" what the API uses (config.serializers.RowPlanListSerializer, config.filters.FilterBackend).
Tables show p50 / p95 in ms and the ratio of the p50s.
"""

from __future__ import annotations

import argparse
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

from bench.list_db import _setup  # noqa: E402
from bench.serving import percentiles  # noqa: E402


def _interleaved(
    pair: dict[str, Callable[[], Any]], prepare: Callable[[], Any], runs: int
) -> dict[str, tuple[float, float]]:
    samples: dict[str, list[float]] = {name: [] for name in pair}
    for fn in pair.values():  # untimed: what the first call builds and keeps
        prepare()
        fn()
    for _ in range(runs):
        for name, fn in pair.items():
            prepare()
            t0 = time.perf_counter()
            fn()
            samples[name].append((time.perf_counter() - t0) * 1000)
    return {name: percentiles(values) for name, values in samples.items()}


def measure(runs: int) -> list[tuple[str, dict[str, tuple[float, float]]]]:
    from django.core.cache import caches
    from django.test import Client
    from django_filters.rest_framework import DjangoFilterBackend
    from rest_framework.request import Request
    from rest_framework.serializers import ListSerializer
    from rest_framework.test import APIRequestFactory

    from config.filters import FilterBackend
    from jobs.api import JobPostingViewSet
    from jobs.filters import JobPostingFilter
    from jobs.selectors import job_list_public
    from jobs.serializers import JobPostingOutputSerializer

    client = Client()
    count = client.get("/api/v1/jobs/?page_size=1").json()["count"]
    pages = iter(random.Random(1).choices(range(1, -(-count // 20) + 1), k=10 * runs))
    shipped_list = JobPostingOutputSerializer.Meta.list_serializer_class
    shipped_backends = JobPostingViewSet.filter_backends

    def use(list_class: Any, backends: list[Any]) -> None:
        JobPostingOutputSerializer.Meta.list_serializer_class = list_class
        JobPostingViewSet.filter_backends = backends

    def uncached_page() -> None:
        for cache in caches.all():
            cache.clear()
        client.get("/api/v1/jobs/?page_size=1")  # the count, as cached for every page

    def page(list_class: Any, backends: list[Any]) -> Callable[[], None]:
        def get() -> None:
            use(list_class, backends)
            try:
                assert client.get(f"/api/v1/jobs/?page={next(pages)}").status_code == 200
            finally:
                use(shipped_list, shipped_backends)

        return get

    rows = [
        (
            "/api/v1/jobs/?page=N (uncached page)",
            _interleaved(
                {
                    "standard": page(ListSerializer, [DjangoFilterBackend]),
                    "shipped": page(shipped_list, shipped_backends),
                },
                uncached_page,
                runs,
            ),
        )
    ]
    postings = list(job_list_public()[4000:4020])

    def represent(list_class: Any) -> Callable[[], None]:
        def run() -> None:
            use(list_class, shipped_backends)
            try:
                JobPostingOutputSerializer(postings, many=True).data  # noqa: B018
            finally:
                use(shipped_list, shipped_backends)

        return run

    rows.append(
        (
            "representation of 20 postings",
            _interleaved(
                {"standard": represent(ListSerializer), "shipped": represent(shipped_list)}, lambda: None, runs
            ),
        )
    )
    request = Request(APIRequestFactory().get("/api/v1/jobs/?page=3"))
    view = JobPostingViewSet(action="list", request=request, format_kwarg=None)
    view.filterset_class = JobPostingFilter
    rows.append(
        (
            "filter step, no filter given",
            _interleaved(
                {
                    "standard": lambda: DjangoFilterBackend().filter_queryset(request, job_list_public(), view),
                    "shipped": lambda: FilterBackend().filter_queryset(request, job_list_public(), view),
                },
                lambda: None,
                runs,
            ),
        )
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=41, help="timed calls per cell")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bench-list-python-"))
    try:
        _setup(workdir)
        from django.db import connection

        from bench.search import seed_postings

        seed_postings(args.postings, rng=random.Random(args.seed))
        from jobs.services import database_statistics_refresh

        database_statistics_refresh()
        print(f"{args.postings:,} postings on {connection.vendor}, {args.runs} runs per cell")
        header = f"{'':<40}{'standard':>18}{'shipped':>18}{'ratio':>8}"
        print(header)
        print("-" * len(header))
        for name, cells in measure(args.runs):
            (s50, s95), (f50, f95) = cells["standard"], cells["shipped"]
            print(f"{name:<40}{s50:>11.2f} /{s95:>6.2f}{f50:>11.2f} /{f95:>6.2f}{s50 / f50:>7.1f}x")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
