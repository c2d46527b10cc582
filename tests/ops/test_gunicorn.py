"""gunicorn serves the application with the project's config file and production settings; logs are JSON lines
that carry the request id the response echoes."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.ops.helpers import REDIS_URL, ROOT, free_port, manage, redis_reachable, site_env

pytestmark = pytest.mark.redis


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_gunicorn_serves_probes_with_json_logs_and_request_ids(tmp_path: Path) -> None:
    if not redis_reachable():
        pytest.fail(f"Redis is not reachable for {REDIS_URL}: start it (e.g. `redis-server --daemonize yes`).")
    port = free_port()
    env = site_env(
        tmp_path,
        "config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        CELERY_BROKER_URL=REDIS_URL,
        CACHE_URL=REDIS_URL,
        EMAIL_URL="smtp://127.0.0.1:25",
        SITE_URL=f"http://127.0.0.1:{port}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
    )
    manage(env, "migrate", "--noinput", "-v0")
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, body = _get(f"{base}/healthz")
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s:\n" + log.read_text()
                time.sleep(0.2)
        # Plain HTTP from the balancer: answered, not redirected to HTTPS.
        assert status == 200 and json.loads(body) == {"status": "ok"}
        assert headers["Server"] == "gunicorn"

        status, _, body = _get(f"{base}/readyz", {"X-Forwarded-Proto": "https"})
        assert status == 200, body
        assert json.loads(body)["checks"] == {"database": "ok", "search": "ok", "broker": "ok"}

        request_id = "5b6f0e7c9d1a4e2f8a3b2c1d0e9f8a7b"
        status, headers, _ = _get(f"{base}/no-such-page/", {"X-Request-ID": request_id, "X-Forwarded-Proto": "https"})
        assert status == 404 and headers["X-Request-ID"] == request_id
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert server.returncode == 0, log.read_text()

    records = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    for_request = [r for r in records if r.get("request_id") == request_id]
    # The application's own record (Django's "Not Found" warning) and gunicorn's access line, both JSON.
    app_record = next(r for r in for_request if r.get("logger") == "django.request")
    assert app_record["level"] == "WARNING" and "/no-such-page/" in app_record["message"]
    access = next(r for r in for_request if "status" in r and "path" in r)
    assert access["status"] == 404 and access["path"] == "/no-such-page/"
    assert any(r.get("path") == "/healthz" and r["status"] == 200 for r in records)
