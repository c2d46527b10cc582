"""End to end: a Celery worker is SIGKILLed mid-crawl (on real Redis); the run is closed as failed and the source
released within the bound by the periodic reaper that beat runs, and the unacknowledged task, delivered again,
crawls the source once more — while a live crawl slower than the timeout is left alone (its heartbeat).

Worker, beat and the test share one SQLite file (the test database of this process is not visible to them), and a
broker key namespace of their own on Redis. The bounds are settings shrunk for the test: heartbeat 0.5 s, timeout
2 s, reaper every 1 s, visibility 10 s (and so Redis is swept for lost tasks every second).

The lost task comes back through the workers' periodic sweep, as in production, where a restarted worker starts long
before the visibility timeout: kombu sweeps once when a worker starts too, and the test once passed or failed on
whether the second worker happened to start after the timeout (kombu's own periodic sweep, every ~100 s whatever the
timeout, came after the test's 90 s). The timeout is longer than both workers take to start here, so their start-up
sweeps find nothing due, and the redelivery must be the periodic sweep within its bound.
"""

from __future__ import annotations

import datetime
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.crawlers.server import LocalServer
from tests.crawlers.test_e2e_redis import REDIS, REDIS_DB, ROOT, _manage, broker_namespace, operator_source, worker_site
from tests.crawlers.test_pipeline import detail, jsonld_page

pytestmark = pytest.mark.redis

HEARTBEAT_TIMEOUT = 2.0
REAP_EVERY = 1
VISIBILITY = 10
# Beyond the sweep interval, the time a sweep may come late on a busy machine (its timer shares the worker's loop).
SWEEP_SLACK = 10
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


@pytest.fixture
def broker_prefix() -> Iterator[str]:
    with broker_namespace() as prefix:
        yield prefix


def _beats(run: tuple[Any, ...]) -> bool:
    """The run's heartbeat has moved on from its start: the worker's heartbeat thread is writing."""
    started, heartbeat = (datetime.datetime.fromisoformat(v) for v in (run[3], run[4]))
    return heartbeat - started > datetime.timedelta(seconds=0.4)


def test_a_killed_workers_run_is_closed_released_and_crawled_again(
    tmp_path: Path, server: LocalServer, broker_prefix: str
) -> None:
    import redis

    hits = {"n": 0}
    hit_at: list[float] = []  # wall-clock times, comparable with the broker's delivery scores
    lock = threading.Lock()

    def career_page(handler: Any) -> tuple[int, dict[str, str], bytes]:
        with lock:
            hits["n"] += 1
            hit_at.append(time.time())
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
    broker = redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB)
    unacked_index = f"{broker_prefix}unacked_index"  # kombu's: delivery tag → when it was delivered (time())
    env = worker_site(
        db_file,
        server,
        broker_prefix,
        CRAWLER_READ_TIMEOUT="90",
        CRAWLER_HEARTBEAT_SECONDS="0.5",
        CRAWLER_HEARTBEAT_TIMEOUT=str(HEARTBEAT_TIMEOUT),
        CRAWLER_REAP_EVERY_SECONDS=str(REAP_EVERY),
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY),
    )
    log = tmp_path / "workers.log"
    sweep_every = float(
        _manage(
            env,
            "shell",
            "-c",
            "from django.conf import settings\n"
            "print(settings.CELERY_BROKER_TRANSPORT_OPTIONS['unacked_restore_interval'])",
        ).split()[-1]
    )
    # The field model is built now (on a fresh clone, half a minute): built by the second crawl, it would make that
    # crawl outlast the visibility timeout shrunk for this test, and the task would be delivered once more.
    _manage(env, "build_field_model")
    # The project's periodic tasks, as `make run` registers them; only the reaper runs in this test.
    _manage(env, "setup_periodic_tasks")
    _manage(
        env,
        "shell",
        "-c",
        "from django_celery_beat.models import PeriodicTask\n"
        "PeriodicTask.objects.exclude(task='crawlers.reap_orphans').update(enabled=False)",
    )
    source_id = operator_source(env, "lost-gmbh", server.url("/karriere"))

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
        # The killed worker's task stays in the unacknowledged index, stamped with its delivery, not yet due.
        [(tag, delivered_at)] = broker.zrange(unacked_index, 0, -1, withscores=True)
        assert 0 <= time.time() - delivered_at < VISIBILITY
        assert abs(hit_at[0] - delivered_at) < 5  # seconds of wall-clock time, as the test's own clock

        def restored() -> bool:  # queued again: out of the index, or back in it with a later delivery
            return broker.zscore(unacked_index, tag) != delivered_at

        # Beat and a worker for the periodic tasks: the reaper closes the run and releases the source in time.
        others.append(_worker(env, log, "--beat", "-s", str(tmp_path / "beat-schedule")))
        _wait_for(lambda: runs()[0][1] == "failed", 60, lambda: f"{runs()}\n{logs()}")
        closed_after = time.monotonic() - killed_at
        assert "worker lost" in runs()[0][2]
        assert locked_until() is None
        # The bound: timeout + reaper interval, plus the time beat and its worker take to start here.
        assert closed_after < HEARTBEAT_TIMEOUT + REAP_EVERY + 20, closed_after
        print(f"run closed and source released {closed_after:.1f} s after the kill")

        # A worker for the crawl queue takes the unacknowledged task again and crawls; this crawl is slower than the
        # heartbeat timeout and the reaper (still running) leaves it alone. The task is queued again by a sweep of
        # either worker (the index is not per queue): not before the visibility timeout, and within a sweep of it.
        others.append(_worker(env, log, "-Q", queue))
        _wait_for(restored, VISIBILITY + sweep_every + SWEEP_SLACK + 30, lambda: f"not restored\n{logs()}")
        restored_after = time.time() - delivered_at  # (seen by polling: at most 0.2 s late)
        assert restored_after < VISIBILITY + sweep_every + SWEEP_SLACK, restored_after
        _wait_for(lambda: len(runs()) == 2 and runs()[1][1] != "running", 60, lambda: f"{runs()}\n{logs()}")
        assert hit_at[1] - delivered_at >= VISIBILITY  # never handed out again while it may still be running
        assert [r[1] for r in runs()] == ["failed", "ok"], logs()
        assert hits["n"] == 2  # crawled once more, not twice
        # The worker releases the source just after it records the run's outcome (in its `finally`): a moment later.
        _wait_for(lambda: locked_until() is None, 10, lambda: f"source still locked: {locked_until()}\n{logs()}")
        _wait_for(lambda: not broker.zcard(unacked_index), 30, lambda: f"not acknowledged\n{logs()}")
        print(
            f"queued again (seen) {restored_after:.1f} s and crawled again {hit_at[1] - delivered_at:.1f} s after its "
            f"delivery (visibility {VISIBILITY} s, sweep every {sweep_every:g} s)"
        )
    finally:
        _stop(first)
        for process in others:
            _stop(process)
        broker.close()
