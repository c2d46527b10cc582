"""Shared fixtures: the gazetteer loaded once per test database, users, companies and an API client."""

from __future__ import annotations

import os

import pytest
from django.core.cache import caches
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.services import issue_token
from tests.factories import CompanyFactory, MembershipFactory, UserFactory


def pytest_sessionstart(session: pytest.Session) -> None:
    """When DATABASE_URL names PostgreSQL, it must be reachable: say what to start instead of failing obscurely."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        pytest.exit(
            f"PostgreSQL is not reachable at {url} ({exc}). Start the PostgreSQL server "
            "(e.g. `pg_ctlcluster <version> main start`) or unset DATABASE_URL to test on SQLite.",
            returncode=3,
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The gazetteer is reference data every test relies on: load it once into the test database."""
    with django_db_blocker.unblock():
        call_command("load_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Login-failure and throttle counters, cached reads and rendered fragments live in the caches: every test
    starts without any."""
    for each in caches.all():
        each.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def token_client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    _, token = issue_token(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def company_a(db):  # type: ignore[no-untyped-def]
    return CompanyFactory(slug="firma-a", name="Firma A GmbH")


@pytest.fixture
def company_b(db):  # type: ignore[no-untyped-def]
    return CompanyFactory(slug="firma-b", name="Firma B AG")


@pytest.fixture
def member_a(company_a):  # type: ignore[no-untyped-def]
    return MembershipFactory(company=company_a, user=UserFactory(username="anna")).user


@pytest.fixture
def member_b(company_b):  # type: ignore[no-untyped-def]
    return MembershipFactory(company=company_b, user=UserFactory(username="bernd")).user


@pytest.fixture
def operator(db):  # type: ignore[no-untyped-def]
    """The regional manager as seed_demo makes them: staff in the operator group, not superuser."""
    from moderation.services import operator_make

    return operator_make(user=UserFactory(username="operator"))


@pytest.fixture
def client_a(member_a) -> APIClient:  # type: ignore[no-untyped-def]
    return token_client(member_a)


@pytest.fixture
def client_b(member_b) -> APIClient:  # type: ignore[no-untyped-def]
    return token_client(member_b)


@pytest.fixture
def client_operator(operator) -> APIClient:  # type: ignore[no-untyped-def]
    return token_client(operator)


@pytest.fixture
def seeker_a(db):  # type: ignore[no-untyped-def]
    """A job seeker with a pseudonymous profile."""
    from tests.factories import make_profile

    user = UserFactory(username="sabine", first_name="Sabine", last_name="Schröder", email="sabine@example.org")
    make_profile(user)
    return user


@pytest.fixture
def seeker_b(db):  # type: ignore[no-untyped-def]
    """Another job seeker, with a hidden profile."""
    from tests.factories import make_profile

    user = UserFactory(username="stefan", first_name="Stefan", last_name="Sommer", email="stefan@example.org")
    make_profile(user, visibility="hidden", consent=False)
    return user


@pytest.fixture
def client_seeker_a(seeker_a) -> APIClient:  # type: ignore[no-untyped-def]
    return token_client(seeker_a)


@pytest.fixture
def client_seeker_b(seeker_b) -> APIClient:  # type: ignore[no-untyped-def]
    return token_client(seeker_b)
