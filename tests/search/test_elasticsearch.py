"""What only the Elasticsearch backend has: the completion suggester behind autocomplete."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from search.backends.base import get_search_backend, reset_backends
from search.backends.elasticsearch import ElasticsearchBackend, _completion_inputs

from .conftest import backend_settings


@pytest.fixture
def es(request: pytest.FixtureRequest, settings: Any, db: None) -> Iterator[ElasticsearchBackend]:
    settings.SEARCH_BACKENDS = {**settings.SEARCH_BACKENDS, "default": backend_settings("elasticsearch", request)}
    be = get_search_backend()
    assert isinstance(be, ElasticsearchBackend)
    be.reset_index()
    yield be
    be.drop()
    reset_backends()


def test_completion_inputs_are_the_title_and_its_other_words() -> None:
    assert _completion_inputs("fachkraft fuer lagerlogistik") == [
        {"input": "fachkraft fuer lagerlogistik", "weight": 2},
        {"input": "lagerlogistik | fachkraft fuer lagerlogistik", "weight": 1},
    ]


def test_index_has_a_completion_suggester(es: ElasticsearchBackend, post: Any) -> None:
    post(title="Zerspanungsmechaniker (m/w/d)")
    post(title="CNC Mechaniker (m/w/d)")
    es.refresh()
    [index] = es.client.indices.get_mapping(index=es.alias).body.values()
    assert index["mappings"]["properties"]["completion"]["type"] == "completion"

    def suggested(prefix: str) -> list[str]:
        found = es.client.search(
            index=es.alias, size=0, suggest={"t": {"prefix": prefix, "completion": {"field": "completion"}}}
        )
        return sorted(o["_source"]["title_text"] for o in found["suggest"]["t"][0]["options"])

    assert suggested("zersp") == ["Zerspanungsmechaniker"]
    assert suggested("mechan") == ["CNC Mechaniker"]
    assert suggested("cnc m") == ["CNC Mechaniker"]
