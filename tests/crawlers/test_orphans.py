"""Crash leftovers: a run whose worker died is closed as failed and its source released; a crawl never runs twice."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from crawlers.models import CrawlRun, CrawlSource, Outcome
from crawlers.pipeline import SourceBusy, crawl_source, crawl_source_by_id, runs_reap_orphans, source_add, source_claim
from tests.crawlers.server import LocalServer

pytestmark = pytest.mark.django_db


def _orphan(source: CrawlSource, *, silent_for: float) -> CrawlRun:
    """What a killed worker leaves behind: its source locked, its run "running" with a last heartbeat long ago."""
    assert source_claim(source.pk)
    run = CrawlRun.objects.create(source=source)
    CrawlRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(seconds=silent_for))
    return run


def test_a_run_without_heartbeat_is_closed_as_failed_and_its_source_released(company_a: Any, settings: Any) -> None:
    settings.CRAWLER_HEARTBEAT_TIMEOUT = 180
    lost = _orphan(source_add(by_operator=True, company=company_a, url="https://a.example/jobs"), silent_for=181)
    alive = _orphan(source_add(by_operator=True, company=company_a, url="https://b.example/jobs"), silent_for=30)
    assert runs_reap_orphans() == 1
    lost.refresh_from_db()
    assert lost.outcome == Outcome.FAILED and lost.finished_at is not None
    assert "worker lost" in lost.errors[-1]["reason"]
    assert lost.source.__class__.objects.get(pk=lost.source_id).locked_until is None
    assert CrawlSource.objects.get(pk=lost.source_id).consecutive_failures == 1
    assert CrawlSource.objects.due().filter(pk=lost.source_id).exists()  # may be crawled again at once
    alive.refresh_from_db()
    assert alive.outcome == Outcome.RUNNING
    assert CrawlSource.objects.get(pk=alive.source_id).locked_until is not None
    assert runs_reap_orphans() == 0


def test_a_source_with_a_running_run_is_not_crawled_again(company_a: Any) -> None:
    source = source_add(by_operator=True, company=company_a, url="https://a.example/jobs")
    CrawlRun.objects.create(source=source)  # another worker's run, still alive
    with pytest.raises(SourceBusy):
        crawl_source(source)
    assert crawl_source_by_id(source.pk, claimed=True) is None  # e.g. a redelivered crawl_host task
    assert CrawlRun.objects.filter(source=source).count() == 1


def test_a_crawl_that_breaks_does_not_stay_running(server: LocalServer, company_a: Any, monkeypatch: Any) -> None:
    from crawlers import pipeline

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("a bug in an extractor")

    monkeypatch.setattr(pipeline, "harvest", broken)
    source = source_add(company=company_a, url=server.url("/jobs"), by_operator=True)
    with pytest.raises(KeyError):
        crawl_source(source)
    run = CrawlRun.objects.get(source=source)
    assert run.outcome == Outcome.FAILED and "KeyError" in run.errors[0]["reason"]
