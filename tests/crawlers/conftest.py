from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawlers.fetch import FetchConfig, Fetcher, HostGate
from tests.crawlers.server import LocalServer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def server(settings) -> Iterator[LocalServer]:  # type: ignore[no-untyped-def]
    """A local career site; its own address (and no other) is let through the SSRF guard for this test."""
    srv = LocalServer().start()
    settings.CRAWLER_ALLOWED_ADDRESSES = [*settings.CRAWLER_ALLOWED_ADDRESSES, f"127.0.0.1:{srv.port}"]
    yield srv
    srv.stop()


@pytest.fixture
def config(settings, server: LocalServer) -> FetchConfig:  # type: ignore[no-untyped-def]
    return FetchConfig.from_settings()  # after `server`, so its address is among the allowed ones


@pytest.fixture
def fetcher(config: FetchConfig) -> Iterator[Fetcher]:
    with Fetcher(config, gate=HostGate()) as f:
        yield f


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()
