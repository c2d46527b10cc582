#!/usr/bin/env python
"""Throughput of every public page and list endpoint under gunicorn, side by side with a bare view.

(Issue 10 asked for it as bench/http.py; a module of that name in bench/ stands in for the standard library's http
in every script run from this folder, so it has this name.)

    .venv/bin/python bench/throughput.py                   # demo data, 2 workers, 5 s per URL, 8 connections
    .venv/bin/python bench/throughput.py --postings 10000  # plus 10,000 generated postings
    .venv/bin/python bench/throughput.py --duration 10 --connections 16 --only api/v1/jobs
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/regiojobs_http .venv/bin/python bench/throughput.py

It builds a throw-away site (migrate, gazetteer, demo data, optionally N generated postings, search index) in a
temporary folder — or in the PostgreSQL database DATABASE_URL names, which it drops and creates — and starts gunicorn
(config/gunicorn.conf.py) on a free loopback port with the production settings: DEBUG off, the cache shared by the
workers in Redis (--cache-url; that Redis database is FLUSHED before and after the run: give it one of its own).

Each URL is first warmed up, then requested for --duration seconds in all by --connections concurrent clients
(asyncio, plain HTTP/1.1, keep-alive where the server offers it), in --rounds rounds over all URLs so that a drift in
the machine's load weighs on every URL alike. Every answer must be 200. The yardstick is /healthz, a view that answers
{"status": "ok"} without touching anything, measured in the same rounds. Target: every URL serves at least a fifth of
the bare view's requests per second (ratio ≤ 5×).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import platform
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import free_port, prepare_site, start_gunicorn  # noqa: E402

RATIO_LIMIT = 5.0
BARE = "/healthz"
HTML_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def flush_cache(cache_url: str) -> None:
    import redis

    redis.Redis.from_url(cache_url).flushdb()


def prepare_server_env(tmp: Path, database_url: str | None, cache_url: str, postings: int, seed: int) -> dict[str, str]:
    """Seed the throw-away site; returns the environment the server runs with: production settings, with what they
    demand of a loopback run."""
    env = prepare_site(tmp, database_url, extra_env={"CACHE_URL": cache_url}, postings=postings, seed=seed)
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "CELERY_BROKER_URL": cache_url,  # required in production; a read-only run enqueues nothing
        "EMAIL_URL": "dummymail://",  # required in production; a benchmark sends none
        "SITE_URL": "http://127.0.0.1",
    }


# --- A small HTTP/1.1 client: cheap per request, so that the client is not what is measured ---------------------


def _request_bytes(port: int, path: str) -> bytes:
    accept = "application/json" if path.startswith("/api/") or path == BARE else HTML_ACCEPT
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: {accept}\r\nAccept-Language: de\r\n"
        "User-Agent: regiojobs-bench-http\r\n\r\n"
    ).encode()


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """(status, body, whether the server keeps the connection open)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip().lower()
    keep = headers.get("connection") != "close" and lines[0].startswith("HTTP/1.1")
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            parts.append(await reader.readexactly(size + 2))
            if size == 0:
                break
        body = b"".join(p[:-2] for p in parts)
    else:
        body, keep = await reader.read(-1), False
    return status, body, keep


async def fetch_once(port: int, path: str) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(_request_bytes(port, path))
        status, body, _keep = await _read_response(reader)
        return status, body
    finally:
        writer.close()


@dataclass
class Result:
    url: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    sample_error: str = ""
    bytes: int = 0
    turn: Iterator[int] = field(default_factory=itertools.count)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, q: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] * 1000 if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1] * 1000


async def _connection(port: int, paths: list[str], deadline: float, result: Result) -> None:
    requests = [_request_bytes(port, p) for p in paths]
    reader = writer = None
    while time.monotonic() < deadline:
        n = next(result.turn)  # the row's paths in turn, over all its connections and rounds
        request = requests[n % len(requests)]
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            assert reader is not None
            writer.write(request)
            status, body, keep = await _read_response(reader)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
            result.errors += 1
            result.sample_error = result.sample_error or f"{type(exc).__name__}: {exc}"
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        result.latencies.append(time.perf_counter() - started)
        result.bytes += len(body)
        if status != 200:
            result.errors += 1
            result.sample_error = result.sample_error or f"HTTP {status} {paths[n % len(paths)]}"
        if not keep:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def measure(port: int, result: Result, paths: list[str], connections: int, duration: float) -> None:
    """Add `duration` seconds of requests to `result`; `paths` are requested in turn (a row may cycle through
    several pages of one list)."""
    started = time.monotonic()
    await asyncio.gather(*(_connection(port, paths, started + duration, result) for _ in range(connections)))
    result.seconds += time.monotonic() - started


# --- What is measured ----------------------------------------------------------------------------------------------


