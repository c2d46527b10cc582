"""Production settings refuse to start without a secret key or a broker and pass Django's deployment checks;
only local and test settings run Celery tasks in-process."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BROKER = "redis://127.0.0.1:6379/5"
CACHE = "redis://127.0.0.1:6379/5"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    # Production also requires a shared cache (login lockouts, throttles), a way to send mail and the site's address;
    # the tests here are about other rules.
    base.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "CACHE_URL": CACHE,
            "EMAIL_URL": "smtp://127.0.0.1:25",
            "SITE_URL": "https://jobs.example.org",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_passes_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="jobs.example.org",
        CACHE_URL="redis://127.0.0.1:6379/1",
        CELERY_BROKER_URL=BROKER,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("broker", ["", "filesystem://"])
def test_production_refuses_to_start_without_a_broker(broker):
    result = _manage("check", DJANGO_SECRET_KEY=secrets.token_urlsafe(50), CELERY_BROKER_URL=broker)
    assert result.returncode != 0
    assert "CELERY_BROKER_URL must name a broker" in result.stderr


_SHOW_CELERY = (
    "from django.conf import settings as s; print(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_TASK_EAGER_PROPAGATES)"
)


def test_production_never_runs_tasks_in_process():
    result = _manage(
        "shell", "-v", "0", "-c", _SHOW_CELERY, DJANGO_SECRET_KEY=secrets.token_urlsafe(50), CELERY_BROKER_URL=BROKER
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


@pytest.mark.parametrize(("broker", "eager"), [("", "True"), (BROKER, "False")])
def test_local_runs_tasks_in_process_only_without_a_broker_and_propagates_their_errors(broker, eager):
    result = _manage(
        "shell", "-v", "0", "-c", _SHOW_CELERY, DJANGO_SETTINGS_MODULE="config.settings.local", CELERY_BROKER_URL=broker
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [eager, "True"]


def test_production_keeps_database_connections_between_requests():
    """CONN_MAX_AGE belongs to the database's settings (a top-level CONN_MAX_AGE is ignored by Django)."""
    code = "from django.db import connection\nprint(connection.settings_dict['CONN_MAX_AGE'])\n" + (
        "print(connection.settings_dict['CONN_HEALTH_CHECKS'])"
    )
    result = _manage(
        "shell", "-c", code, DJANGO_SECRET_KEY=secrets.token_urlsafe(50), CELERY_BROKER_URL=BROKER,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["60", "True"]
