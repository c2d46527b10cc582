"""End to end: a Celery worker is SIGKILLed mid-crawl (on real Redis); the run is closed as failed and the source
released within the bound by the periodic reaper that beat runs, and the unacknowledged task, delivered again,
crawls the source once more — while a live crawl slower than the timeout is left alone (its heartbeat).

Worker, beat and the test share one SQLite file (the test database of this process is not visible to them).
The bounds are settings shrunk for the test: heartbeat 0.5 s, timeout 2 s, reaper every 1 s, visibility 6 s.
"""

from __future__ import annotations

import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.crawlers.server import LocalServer
from tests.crawlers.test_e2e_redis import REDIS, REDIS_DB, ROOT, _manage, _redis_or_fail
from tests.crawlers.test_pipeline import detail, jsonld_page

pytestmark = pytest.mark.redis

HEARTBEAT_TIMEOUT = 2.0
REAP_EVERY = 1
VISIBILITY = 6
CELERY_WORKER = [sys.executable, "-m", "celery", "-A", "config.celery_app", "worker", "-P", "solo", "-c", "1"]


def _worker(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*CELERY_WORKER, "--without-mingle", "--without-gossip", "-l", "INFO", *args],
        cwd=ROOT,
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(what: Callable[[], Any], timeout: float, message: Callable[[], str]) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = what()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out: {message()}")


def _beats(run: tuple[Any, ...]) -> bool:
    """The run's heartbeat has moved on from its start: the worker's heartbeat thread is writing."""
    started, heartbeat = (datetime.datetime.fromisoformat(v) for v in (run[3], run[4]))
    return heartbeat - started > datetime.timedelta(seconds=0.4)


def test_a_killed_workers_run_is_closed_released_and_crawled_again(tmp_path: Path, server: LocalServer) -> None:
    _redis_or_fail()
    import redis

    hits = {"n": 0}
    lock = threading.Lock()

    def career_page(handler: Any) -> tuple[int, dict[str, str], bytes]:
        with lock:
            hits["n"] += 1
            first = hits["n"] == 1
        # The first worker hangs here until it is killed; the second crawl is slow too: longer than the timeout.
        time.sleep(60 if first else HEARTBEAT_TIMEOUT + 2)
        return (
            200,
            {"Content-Type": "text/html; charset=utf-8"},
            jsonld_page(links=[("/karriere/1", "Maurer")]).encode(),
        )

    server.handle("/karriere", career_page)
    server.add("/karriere/1", detail("E-1", "Maurer (m/w/d)"))
    db_file = tmp_path / "lost.sqlite3"
    queue = f"crawl-lost-{uuid.uuid4().hex[:8]}"
    redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB).flushdb()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{db_file}",
        "CELERY_BROKER_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
        "CRAWLER_ALLOWED_ADDRESSES": f"127.0.0.1:{server.port}",
        "CRAWLER_HOST_DELAY": "0",
        "CRAWLER_HOST_JITTER": "0",
        "CRAWLER_READ_TIMEOUT": "90",
        "CRAWLER_HEARTBEAT_SECONDS": "0.5",
        "CRAWLER_HEARTBEAT_TIMEOUT": str(HEARTBEAT_TIMEOUT),
        "CRAWLER_REAP_EVERY_SECONDS": str(REAP_EVERY),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    log = tmp_path / "workers.log"
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "load_regions", "-v", "0")
    # The project's periodic tasks, as `make run` registers them; only the reaper runs in this test.
    _manage(env, "setup_periodic_tasks")
    _manage(
        env,
        "shell",
        "-c",
        "from django_celery_beat.models import PeriodicTask\n"
        "PeriodicTask.objects.exclude(task='crawlers.reap_orphans').update(enabled=False)",
    )
    source_id = int(
        _manage(
            env,
            "shell",
            "-c",
            "from tests.factories import CompanyFactory\n"
            "from crawlers.pipeline import source_add\n"
            "print(source_add(by_operator=True, company=CompanyFactory(slug='lost-gmbh'), "
            f"url='{server.url('/karriere')}').pk)",
        )
        .strip()
        .splitlines()[-1]
    )

    def runs() -> list[tuple[int, str, str, str, str]]:
        with sqlite3.connect(db_file, timeout=10) as con:
            return con.execute(
                "SELECT id, outcome, errors, started_at, heartbeat_at FROM crawlers_crawlrun WHERE source_id = ? "
                "ORDER BY id",
                (source_id,),
            ).fetchall()

    def locked_until() -> str | None:
        with sqlite3.connect(db_file, timeout=10) as con:
            return con.execute("SELECT locked_until FROM crawlers_crawlsource WHERE id = ?", (source_id,)).fetchone()[0]

    def logs() -> str:
        return log.read_text()[-4000:]

    first = _worker(env, log, "-Q", queue)
    others: list[subprocess.Popen[bytes]] = []
    try:
        _manage(
            env,
            "shell",
            "-c",
            f"from crawlers.tasks import crawl_source; crawl_source.apply_async(args=[{source_id}], queue='{queue}')",
        )
        # The first worker is in the middle of the crawl (waiting for the slow page) and its heartbeat is beating.
        _wait_for(lambda: hits["n"] >= 1, 60, logs)
        _wait_for(lambda: (r := runs()) and r[0][1] == "running" and _beats(r[0]), 30, lambda: str(runs()))
        assert locked_until() is not None
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = time.monotonic()

        # Beat and a worker for the periodic tasks: the reaper closes the run and releases the source in time.
        others.append(_worker(env, log, "--beat", "-s", str(tmp_path / "beat-schedule")))
        _wait_for(lambda: runs()[0][1] == "failed", 60, lambda: f"{runs()}\n{logs()}")
        closed_after = time.monotonic() - killed_at
        assert "worker lost" in runs()[0][2]
        assert locked_until() is None
        # The bound: timeout + reaper interval, plus the time beat and its worker take to start here.
        assert closed_after < HEARTBEAT_TIMEOUT + REAP_EVERY + 20, closed_after
        print(f"run closed and source released {closed_after:.1f} s after the kill")

        # A worker for the crawl queue takes the unacknowledged task again (after the visibility timeout) and
        # crawls; this crawl is slower than the heartbeat timeout and the reaper (still running) leaves it alone.
        others.append(_worker(env, log, "-Q", queue))
        _wait_for(lambda: len(runs()) == 2 and runs()[1][1] != "running", 90, lambda: f"{runs()}\n{logs()}")
        assert [r[1] for r in runs()] == ["failed", "ok"], logs()
        assert hits["n"] == 2  # crawled once more, not twice
        assert locked_until() is None
    finally:
        _stop(first)
        for process in others:
            _stop(process)
        redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB).flushdb()