async def discover(port: int) -> dict[str, list[str]]:
    """Every public page and list endpoint, with real ids and slugs of this site."""
    import json

    status, body = await fetch_once(port, "/api/v1/jobs/?page_size=1")
    if status != 200:
        sys.exit(f"/api/v1/jobs/ answered {status}")
    listing = json.loads(body)
    job = listing["results"][0]
    last_page = -(-listing["count"] // 20)
    short = f"/jobs/{job['id']}/"
    detail = await _redirect_target(port, short)
    company = job["company"]["slug"]
    return {
        "/ (home)": ["/"],
        "/jobs/": ["/jobs/"],
        "/jobs/?q=Pflege&county=16062": ["/jobs/?q=Pflege&county=16062"],
        "/jobs/<id>-<slug>/ (detail)": [detail],
        "/jobs/feed/": ["/jobs/feed/"],
        "/companies/": ["/companies/"],
        "/companies/<slug>/": [f"/companies/{company}/"],
        "/api/v1/jobs/": ["/api/v1/jobs/"],
        "/api/v1/jobs/?county=16062&page=1..3": [f"/api/v1/jobs/?county=16062&page={p}" for p in (1, 2, 3)],
        "/api/v1/jobs/?field=81&ordering=-date_posted": ["/api/v1/jobs/?field=81&ordering=-date_posted"],
        # Every page in turn: most requests find nothing cached (the whole list is not read in a run).
        f"/api/v1/jobs/?page=1..{last_page} (in turn)": [f"/api/v1/jobs/?page={p}" for p in range(1, last_page + 1)],
        "/api/v1/jobs/<id>/": [f"/api/v1/jobs/{job['id']}/"],
        "/api/v1/search/jobs/?q=Pflege": ["/api/v1/search/jobs/?q=Pflege"],
        "/api/v1/search/suggest/?q=Pfle": ["/api/v1/search/suggest/?q=Pfle"],
        "/api/v1/companies/": ["/api/v1/companies/"],
        "/api/v1/companies/<slug>/": [f"/api/v1/companies/{company}/"],
        "/api/v1/fields/": ["/api/v1/fields/"],
        "/api/v1/networks/": ["/api/v1/networks/"],
        "/api/v1/regions/counties/": ["/api/v1/regions/counties/"],
        "/api/v1/regions/places/?q=Nord": ["/api/v1/regions/places/?q=Nord"],
        "/accounts/login/": ["/accounts/login/"],
    }


async def _redirect_target(port: int, path: str) -> str:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(_request_bytes(port, path))
        head = await reader.readuntil(b"\r\n\r\n")
    finally:
        writer.close()
    for line in head.decode("latin-1").split("\r\n"):
        if line.lower().startswith("location:"):
            return line.split(":", 1)[1].strip()
    return path


def setup_line(workers: int, database: str, postings: int) -> str:
    import django
    import gunicorn

    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}), Django {django.get_version()}, "
        f"gunicorn {gunicorn.__version__}: {workers} sync workers, production settings (DEBUG off, Redis cache), "
        f"{database}, demo data + {postings:,} generated postings; {os.cpu_count()} CPUs shared with the client"
    )


def print_table(results: list[Result], bare: float, connections: int, duration: float) -> bool:
    print(f"\n{connections} connections, {duration:.0f} s per URL; yardstick {BARE}: {bare:,.0f} req/s\n")
    header = (
        f"{'URL':<46} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'KB':>7} {'× bare':>7}  ≤{RATIO_LIMIT:.0f}×  errors"
    )
    print(header)
    print("-" * len(header))
    ok = True
    for r in results:
        ratio = bare / r.rate if r.rate else float("inf")
        within = ratio <= RATIO_LIMIT and not r.errors
        ok &= within
        size = r.bytes / len(r.latencies) / 1024 if r.latencies else 0.0
        print(
            f"{r.url:<46} {r.rate:>8.0f} {r.pct(50):>8.1f} {r.pct(95):>8.1f} {size:>7.1f} {ratio:>6.1f}×  "
            f"{'✓' if within else '✗':>3}  {r.errors:>6}"
        )
    print("-" * len(header))
    for r in results:
        if r.sample_error:
            print(f"  {r.url}: {r.errors} errors, e.g. {r.sample_error}")
    return ok


async def run(port: int, args: argparse.Namespace) -> list[Result]:
    """Each URL's time is split into rounds, and every round measures all URLs in turn, the bare view first: a
    machine whose load drifts during the run (other processes, a slower minute) weighs on all of them alike."""
    urls = {BARE: [BARE], **(await discover(port))}
    if args.only:
        urls = {name: paths for name, paths in urls.items() if name == BARE or any(o in name for o in args.only)}
    results = {name: Result(name) for name in urls}
    for name, paths in urls.items():
        await measure(port, Result(name, turn=results[name].turn), paths, args.connections, args.warmup)
    for n in range(args.rounds):
        for name, paths in urls.items():
            await measure(port, results[name], paths, args.connections, args.duration / args.rounds)
        print(f"  round {n + 1} of {args.rounds} done", flush=True)
    return list(results.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postings", type=int, default=0, help="generated postings on top of the demo data")
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds of measurement per URL")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of warm-up per URL")
    parser.add_argument("--rounds", type=int, default=3, help="rounds the measurement of each URL is split into")
    parser.add_argument("--connections", type=int, default=8, help="concurrent client connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/11"),
        help="the workers' shared cache (a Redis database of its own: it is flushed); env BENCH_CACHE_URL",
    )
    parser.add_argument("--only", nargs="*", help="measure only the URLs whose names contain one of these")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, logs)")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL")
    database = "PostgreSQL" if database_url else "SQLite"
    tmp = Path(tempfile.mkdtemp(prefix="regiojobs-http-"))
    flush_cache(args.cache_url)
    env = prepare_server_env(tmp, database_url, args.cache_url, args.postings, args.seed)
    flush_cache(args.cache_url)  # nothing the seeding cached survives into the measurement
    port = free_port()
    # No worker restarts in the middle of a measurement.
    server = start_gunicorn(env, port, args.workers, tmp / "gunicorn.log", extra_env={"GUNICORN_MAX_REQUESTS": "0"})
    try:
        print(setup_line(args.workers, database, args.postings))
        results = asyncio.run(run(port, args))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        flush_cache(args.cache_url)
    bare = results[0].rate
    ok = print_table(results, bare, args.connections, args.duration)
    if args.keep:
        print(f"\nkept: {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
