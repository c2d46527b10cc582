"""Fixtures of the operator dashboard's tests."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.frontend.conftest import indexed, search_index  # noqa: F401 (fixtures used here too)


@pytest.fixture
def operator_client(operator) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(operator)
    return client


@pytest.fixture
def superuser(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="root", is_staff=True, is_superuser=True)
