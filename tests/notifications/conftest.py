"""Helpers for the e-mail tests: who got which mail, its parts, and the callbacks run on commit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail

from tests.crawlers.server import LocalServer


@pytest.fixture(autouse=True)
def _site_url(settings: Any) -> None:
    settings.SITE_URL = "https://jobs.example.org"
    settings.OPERATOR_EMAILS = []


@pytest.fixture
def career_site(settings: Any) -> Iterator[LocalServer]:
    srv = LocalServer().start()
    settings.CRAWLER_ALLOWED_ADDRESSES = [f"127.0.0.1:{srv.port}"]
    yield srv
    srv.stop()


def mails_to(address: str) -> list[mail.EmailMultiAlternatives]:
    return [m for m in mail.outbox if address in m.to]  # type: ignore[misc]


def parts(message: Any) -> tuple[str, str]:
    """The plain-text body and the HTML alternative of a message (which must have exactly these two)."""
    assert len(message.alternatives) == 1
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    return message.body, html
