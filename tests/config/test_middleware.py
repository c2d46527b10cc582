"""Project middleware: the language of a response (cookie, then Accept-Language, else German), flash messages."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/jobs/?page_size=1"


@pytest.mark.parametrize(
    ("accept", "cookie", "expected"),
    [
        ("en", None, "en"),
        ("de-DE,de;q=0.9,en;q=0.5", None, "de"),
        ("en-GB,en;q=0.9", None, "en"),
        ("fr", None, "de"),  # not offered: the default
        ("", None, "de"),
        ("de", "en", "en"),  # the language switch's cookie wins over the browser
    ],
)
def test_language_from_cookie_then_accept_language(accept: str, cookie: str | None, expected: str) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE=accept)
    if cookie:
        client.cookies["django_language"] = cookie
    for url in (URL, "/jobs/", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == expected
        assert "Accept-Language" in response["Vary"]


def test_urls_with_language_prefixes_get_djangos_behaviour(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "tests.config.urls_prefixed"
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.get("/de/here/").content == b"de"  # the prefix decides
    redirect = client.get("/here/")
    assert (redirect.status_code, redirect["Location"]) == (302, "/en/here/")


def test_flash_messages_on_pages_not_on_the_api(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/jobs/")
    api = client.get(URL)
    assert hasattr(page.wsgi_request, "_messages")
    assert not hasattr(api.wsgi_request, "_messages")
