"""End to end: a mail queued when a transaction commits goes through Redis to a Celery worker process, which
writes it (EMAIL_URL=filemail://…); a rolled-back transaction queues nothing, and the worker's log names no address.
Redis database 6, under a key prefix of this test's own."""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.crawlers.test_e2e_redis import _redis_or_fail

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/6"

pytestmark = pytest.mark.redis

PRODUCER = """
from django.db import transaction
from notifications.services import send_templated_mail
context = {"company": "Firma A GmbH", "link": "https://jobs.example.org/company-area/"}
try:
    with transaction.atomic():
        send_templated_mail(to=["rolled-back@example.org"], template="notifications/mail/company_approved",
                            context=context, language="de")
        raise RuntimeError("rolled back")
except RuntimeError:
    pass
with transaction.atomic():
    send_templated_mail(to=["anna@example.org"], template="notifications/mail/company_approved", context=context,
                        language="en")
"""


def test_a_worker_sends_the_mail_queued_on_commit(tmp_path: Path) -> None:
    import redis

    _redis_or_fail()
    prefix = f"regiojobs-test-mail-{uuid.uuid4().hex[:12]}:"
    outbox = tmp_path / "mail"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_", "EMAIL_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_BROKER_KEY_PREFIX": prefix,
        "EMAIL_URL": f"filemail://{outbox}",
        "DJANGO_LOG_LEVEL": "INFO",
    }
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config.celery_app", "worker", "-P", "solo", "-c", "1",
         "--without-mingle", "--without-gossip", "-l", "INFO"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", PRODUCER],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        deadline = time.monotonic() + 90
        files: list[Path] = []
        while time.monotonic() < deadline and worker.poll() is None:
            files = sorted(outbox.glob("*")) if outbox.exists() else []
            if files and "sent to 1 recipient" in log.read_text():
                break
            time.sleep(0.5)
        assert worker.poll() is None, log.read_text()[-3000:]
        assert len(files) == 1, log.read_text()[-3000:]
        raw = files[0].read_bytes()
        message = email.message_from_bytes(raw.split(b"\n" + b"-" * 79)[0], policy=email.policy.default)
        assert message["To"] == "anna@example.org"
        assert message["Subject"] == "“Firma A GmbH” is approved on regiojobs"
        kinds = [part.get_content_type() for part in message.walk() if not part.is_multipart()]
        assert kinds == ["text/plain", "text/html"]
        assert b"rolled-back@example.org" not in raw
        time.sleep(1)  # nothing else arrives
        assert len(list(outbox.iterdir())) == 1
        worker_log = log.read_text()
        assert "mail notifications/mail/company_approved (en) sent to 1 recipient(s)" in worker_log
        assert "Task notifications.send_mail[" in worker_log
        assert "anna@example.org" not in worker_log and "Firma A GmbH" not in worker_log
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        with redis.Redis.from_url(REDIS_URL) as client:
            keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
            if keys:
                client.delete(*keys)
