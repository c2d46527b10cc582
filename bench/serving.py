"""What the benchmarks that serve a throw-away site share: its database, its set-up, gunicorn on loopback, and how
timings are summarised. (Not named site.py or http.py: a module here with a standard library's name would stand in
for it in every script run from this folder.)"""

from __future__ import annotations

import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p95) of the samples."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def recreate_postgres_database(database_url: str) -> None:
    """Drop (closing its connections) and create the PostgreSQL database the URL names."""
    import psycopg

    base, _, name = database_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare_site(
    tmp: Path, database_url: str | None, *, extra_env: dict[str, str] | None = None, postings: int = 0, seed: int = 0
) -> dict[str, str]:
    """A seeded throw-away site (migrate, gazetteer, demo data, `postings` generated ones, search index) in `tmp` or
    in the PostgreSQL database `database_url` names, which is recreated; returns the environment it was built with."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_", "GUNICORN_", "CACHE_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",  # seeding demo data is refused in production
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
            "DATABASE_URL": database_url or f"sqlite:///{tmp / 'site.sqlite3'}",
            "SEARCH_INDEX_PATH": str(tmp / "search" / "postings.sqlite3"),
            "DJANGO_LOG_LEVEL": "WARNING",
            **(extra_env or {}),
        }
    )
    if database_url:
        recreate_postgres_database(database_url)
    started = time.perf_counter()
    for step in (("migrate", "--noinput", "-v0"), ("load_regions",), ("seed_demo", "--no-index")):
        manage(env, *step)
    if postings:
        script = (
            "import random; from bench.search import seed_postings; "
            f"seed_postings({postings}, rng=random.Random({seed}))"
        )
        manage(env, "shell", "-v", "0", "-c", script)
    manage(env, "search_reindex", "--no-progress")
    print(f"site prepared in {time.perf_counter() - started:.0f} s ({env['DATABASE_URL'].split(':')[0]})")
    return env


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as answer:
            return bool(answer.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def start_gunicorn(
    env: dict[str, str], port: int, workers: int, log: Path, *, extra_env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """gunicorn (config/gunicorn.conf.py) on 127.0.0.1:`port`, returned once /readyz answers 200."""
    server_env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_ACCESSLOG": str(log.with_suffix(".access.log")),
        **(extra_env or {}),
    }
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi:application"],
            cwd=ROOT,
            env=server_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn exited:\n" + log.read_text()[-3000:])
        if _ready(port):
            return server
        time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn did not become ready within 90 s:\n" + log.read_text()[-3000:])
