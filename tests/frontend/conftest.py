"""Helpers for the page tests: parsed HTML and the JSON-LD blocks of a page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def jsonld_blocks(response: Any) -> list[dict[str, Any]]:
    return [json.loads(s.string) for s in soup(response).find_all("script", type="application/ld+json")]


def field_error(response: Any, field_id: str) -> str:
    """The error text shown next to a form field, asserting it is tied to the field for assistive technology."""
    page = soup(response)
    error = page.find(id=f"{field_id}_error")
    assert error is not None, f"no error shown for {field_id}"
    control = page.find(id=field_id)
    assert control is not None, f"no control {field_id}"
    assert f"{field_id}_error" in (control.get("aria-describedby") or "").split()
    if control.name in ("input", "select", "textarea"):
        assert control.get("aria-invalid") == "true"
    # Next to the field: the error sits in the same field wrapper (or choice fieldset) as its control.
    wrapper = control if "field" in (control.get("class") or []) else control.find_parent(class_="field")
    assert error.find_parent(class_="field") is wrapper
    return error.get_text(" ", strip=True)


@pytest.fixture
def client_de() -> Client:
    """A browser that prefers German (the default language anyway)."""
    return Client(HTTP_ACCEPT_LANGUAGE="de")


@pytest.fixture
def logged_in_a(member_a) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(member_a)
    return client


@pytest.fixture
def logged_in_b(member_b) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(member_b)
    return client


@pytest.fixture
def search_index(db):  # type: ignore[no-untyped-def]
    """The configured search index, emptied: it lives outside the test transaction, so each test starts clean."""
    from search.backends.base import get_search_backend

    backend = get_search_backend()
    backend.reset_index()
    yield backend
    backend.reset_index()


@pytest.fixture
def indexed(search_index, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Create postings and let the index update run, as after a real commit (tests run inside a transaction)."""
    from tests.factories import make_posting

    def create(company, **overrides):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return make_posting(company, **overrides)

    return create
