"""End to end: a Celery worker process consumes the crawl task from Redis and crawls a local career site.

The worker and the producer are separate processes with their own SQLite database file (the test database of
this process is not visible to them), configured like a real deployment: local settings, a Redis broker.
Each test has its own broker key namespace (CELERY_BROKER_KEY_PREFIX) in a Redis database no other test flushes,
so runs of the suite side by side (or a test flushing its own database) never take each other's messages.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.crawlers.server import LocalServer
from tests.crawlers.test_pipeline import detail, jsonld_page

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)
REDIS_DB = 7  # the worker tests' own database: other tests flush theirs (4); here each test keeps to its prefix

pytestmark = pytest.mark.redis


def _redis_or_fail() -> None:
    try:
        socket.create_connection(REDIS, timeout=2).close()
    except OSError as exc:
        pytest.fail(
            f"Redis is not reachable on {REDIS[0]}:{REDIS[1]} ({exc}). Start it, e.g. `redis-server --daemonize yes` "
            "(or `docker run -p 6379:6379 redis:7`), then run the tests again."
        )


@contextmanager
def broker_namespace() -> Iterator[str]:
    """A broker key namespace of its own on the shared Redis; its keys (never the whole database) go afterwards."""
    import redis

    _redis_or_fail()
    prefix = f"regiojobs-test-{uuid.uuid4().hex[:12]}:"
    try:
        yield prefix
    finally:
        with redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB) as client:
            keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
            if keys:
                client.delete(*keys)


@pytest.fixture
def broker_prefix() -> Iterator[str]:
    with broker_namespace() as prefix:
        yield prefix


def broker_env(prefix: str) -> dict[str, str]:
    return {
        "CELERY_BROKER_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
        "CELERY_BROKER_KEY_PREFIX": prefix,
    }


def _manage(env: dict[str, str], *args: str, timeout: int = 180) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def worker_site(db_file: Path, server: LocalServer, broker_prefix: str, **extra_env: str) -> dict[str, str]:
    """The environment of a worker-side site (local settings, its own SQLite file, this test's broker namespace,
    the career site's address allowed), migrated and with the gazetteer loaded."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{db_file}",
        **broker_env(broker_prefix),
        "CRAWLER_ALLOWED_ADDRESSES": f"127.0.0.1:{server.port}",
        "CRAWLER_HOST_DELAY": "0",
        "CRAWLER_HOST_JITTER": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        **extra_env,
    }
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "load_regions", "-v", "0")
    return env


def operator_source(env: dict[str, str], slug: str, url: str) -> int:
    """An operator-added crawl source of a new company in the worker-side site; its id."""
    out = _manage(
        env,
        "shell",
        "-c",
        "from tests.factories import CompanyFactory\n"
        "from crawlers.pipeline import source_add\n"
        f"print(source_add(by_operator=True, company=CompanyFactory(slug='{slug}'), url='{url}').pk)",
    )
    return int(out.strip().splitlines()[-1])


def test_worker_consumes_crawl_task_from_redis(tmp_path: Path, server: LocalServer, broker_prefix: str) -> None:
    import redis

    server.add("/karriere", jsonld_page(links=[("/karriere/1", "Maurer (m/w/d)"), ("/karriere/2", "Koch (m/w/d)")]))
    server.add("/karriere/1", detail("E-1", "Maurer (m/w/d)"))
    server.add("/karriere/2", detail("E-2", "Koch (m/w/d)", "99084", "Erfurt"))
    db_file = tmp_path / "e2e.sqlite3"
    queue = f"crawl-e2e-{uuid.uuid4().hex[:8]}"
    env = worker_site(db_file, server, broker_prefix)
    log = tmp_path / "worker.log"
    source_id = operator_source(env, "e2e-gmbh", server.url("/karriere"))
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config.celery_app",
            "worker",
            "-Q",
            queue,
            "-P",
            "solo",
            "-c",
            "1",
            "--without-mingle",
            "--without-gossip",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        _manage(
            env,
            "shell",
            "-c",
            f"from crawlers.tasks import crawl_source; crawl_source.apply_async(args=[{source_id}], queue='{queue}')",
        )
        deadline = time.monotonic() + 90
        row = None
        while time.monotonic() < deadline and worker.poll() is None:
            with sqlite3.connect(db_file, timeout=5) as con:
                row = con.execute(
                    "SELECT outcome, found, new FROM crawlers_crawlrun WHERE source_id = ? AND outcome != 'running'",
                    (source_id,),
                ).fetchone()
            if row:
                break
            time.sleep(0.5)
        assert worker.poll() is None, log.read_text()[-3000:]
        assert row == ("ok", 2, 2), log.read_text()[-3000:]
        with sqlite3.connect(db_file) as con:
            titles = sorted(t for (t,) in con.execute("SELECT title FROM jobs_jobposting WHERE status = 'published'"))
        assert titles == ["Koch (m/w/d)", "Maurer (m/w/d)"]
        with redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB) as client:  # the worker kept to its namespace
            assert client.exists(f"{broker_prefix}_kombu.binding.{queue}")
            assert not client.exists(f"_kombu.binding.{queue}")
        agents = {h.get("User-Agent", "") for _, h in server.requests}
        assert all(a.startswith("regiojobs-crawler/") for a in agents)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
