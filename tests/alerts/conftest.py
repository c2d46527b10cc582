"""Alerts run against the embedded search index (postings indexed when their transaction commits)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from search.backends.base import BaseSearchBackend, get_search_backend, reset_backends


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.SITE_URL = "https://jobs.example.org"


@pytest.fixture
def index(settings: Any, db: None) -> Iterator[BaseSearchBackend]:
    settings.SEARCH_BACKENDS = {
        **settings.SEARCH_BACKENDS,
        "default": {**settings.SEARCH_BACKENDS["default"], "BACKEND": "search.backends.sqlite_fts.SqliteFtsBackend"},
    }
    be = get_search_backend()
    be.reset_index()
    yield be
    reset_backends()


@pytest.fixture
def publish(index: BaseSearchBackend, django_capture_on_commit_callbacks: Any) -> Any:
    """Publish a posting as a company would: saved, and indexed when the transaction commits."""
    from tests.factories import make_posting

    def run(company: Any = None, **overrides: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return make_posting(company, **overrides)

    return run
