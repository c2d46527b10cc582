#!/usr/bin/env python
"""Crawl benchmark: the project's crawler against an equivalent Scrapy spider on 1,000 generated career sites.

    .venv/bin/python bench/crawl.py                          # 1000 sites, 5 postings each, 32 in flight
    .venv/bin/python bench/crawl.py --sites 200 --delay 0.1

Every site lives on its own loopback address 127.0.x.y (all traffic stays on loopback) and is one of the seven
formats of crawlers/demo_sites.py (JSON-LD listing + detail pages, Personio XML, softgarden, Greenhouse, Lever, RSS
advertised on the home page, plain HTML with selectors). Both engines obey robots.txt, wait the same delay between
requests to one host, have at most one request per host and `--concurrency` requests in flight overall, and parse
with the same functions (crawlers.harvest.read_start / read_detail), so the comparison is between the fetch engines:
httpx + threads with the SSRF guard and size caps, against Scrapy's Twisted downloader.

The server and each engine run in separate processes; peak RSS is each engine process's own maximum resident size.
Needs the bench extra: .venv/bin/pip install 'scrapy>=2.11,<2.20'.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawlers.demo_sites import ENTRY, FORMATS, HTML_SELECTORS, absolutize, demo_postings, site_routes  # noqa: E402

USER_AGENT = "regiojobs-crawler/1.0 (+https://regiojobs.example/crawler; bench)"


def site_address(i: int) -> str:
    """Site i → 127.0.x.y with x in 1..254 and y in 1..250: a distinct loopback address per site."""
    return f"127.0.{1 + i // 250}.{1 + i % 250}"


def site_entry(i: int, port: int) -> tuple[str, str, str]:
    fmt = FORMATS[i % len(FORMATS)]
    path, kind = ENTRY[fmt]
    return f"http://{site_address(i)}:{port}{path}", kind, fmt


# --- the sites --------------------------------------------------------------------------------------------------


def serve(sites: int, postings: int, port: int) -> None:
    """A small keep-alive HTTP/1.1 server on every site address; prints READY when all are bound."""
    cache: dict[str, dict[str, tuple[str, bytes]]] = {}

    def routes_for(ip: str) -> dict[str, tuple[str, bytes]]:
        if ip not in cache:
            x, y = (int(part) for part in ip.split(".")[2:])
            i = (x - 1) * 250 + (y - 1)
            fmt = FORMATS[i % len(FORMATS)]
            cache[ip] = absolutize(site_routes(fmt, demo_postings(seed=i, n=postings)), f"http://{ip}:{port}")
        return cache[ip]

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        ip = writer.get_extra_info("sockname")[0]
        try:
            for _ in range(1000):  # bounded keep-alive
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=30)
                path = head.split(b" ", 2)[1].decode().split("?")[0]
                found = routes_for(ip).get(path)
                ctype, body = found if found else ("text/plain", b"not found")
                status = b"200 OK" if found else b"404 Not Found"
                writer.write(
                    b"HTTP/1.1 "
                    + status
                    + b"\r\nContent-Type: "
                    + ctype.encode()
                    + b"\r\nContent-Length: "
                    + str(len(body)).encode()
                    + b"\r\n\r\n"
                    + body
                )
                await writer.drain()
        except (TimeoutError, asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        servers = [await asyncio.start_server(handle, site_address(i), port, backlog=64) for i in range(sites)]
        print("READY", flush=True)
        await asyncio.gather(*(s.serve_forever() for s in servers))

    asyncio.run(main())


# --- the engines -------------------------------------------------------------------------------------------------


def run_project(sites: int, port: int, concurrency: int, delay: float) -> dict[str, float]:
    from crawlers.fetch import FetchConfig, Fetcher, HostGate
    from crawlers.harvest import harvest

    config = FetchConfig(
        user_agent=USER_AGENT,
        allowed_addresses=tuple(f"{site_address(i)}:{port}" for i in range(sites)),
        connect_timeout=10,
        read_timeout=10,
        budget=300,
        host_delay=delay,
        host_jitter=0.0,
        max_retries=1,
        backoff_base=0.2,
    )
    gate = HostGate()

    def one(i: int) -> tuple[int, int, int]:
        url, kind, _fmt = site_entry(i, port)
        with Fetcher(config, gate=gate) as fetcher:
            result = harvest(url, fetcher=fetcher, kind=kind, selectors=HTML_SELECTORS if kind == "html" else None)
            return fetcher.stats.pages, len(result.postings), len(result.errors)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, range(sites)))
    seconds = time.monotonic() - started
    return {
        "pages": sum(r[0] for r in results),
        "postings": sum(r[1] for r in results),
        "errors": sum(r[2] for r in results),
        "seconds": seconds,
    }


def run_scrapy(sites: int, port: int, concurrency: int, delay: float) -> dict[str, float]:
    from scrapy.crawler import CrawlerProcess

    from bench.crawl_scrapy import JobSpider

    JobSpider.entries = [(site_entry(i, port)[0], site_entry(i, port)[1]) for i in range(sites)]
    process = CrawlerProcess(
        settings={
            "USER_AGENT": USER_AGENT,
            "ROBOTSTXT_OBEY": True,
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
            "DOWNLOAD_DELAY": delay,
            "RANDOMIZE_DOWNLOAD_DELAY": False,
            "DOWNLOAD_TIMEOUT": 10,
            "RETRY_TIMES": 1,
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "ERROR",
            "DOWNLOAD_MAXSIZE": 5 * 1024 * 1024,
            "REDIRECT_MAX_TIMES": 5,
        }
    )
    crawler = process.create_crawler(JobSpider)
    started = time.monotonic()
    process.crawl(crawler)
    process.start()
    seconds = time.monotonic() - started
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return {
        "pages": stats.get("downloader/response_status_count/200", 0),
        "postings": JobSpider.postings_found,
        "errors": stats.get("log_count/ERROR", 0),
        "seconds": seconds,
    }


def engine_main(engine: str, sites: int, port: int, concurrency: int, delay: float) -> None:
    runner = run_project if engine == "project" else run_scrapy
    result = runner(sites, port, concurrency, delay)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(result), flush=True)


# --- orchestration -----------------------------------------------------------------------------------------------


def _engine(engine: str, args: argparse.Namespace) -> dict[str, float]:
    cmd = [
        sys.executable,
        __file__,
        "--engine",
        engine,
        "--sites",
        str(args.sites),
        "--port",
        str(args.port),
        "--concurrency",
        str(args.concurrency),
        "--delay",
        str(args.delay),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout, cwd=ROOT)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"{engine} run failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return json.loads(line.removeprefix("RESULT "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--postings", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--delay", type=float, default=0.05, help="seconds between requests to one host")
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--timeout", type=int, default=900, help="limit per engine run, seconds")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--engine", choices=["project", "scrapy"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 1 <= args.sites <= 250 * 254:
        raise SystemExit("--sites must be between 1 and 63500")
    if args.serve:
        serve(args.sites, args.postings, args.port)
        return
    if args.engine:
        engine_main(args.engine, args.sites, args.port, args.concurrency, args.delay)
        return

    server = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            "--sites",
            str(args.sites),
            "--postings",
            str(args.postings),
            "--port",
            str(args.port),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        ready = server.stdout.readline() if server.stdout else ""
        if "READY" not in ready:
            raise SystemExit("the site server did not start")
        print(
            f"{args.sites} sites × {args.postings} postings on 127.0.x.y:{args.port}, {len(FORMATS)} formats, "
            f"concurrency {args.concurrency}, per-host delay {args.delay}s, one request per host at a time\n"
        )
        results = {engine: _engine(engine, args) for engine in ("project", "scrapy")}
    finally:
        server.terminate()
        server.wait(timeout=10)
    expected = args.sites * args.postings
    print(
        f"{'engine':<8} {'pages':>7} {'postings':>9} {'errors':>6} {'seconds':>8} {'pages/s':>8} {'postings/s':>10} "
        f"{'peak RSS MB':>11}"
    )
    for engine, r in results.items():
        print(
            f"{engine:<8} {r['pages']:>7.0f} {r['postings']:>9.0f} {r['errors']:>6.0f} {r['seconds']:>8.1f} "
            f"{r['pages'] / r['seconds']:>8.1f} {r['postings'] / r['seconds']:>10.1f} {r['peak_rss_mb']:>11.1f}"
        )
    p, s = results["project"], results["scrapy"]
    print(
        f"{'ratio':<8} {'':>7} {'':>9} {'':>6} {p['seconds'] / s['seconds']:>8.2f} "
        f"{(p['pages'] / p['seconds']) / (s['pages'] / s['seconds']):>8.2f} "
        f"{(p['postings'] / p['seconds']) / (s['postings'] / s['seconds']):>10.2f} "
        f"{p['peak_rss_mb'] / s['peak_rss_mb']:>11.2f}   (project / scrapy)"
    )
    print(f"\nexpected postings: {expected}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    main()
