#!/usr/bin/env python
"""Job-alert benchmark: the daily digest run over many alerts and postings.

    .venv/bin/python bench/alerts.py                                  # 20,000 alerts, 100,000 postings, 2,000 new
    .venv/bin/python bench/alerts.py --postings 20000 --alerts 4000 --new 400   # a quick look

Synthetic postings (bench/search.py's generator, fixed seed) go into a throw-away SQLite database and the embedded
index; the last `--new` of them are published an hour ago, the rest long before. Alerts are confirmed guests' alerts
with random searches of what seekers save (words, a place with a radius, a field, an employment type), all due.
The run is alerts.digest.run(force=True) with the locmem mail backend: it computes, records and renders every
digest. Reported: the whole run, the per-alert compute time (each distinct search's time shared by the alerts
asking it) at p50/p95, the database queries per alert (a constant few per batch plus one per mail sent: no query
per alert per posting), and the peak memory (the process's peak resident size; with --tracemalloc also the Python
allocations during the run, which makes the run itself much slower). Target: the whole run ≤ 5 minutes.

Measured on 2 cores shared with other work (2026-12-01, default sizes, 6,224 distinct searches): 246 s for the
whole run, 18,634 digests (267,959 postings listed); per-alert compute p50 3.8 ms, p95 14.5 ms; peak RSS 614 MB
(368 MB before the run — most of the rise is the 18,634 mails the locmem backend keeps).
"""

from __future__ import annotations

import argparse
import datetime
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search import _build, _setup, seed_postings  # noqa: E402

WORDS = [
    "Pflege", "Pflegefachkraft", "Altenpfleger", "Erzieher", "Mechatroniker", "Elektriker", "Zerspanungsmechaniker",
    "Industriemechaniker", "Softwareentwickler", "Fachinformatiker", "Buchhaltung", "Kaufmann", "Lager", "Fahrer",
    "Koch", "Verkäufer", "Schweißer", "CNC", "Physiotherapeut", "Sozialpädagoge",
]  # fmt: skip
RADII = ["10", "25", "25", "50"]


def _params(rng: random.Random, places: list[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if rng.random() < 0.85:
        params["q"] = rng.choice(WORDS)
    if rng.random() < 0.7:
        params["place"] = rng.choice(places)
        params["radius_km"] = rng.choice(RADII)
    if rng.random() < 0.15:
        params["employment_type"] = [rng.choice(["full_time", "part_time"])]
    if not params:
        params["q"] = rng.choice(WORDS)
    return params


def seed_alerts(n: int, *, rng: random.Random, watermark: datetime.datetime) -> int:
    from alerts.models import Alert
    from alerts.params import params_clean, params_key
    from regions.models import Municipality

    # Towns seekers name: the municipalities with most postal codes (unique names, so the place resolves alone).
    towns = sorted(Municipality.objects.all(), key=lambda m: -len(m.postal_code_list))[:80]
    places = [m.name.split("/")[0] for m in towns]
    checked: dict[str, dict[str, Any] | None] = {}
    alerts = []
    while len(alerts) < n:
        raw = _params(rng, places)
        key = params_key(raw)
        if key not in checked:
            try:
                checked[key] = params_clean(raw)
            except Exception:  # an ambiguous town name: not a search anyone could save
                checked[key] = None
        clean = checked[key]
        if clean is None:
            continue
        alerts.append(
            Alert(
                email=f"leser{len(alerts)}@example.org",
                name="Suche",
                params=clean,
                frequency=rng.choice(["daily", "weekly"]),
                confirmed_at=watermark,
                watermark=watermark,
            )
        )
    Alert.objects.bulk_create(alerts, batch_size=2000)
    return len({params_key(a.params) for a in alerts})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--alerts", type=int, default=20_000)
    parser.add_argument("--new", type=int, default=2_000, help="postings published since the last digest")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace Python allocations (slows the run down severalfold)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="regiojobs-bench-alerts-"))
    try:
        _setup(workdir)
        from django.conf import settings
        from django.core import mail
        from django.db import connection
        from django.utils import timezone

        from alerts import digest
        from jobs.models import JobPosting
        from search.backends.base import get_search_backend

        # The SQLite options every non-test setting uses (config/settings/base.py): WAL, no fsync per commit. The
        # test settings leave SQLite's defaults, where each of the run's commits (one per mail sent) waits for
        # the disk.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.SITE_URL = "https://jobs.example.org"
        mail.outbox = []
        rng = random.Random(args.seed)
        now = timezone.now()
        t0 = time.perf_counter()
        seed_postings(args.postings, rng=rng)
        JobPosting.objects.update(published_at=now - datetime.timedelta(days=30))
        newest = list(JobPosting.objects.order_by("-pk").values_list("pk", flat=True)[: args.new])
        JobPosting.objects.filter(pk__in=newest).update(published_at=now - datetime.timedelta(hours=1))
        backend = get_search_backend()
        _build(backend)
        distinct = seed_alerts(args.alerts, rng=rng, watermark=now - datetime.timedelta(days=1))
        print(
            f"regiojobs alert benchmark — {args.alerts:,} alerts ({distinct:,} distinct searches), "
            f"{args.postings:,} postings, {args.new:,} new; seeded in {time.perf_counter() - t0:.0f} s"
        )

        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if args.tracemalloc:
            tracemalloc.start()
        started = time.perf_counter()
        queries: list[str] = []

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            queries.append(sql[:20])  # counted, not kept: Django's own capture stops at 9,000
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            summary = digest.run(force=True, backend=backend)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else 0
        tracemalloc.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        per_alert = sorted(summary.per_alert_ms) or [0.0]
        p95 = per_alert[min(len(per_alert) - 1, int(len(per_alert) * 0.95))]
        listed = sum(len(m.body.split("/jobs/")) - 1 for m in mail.outbox)
        print(f"  whole run: {elapsed:.1f} s (target ≤ 300 s: {'ok' if elapsed <= 300 else 'MISSED'})")
        print(f"  {summary.line()}")
        print(f"  mails in the outbox: {len(mail.outbox):,}; postings listed in them: {listed:,}")
        print(
            f"  per-alert compute: p50 {statistics.median(per_alert):.2f} ms, p95 {p95:.2f} ms "
            f"(a distinct search's time shared by its alerts)"
        )
        print(f"  database queries: {len(queries):,} = {len(queries) / max(1, args.alerts):.2f} per alert")
        traced = f"{peak / 1e6:.0f} MB of Python allocations during the run (tracemalloc); " if peak else ""
        print(f"  peak memory: {traced}process peak RSS {rss_after:.0f} MB (before the run {rss_before:.0f} MB)")
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
