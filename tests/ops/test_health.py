"""/healthz and /readyz against the real database, a real search index and a real (or unreachable) broker."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.ops.helpers import REDIS_URL, redis_reachable, unused_port

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_dependencies(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/healthz").status_code == 405


def test_readyz_ok_with_database_and_index_and_in_process_tasks(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "search": "ok", "broker": "in-process"},
    }


def test_readyz_503_when_the_search_engine_is_unreachable(client, settings):
    settings.SEARCH_BACKENDS = {
        "default": {
            **settings.SEARCH_BACKENDS["default"],
            "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
            "URLS": [f"http://127.0.0.1:{unused_port()}"],
            "MAX_RETRIES": 0,
            "TIMEOUT": 1.0,
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"] == {"database": "ok", "search": "down", "broker": "in-process"}


def test_readyz_503_when_the_embedded_index_is_broken(client, settings, tmp_path: Path):
    broken = tmp_path / "postings.sqlite3"
    broken.write_bytes(b"this is not an SQLite database, just bytes where the index should be" * 100)
    settings.SEARCH_BACKENDS = {"default": {**settings.SEARCH_BACKENDS["default"], "PATH": str(broken)}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["search"] == "down"
    assert response.json()["checks"]["database"] == "ok"


def test_readyz_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{unused_port()}/5"
    started = time.monotonic()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "search": "ok", "broker": "down"}
    assert time.monotonic() - started < 15  # a probe must answer while the balancer still waits


@pytest.mark.redis
def test_readyz_ok_with_a_reachable_redis_broker(client, settings):
    if not redis_reachable():
        pytest.fail(f"Redis is not reachable for {REDIS_URL}: start it (e.g. `redis-server --daemonize yes`).")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = REDIS_URL
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["broker"] == "ok"


def test_request_id_is_echoed_generated_and_never_taken_unchecked(client):
    given = "0f8e5c1a2b3c4d5e6f708192a3b4c5d6"
    assert client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    generated = client.get("/healthz")["X-Request-ID"]
    assert len(generated) == 32 and int(generated, 16) >= 0
    # Anything that is not a UUID (here: an attempt to forge a log line) is replaced by a fresh id.
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x" level=ERROR\nfake line')["X-Request-ID"]
    assert "\n" not in forged and len(forged) == 32
