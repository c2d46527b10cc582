"""Indexing never loses a write: engine failures are recorded and repaired by the retry and the reconciliation."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from jobs import services as job_services
from jobs.models import JobPosting
from search import indexing
from search.backends.base import BaseSearchBackend, get_search_backend
from search.models import PendingIndexUpdate
from search.query import SearchQuery
from search.selectors import index_drift

pytestmark = pytest.mark.usefixtures("sqlite_backend")


def indexed_ids(backend: BaseSearchBackend) -> set[int]:
    return set(backend.digests())


def test_write_succeeds_and_is_recorded_when_the_engine_is_down(post: Any, engine_down: Any) -> None:
    engine_down.off()
    job = post(title="Elektriker (m/w/d)")
    assert JobPosting.objects.filter(pk=job.pk, status="published").exists()
    pending = PendingIndexUpdate.objects.get(posting_id=job.pk)
    assert pending.attempts == 1
    assert pending.last_error


def test_retry_brings_the_index_up_to_date(post: Any, engine_down: Any) -> None:
    engine_down.off()
    job = post(title="Elektriker (m/w/d)")
    assert indexing.pending_retry() == 1  # still down: stays pending, attempts counted
    assert PendingIndexUpdate.objects.get(posting_id=job.pk).attempts == 2
    backend = engine_down.on()
    assert indexing.pending_retry() == 0
    assert indexed_ids(backend) == {job.pk}
    assert not PendingIndexUpdate.objects.exists()


def test_a_close_while_down_is_repaired_too(post: Any, engine_down: Any, committed: Any) -> None:
    job = post(title="Elektriker (m/w/d)")
    engine_down.off()
    with committed():
        job_services.job_close(job=job)
    backend = engine_down.on()
    assert indexed_ids(backend) == {job.pk}  # stale until repaired
    indexing.pending_retry()
    assert indexed_ids(backend) == set()


def test_reconcile_repairs_missing_stale_and_extra(post: Any, sqlite_backend: BaseSearchBackend) -> None:
    missing = post(title="Koch (m/w/d)")
    stale = post(title="Bäcker (m/w/d)")
    extra = post(title="Maurer (m/w/d)")
    sqlite_backend.delete([missing.pk])
    JobPosting.objects.filter(pk=stale.pk).update(title="Konditor (m/w/d)")  # a write that bypassed the services
    JobPosting.objects.filter(pk=extra.pk).update(status="closed")
    drift = index_drift()
    assert (drift.missing, drift.stale, drift.extra) == ([missing.pk], [stale.pk], [extra.pk])
    assert indexing.index_reconcile() == {"missing": 1, "stale": 1, "extra": 1}
    assert index_drift().clean
    assert [h.title for h in sqlite_backend.search(SearchQuery(q="Konditor")).hits] == ["Konditor (m/w/d)"]


def test_expired_postings_leave_the_index_with_the_expiry_job(post: Any, committed: Any) -> None:
    job = post()
    JobPosting.objects.filter(pk=job.pk).update(expires_on=timezone.localdate() - timezone.timedelta(days=1))
    with committed():
        assert job_services.jobs_expire() == 1
    assert indexed_ids(get_search_backend()) == set()


def test_broker_down_records_the_ids(post: Any) -> None:
    """A broker that refuses connections (port 9): the task cannot even be sent, and the ids are kept."""
    from config.celery_app import app

    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "broker_connection_timeout")}
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:9/0", broker_connection_timeout=1)
    app.conf.broker_transport_options = {"max_retries": 0}
    # Connections and producers are pooled for the broker first used: drop the pools so the dead broker is used.
    app._pool = None
    app.amqp._producer_pool = None
    try:
        assert "@127.0.0.1:9/" in app.pool.connection.as_uri()
        indexing.index_update_enqueue([4242])
    finally:
        app.conf.update(saved)
        app.conf.broker_transport_options = {}
        app._pool = None
        app.amqp._producer_pool = None
    assert PendingIndexUpdate.objects.filter(posting_id=4242, last_error__startswith="enqueue failed").exists()
