#!/usr/bin/env python
"""Load run against gunicorn on loopback: bounded concurrency, mixed traffic, and a check for lost writes.

    .venv/bin/python bench/load.py                          # 100 clients, 60 s, fresh seeded SQLite database
    .venv/bin/python bench/load.py --duration 10 --clients 20
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/regiojobs_load .venv/bin/python bench/load.py

It builds a throw-away site (migrate, gazetteer, demo data, search index) in a temporary folder — or in the
PostgreSQL database DATABASE_URL names, which it drops and creates — starts gunicorn with config/gunicorn.conf.py
on a free loopback port and runs N asyncio clients (httpx) for the given time. Each client loops over a weighted
mix: search API, search and detail pages, the posting list API with filters, posting detail, and authenticated
writes (POST a new posting, PATCH one of the client's own postings). Tokens come from POST /api/v1/auth/token/ for
a few company logins, once each, so the login throttle is never tripped.

After the run the server is stopped and every write the server acknowledged (201 / 200) is looked up in the
database: a created posting that is missing or a PATCH whose title is not the stored one is a lost write. Errors
are 5xx answers, timeouts and connection failures, and 4xx answers to requests that are valid by construction.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import free_port, prepare_site, start_gunicorn  # noqa: E402
from jobs.demo_data import COMPANIES  # noqa: E402 (plain data; no Django setup needed)

SEARCH_WORDS = ["Mechatroniker", "Pflege", "Elektriker", "Ingenieur", "Ausbildung", "Koch", "Lager", "Verkauf", ""]
COUNTIES = ["16062", "16065", "16064"]
# Relative weights of the request kinds (about 1 in 10 requests is a write).
MIX = {
    "search api": 30,
    "search page": 12,
    "detail page": 8,
    "home page": 5,
    "list api": 20,
    "detail api": 15,
    "create (POST)": 5,
    "update (PATCH)": 5,
}
WRITERS = 4  # company logins whose tokens the clients share


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    created: dict[int, str] = field(default_factory=dict)  # acknowledged creates: id -> title
    updated: dict[int, str] = field(default_factory=dict)  # last acknowledged PATCH per id: id -> title
    seconds: float = 0.0  # how long the load phase ran

    def error(self, kind: str, what: str) -> None:
        self.errors[kind] += 1
        if len(self.error_samples) < 10:
            self.error_samples.append(f"{kind}: {what}")


async def obtain_tokens(client: httpx.AsyncClient, password: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(token, company slug, a workplace of that company) for a few approved companies."""
    writers = []
    for slug, *_rest in [c for c in COMPANIES if c[5] == "approved"][:WRITERS]:
        for _attempt in range(5):
            r = await client.post("/api/v1/auth/token/", json={"username": slug, "password": password})
            if r.status_code != 429:
                break
            await asyncio.sleep(float(r.headers.get("Retry-After", "5")))
        r.raise_for_status()
        job = (await client.get("/api/v1/jobs/", params={"company": slug})).json()["results"][0]
        place = job["workplaces"][0]
        workplace = {"municipality": place["municipality"]["ags"], "postal_code": place["postal_code"]}
        writers.append((r.json()["token"], slug, workplace))
    return writers


def posting_body(rng: random.Random, workplace: dict[str, Any], title: str) -> dict[str, Any]:
    return {
        "title": title,
        "description": "<p>Lastlauf: eine Stelle, die der Lasttest anlegt und ändert.</p><ul><li>Aufgabe</li></ul>",
        "workplaces": [workplace],
        "remote": "none",
        "field": rng.choice(["24", "25", "26", "81", "82"]),
        "employment_types": ["full_time"],
        "offer_type": "job",
        "contract": "permanent",
        "salary_min": 3000,
        "salary_max": 3600,
        "salary_currency": "EUR",
        "salary_period": "month",
        "apply_url": "https://example.org/apply",
        "status": "published",
    }


