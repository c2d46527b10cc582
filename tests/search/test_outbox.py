"""The search outbox: a posting change is recorded in the database in the same transaction as the change, so an
index update lost with the broker (a Redis restart without persistence) is caught up by the drain within a minute."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from jobs import services as job_services
from search import indexing
from search.backends.base import BaseSearchBackend
from search.models import PendingIndexUpdate
from search.tasks import drain_outbox
from tests.factories import make_posting

REDIS = ("127.0.0.1", 6379)
REDIS_DB = 4  # the database number the test suite may use (0 belongs to whoever runs Redis here)

pytestmark = pytest.mark.usefixtures("sqlite_backend")


def indexed_ids(backend: BaseSearchBackend) -> set[int]:
    return set(backend.digests())


def test_the_write_and_its_outbox_row_commit_together(company_a: Any) -> None:
    with transaction.atomic():
        job = make_posting(company_a, title="Elektriker (m/w/d)")
        # Inside the transaction, before anything was enqueued: the row is part of the write.
        assert PendingIndexUpdate.objects.filter(posting_id=job.pk, attempts=0).exists()


def test_a_rolled_back_write_leaves_no_outbox_row(company_a: Any) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        make_posting(company_a, title="Elektriker (m/w/d)")
        assert PendingIndexUpdate.objects.exists()
        raise RuntimeError("the request failed after the write")
    assert not PendingIndexUpdate.objects.exists()


def test_the_update_task_removes_what_it_indexed(post: Any, sqlite_backend: BaseSearchBackend) -> None:
    job = post(title="Elektriker (m/w/d)")  # on commit the (in-process) task indexes it
    assert indexed_ids(sqlite_backend) == {job.pk}
    assert not PendingIndexUpdate.objects.exists()


def test_a_write_during_an_update_stays_in_the_outbox(
    company_a: Any, committed: Any, sqlite_backend: BaseSearchBackend
) -> None:
    """An update that read the posting before a newer write must not remove the newer write's row."""
    job = make_posting(company_a, title="Elektriker (m/w/d)")
    real_add_bulk = sqlite_backend.add_bulk

    def add_bulk_while_someone_writes(docs: Any) -> None:
        real_add_bulk(docs)
        time.sleep(0.002)  # the other write happens later (timestamps differ)
        job_services.job_update(job=job, data={"title": "Elektroniker (m/w/d)"})  # arrives mid-update

    sqlite_backend.add_bulk = add_bulk_while_someone_writes  # type: ignore[method-assign]
    try:
        assert indexing.index_update([job.pk], backend=sqlite_backend)
    finally:
        sqlite_backend.add_bulk = real_add_bulk  # type: ignore[method-assign]
    assert PendingIndexUpdate.objects.filter(posting_id=job.pk).exists()  # the newer write still waits
    assert indexing.outbox_drain(grace=0, backend=sqlite_backend) == 0
    assert [h.title for h in sqlite_backend.search(_query("Elektroniker")).hits] == ["Elektroniker (m/w/d)"]


def test_the_drain_leaves_young_rows_to_their_task(company_a: Any, sqlite_backend: BaseSearchBackend) -> None:
    job = make_posting(company_a, title="Elektriker (m/w/d)")
    assert indexing.outbox_drain(grace=60, backend=sqlite_backend) == 1
    assert indexed_ids(sqlite_backend) == set()
    assert indexing.outbox_drain(grace=0, backend=sqlite_backend) == 0
    assert indexed_ids(sqlite_backend) == {job.pk}


def _query(text: str) -> Any:
    from search.query import SearchQuery

    return SearchQuery(q=text)


@pytest.fixture
def redis_broker() -> Iterator[Any]:
    """The Celery app sends to a real Redis (database REDIS_DB) and no worker consumes it."""
    import redis

    from config.celery_app import app

    try:
        socket.create_connection(REDIS, timeout=2).close()
    except OSError as exc:
        pytest.fail(
            f"Redis is not reachable on {REDIS[0]}:{REDIS[1]} ({exc}); start it (`redis-server --daemonize yes`)."
        )
    client = redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB)
    client.flushdb()
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}")
    app._pool = None  # pools are made for the broker first used: drop them
    app.amqp._producer_pool = None
    try:
        yield client
    finally:
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None
        client.flushdb()
        client.close()


@pytest.mark.redis
def test_an_update_lost_with_the_broker_is_indexed_by_the_drain(
    company_a: Any, committed: Any, redis_broker: Any, sqlite_backend: BaseSearchBackend, settings: Any
) -> None:
    with committed():
        job = make_posting(company_a, title="Mechatroniker (m/w/d)")
    assert redis_broker.llen("celery") == 1  # the update task waits in Redis; no worker runs here
    assert indexed_ids(sqlite_backend) == set()
    redis_broker.flushdb()  # Redis restarts without persistence: the message is gone
    settings.SEARCH_OUTBOX_GRACE_SECONDS = 0  # (in production the drain waits 30 s for the task first)
    drain_outbox.apply()  # the periodic drain (every minute)
    assert indexed_ids(sqlite_backend) == {job.pk}
    assert not PendingIndexUpdate.objects.exists()
