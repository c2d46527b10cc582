from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawlers.fetch import FetchConfig, Fetcher, HostGate
from tests.crawlers.server import LocalServer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def config(settings) -> FetchConfig:  # type: ignore[no-untyped-def]
    return FetchConfig.from_settings()


@pytest.fixture
def fetcher(config: FetchConfig) -> Iterator[Fetcher]:
    with Fetcher(config, gate=HostGate()) as f:
        yield f


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()
