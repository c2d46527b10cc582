"""Search fixtures: the behaviour suite runs once per backend.

The embedded backend always runs. Elasticsearch runs against ELASTICSEARCH_URL when set, otherwise against an
osmem-server (in-memory OpenSearch) started once per session on 127.0.0.1 and stopped at the end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from search.backends.base import BaseSearchBackend, get_search_backend, reset_backends

BACKENDS = ["sqlite_fts", "elasticsearch"]
# What osmem-server (the in-memory test server) does differently from Elasticsearch/OpenSearch.
OSMEM_LIMITS = {
    "radius_any_workplace": "osmem-server applies geo_distance to the first point of a multi-valued geo_point "
    "only; Elasticsearch and OpenSearch match any point",
}


@pytest.fixture(scope="session")
def es_url() -> Iterator[str]:
    url = os.environ.get("ELASTICSEARCH_URL")
    if url:
        yield url.split(",")[0]
        return
    # The Elasticsearch half of the suite must run, not vanish: a missing or broken test server fails loudly.
    try:
        import osmem_server as osmem
    except ImportError:
        pytest.fail("osmem-server is not installed: run `make install-dev` (or set ELASTICSEARCH_URL to a cluster)")
    try:
        server = osmem.OsmemServer.start(japanese=False, addr="127.0.0.1:0")
    except osmem.OsmemError as exc:
        pytest.fail(f"osmem-server could not start ({exc}); set ELASTICSEARCH_URL to a running cluster instead")
    try:
        yield server.url
    finally:
        server.close()


def backend_settings(name: str, request: pytest.FixtureRequest) -> dict[str, Any]:
    base = dict(settings.SEARCH_BACKENDS["default"])
    if name == "sqlite_fts":
        base["BACKEND"] = "search.backends.sqlite_fts.SqliteFtsBackend"
        return base
    url = request.getfixturevalue("es_url")
    return {
        **base,
        "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
        "URLS": [url],
        # A fresh index name per test: no test sees another's documents.
        "INDEX": f"test-postings-{uuid.uuid4().hex[:10]}",
        "OPENSEARCH": not os.environ.get("ELASTICSEARCH_URL") or os.environ.get("SEARCH_OPENSEARCH") == "true",
        "TIMEOUT": 10.0,
        # osmem-server on a busy test machine: the production budget would fail searches that are merely slow here.
        "TIME_BUDGET": 10.0,
    }


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, settings: Any, db: None) -> Iterator[BaseSearchBackend]:
    """The configured search backend, empty, for one test; writes through the job services reach it."""
    settings.SEARCH_BACKENDS = {**settings.SEARCH_BACKENDS, "default": backend_settings(request.param, request)}
    be = get_search_backend()
    if request.param == "elasticsearch" and not os.environ.get("ELASTICSEARCH_URL"):
        be.unsupported = OSMEM_LIMITS
    be.reset_index()
    yield be
    if request.param == "elasticsearch":
        be.drop()  # type: ignore[attr-defined]
    reset_backends()


@pytest.fixture
def sqlite_backend(settings: Any, db: None) -> Iterator[BaseSearchBackend]:
    """The embedded backend only, for tests about the embedded index itself."""
    settings.SEARCH_BACKENDS = {
        **settings.SEARCH_BACKENDS,
        "default": {**settings.SEARCH_BACKENDS["default"], "BACKEND": "search.backends.sqlite_fts.SqliteFtsBackend"},
    }
    be = get_search_backend()
    be.reset_index()
    yield be
    reset_backends()


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """Run a block and then its on-commit callbacks, as a real commit would (tests run inside a transaction)."""

    def run() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def post(committed: Any, company_a: Any) -> Any:
    """Create a published posting through the job services and let the index update run."""
    from tests.factories import make_posting

    def create(company: Any = None, **overrides: Any) -> Any:
        with committed():
            return make_posting(company or company_a, **overrides)

    return create


# Nothing listens on port 9 (discard) on 127.0.0.1: an engine that is down, without mocks.
DOWN = {
    "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
    "URLS": ["http://127.0.0.1:9"],
    "INDEX": "down",
    "OPENSEARCH": True,
    "TIMEOUT": 0.5,
    "MAX_RETRIES": 0,
}


@pytest.fixture
def engine_down(settings: Any, sqlite_backend: BaseSearchBackend) -> Any:
    """Switch the configured engine off (an unreachable server) and back on again."""
    working = settings.SEARCH_BACKENDS

    class Switch:
        def off(self) -> None:
            settings.SEARCH_BACKENDS = {"default": DOWN}

        def on(self) -> BaseSearchBackend:
            settings.SEARCH_BACKENDS = working
            reset_backends()
            return get_search_backend()

    return Switch()
