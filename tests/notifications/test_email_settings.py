"""EMAIL_URL: one URL says how mail leaves; production demands a real one (and SITE_URL for the links)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from config.settings.base import VAR_DIR, email_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://user%40example.org:p%40ss@mail.example.org",
            {"EMAIL_HOST": "mail.example.org", "EMAIL_PORT": 587, "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False,
             "EMAIL_HOST_USER": "user@example.org", "EMAIL_HOST_PASSWORD": "p@ss"},
        ),
        ("smtp+ssl://mail.example.org", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False}),
        ("smtp://relay:2525", {"EMAIL_HOST": "relay", "EMAIL_PORT": 2525, "EMAIL_USE_TLS": False,
                               "EMAIL_HOST_USER": ""}),
        ("smtp://", {"EMAIL_HOST": "localhost", "EMAIL_PORT": 25}),
        ("consolemail://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        ("memorymail://", {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}),
        ("filemail:///srv/mail", {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                                  "EMAIL_FILE_PATH": "/srv/mail"}),
        ("filemail://", {"EMAIL_FILE_PATH": str(VAR_DIR / "mail")}),
    ],
)  # fmt: skip
def test_email_url_is_parsed(url: str, expected: dict[str, Any]) -> None:
    config = email_config(url)
    assert {key: config[key] for key in expected} == expected
    if "smtp" in url:
        assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


def test_an_unknown_scheme_is_refused() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        email_config("pigeon://loft")


def test_filemail_writes_each_mail_into_the_folder(settings: Any, tmp_path: Path) -> None:
    settings.EMAIL_BACKEND = email_config(f"filemail://{tmp_path}/mail")["EMAIL_BACKEND"]
    settings.EMAIL_FILE_PATH = email_config(f"filemail://{tmp_path}/mail")["EMAIL_FILE_PATH"]
    assert str(tmp_path / "mail") == settings.EMAIL_FILE_PATH
    mail.send_mail("Betreff", "Grüße", None, ["a@example.org"])
    (written,) = (tmp_path / "mail").iterdir()
    assert "Subject: Betreff" in written.read_text()


def _settings_of(module: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_", "EMAIL_", "SITE_URL"))}
    base.update({"DJANGO_SETTINGS_MODULE": module, **env})
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_FILE_PATH, s.SITE_URL, s.DEFAULT_FROM_EMAIL)"
    )
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT, env=base, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_local_settings_read_email_url_from_the_environment(tmp_path: Path) -> None:
    done = _settings_of(
        "config.settings.local", EMAIL_URL=f"filemail://{tmp_path}/out", SITE_URL="https://jobs.example.org/",
        DEFAULT_FROM_EMAIL="jobs@example.org",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "django.core.mail.backends.filebased.EmailBackend", str(tmp_path / "out"), "https://jobs.example.org",
        "jobs@example.org",
    ]  # fmt: skip
    default = _settings_of("config.settings.local")
    assert default.stdout.split()[:3] == [
        "django.core.mail.backends.console.EmailBackend",
        "None",
        "http://127.0.0.1:8000",
    ]


_PRODUCTION = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "CACHE_URL": "redis://127.0.0.1:6379/6",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/6",
}


@pytest.mark.parametrize("url", ["", "consolemail://", "memorymail://"])
def test_production_refuses_to_start_without_a_way_to_send_mail(url: str) -> None:
    done = _settings_of("config.settings.production", **_PRODUCTION, EMAIL_URL=url, SITE_URL="https://jobs.example.org")
    assert done.returncode != 0
    assert "EMAIL_URL must say how mail is sent" in done.stderr


def test_production_refuses_to_start_without_site_url() -> None:
    done = _settings_of("config.settings.production", **_PRODUCTION, EMAIL_URL="smtp://mail.example.org")
    assert done.returncode != 0
    assert "SITE_URL must be the site's address" in done.stderr
    done = _settings_of(
        "config.settings.production", **_PRODUCTION, EMAIL_URL="smtp+tls://mail.example.org",
        SITE_URL="https://jobs.example.org",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "django.core.mail.backends.smtp.EmailBackend"