async def client_loop(
    n: int,
    client: httpx.AsyncClient,
    writers: list[tuple[str, str, dict[str, Any]]],
    job_ids: list[int],
    deadline: float,
    stats: Stats,
) -> None:
    rng = random.Random(n)
    token, _slug, workplace = writers[n % len(writers)]
    auth = {"Authorization": f"Token {token}"}
    mine: list[int] = []  # postings this client created: only it PATCHes them, so the last ack is well defined
    kinds, weights = list(MIX), list(MIX.values())
    seq = 0
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        if kind == "update (PATCH)" and not mine:
            kind = "create (POST)"
        seq += 1
        title = f"Lasttest c{n} #{seq} (m/w/d)"
        started = time.perf_counter()
        try:
            if kind == "search api":
                params = {"q": rng.choice(SEARCH_WORDS), "county": rng.choice(COUNTIES), "page": rng.randint(1, 2)}
                r = await client.get("/api/v1/search/jobs/", params=params)
            elif kind == "search page":
                r = await client.get("/jobs/", params={"q": rng.choice(SEARCH_WORDS)})
            elif kind == "detail page":
                r = await client.get(f"/jobs/{rng.choice(job_ids)}/", follow_redirects=True)
            elif kind == "home page":
                r = await client.get("/")
            elif kind == "list api":
                params = {"county": rng.choice(COUNTIES), "page": rng.randint(1, 3)}
                r = await client.get("/api/v1/jobs/", params=params)
            elif kind == "detail api":
                r = await client.get(f"/api/v1/jobs/{rng.choice(job_ids)}/")
            elif kind == "create (POST)":
                r = await client.post("/api/v1/jobs/", json=posting_body(rng, workplace, title), headers=auth)
                if r.status_code == 201:
                    stats.created[int(r.json()["id"])] = title
                    mine.append(int(r.json()["id"]))
            else:
                pk = rng.choice(mine)
                r = await client.patch(f"/api/v1/jobs/{pk}/", json={"title": title}, headers=auth)
                if r.status_code == 200:
                    stats.updated[pk] = title
        except httpx.HTTPError as exc:
            stats.error(kind, f"{type(exc).__name__}: {exc}")
            continue
        stats.latencies[kind].append(time.perf_counter() - started)
        if r.status_code >= 400:
            stats.error(kind, f"HTTP {r.status_code} {r.request.url.path} {r.text[:200]!r}")


async def run_load(base: str, clients: int, duration: float, password: str) -> Stats:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as client:
        writers = await obtain_tokens(client, password)
        first = (await client.get("/api/v1/jobs/", params={"page_size": 100})).json()["results"]
        job_ids = [int(j["id"]) for j in first]
        stats = Stats()
        started = time.monotonic()
        deadline = started + duration
        await asyncio.gather(*(client_loop(n, client, writers, job_ids, deadline, stats) for n in range(clients)))
        stats.seconds = time.monotonic() - started
    return stats


def lost_writes(env: dict[str, str], stats: Stats) -> list[str]:
    ids = sorted({*stats.created, *stats.updated})
    script = (
        "import json, sys; from jobs.models import JobPosting; "
        "ids = json.load(sys.stdin); "
        "print(json.dumps(dict(JobPosting.objects.filter(pk__in=ids).values_list('pk', 'title'))))"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT,
        env=env,
        input=json.dumps(ids),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        sys.exit("reading the written postings back failed:\n" + done.stderr[-3000:])
    stored = {int(k): v for k, v in json.loads(done.stdout).items()}
    lost = []
    for pk, title in stats.created.items():
        expected = stats.updated.get(pk, title)
        if stored.get(pk) != expected:
            lost.append(f"posting {pk}: expected {expected!r}, stored {stored.get(pk)!r}")
    return lost


def pct(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] * 1000 if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


def report(stats: Stats, duration: float, lost: list[str], clients: int, workers: int, database: str) -> None:
    print(f"\n{clients} clients, {duration:.0f} s, gunicorn {workers} sync workers, {database}\n")
    header = f"{'request':<16} {'count':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
    print(header)
    print("-" * len(header))
    everything: list[float] = []
    for kind in MIX:
        values = stats.latencies.get(kind, [])
        everything += values
        print(
            f"{kind:<16} {len(values):>7} {len(values) / duration:>8.1f} {pct(values, 50):>8.1f} "
            f"{pct(values, 95):>8.1f} {pct(values, 99):>8.1f} {stats.errors.get(kind, 0):>7}"
        )
    print("-" * len(header))
    print(
        f"{'all':<16} {len(everything):>7} {len(everything) / duration:>8.1f} {pct(everything, 50):>8.1f} "
        f"{pct(everything, 95):>8.1f} {pct(everything, 99):>8.1f} {sum(stats.errors.values()):>7}"
    )
    acked = len(stats.created) + len(stats.updated)
    print(
        f"\nacknowledged writes: {len(stats.created)} created, {len(stats.updated)} postings updated; "
        f"lost writes: {len(lost)} of {acked}"
    )
    for line in stats.error_samples + lost[:10]:
        print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1, help="gunicorn workers")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, logs)")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL")
    tmp = Path(tempfile.mkdtemp(prefix="regiojobs-load-"))
    env = prepare_site(tmp, database_url)
    port = free_port()
    server = start_gunicorn(env, port, args.workers, tmp / "gunicorn.log")
    try:
        password = env.get("DEMO_PASSWORD", "demo-password")
        stats = asyncio.run(run_load(f"http://127.0.0.1:{port}", args.clients, args.duration, password))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    lost = lost_writes(env, stats)
    report(stats, stats.seconds, lost, args.clients, args.workers, "PostgreSQL" if database_url else "SQLite")
    if args.keep:
        print(f"\nkept: {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if lost or sum(stats.errors.values()) else 0)


if __name__ == "__main__":
    main()
