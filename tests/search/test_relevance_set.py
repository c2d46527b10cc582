"""The relevance benchmark's own parts: the set is what its sources build, it loads, and the score is nDCG."""

from __future__ import annotations

import json

import pytest

from bench.relevance import DATA, evaluate, load, ndcg, summary
from bench.relevance_data.build import build
from regions.models import Municipality
from search.backends.base import BaseSearchBackend
from search.documents import iter_documents


def test_the_stored_set_is_what_its_sources_build() -> None:
    """relevance_set.json is generated: an edit of the roles, companies or queries must be followed by a build."""
    assert json.loads(DATA.read_text(encoding="utf-8")) == json.loads(json.dumps(build(), ensure_ascii=False))


def test_every_judgement_names_a_posting_and_a_grade() -> None:
    data = build()
    keys = {p["key"] for p in data["postings"]}
    assert len(keys) == len(data["postings"])
    for query in data["queries"]:
        assert set(query["judgements"]) <= keys, query["q"]
        assert set(query["judgements"].values()) <= {1, 2, 3}, query["q"]
        assert max(query["judgements"].values()) >= 2, f"{query['q']}: nothing relevant to find"


@pytest.mark.django_db
def test_every_place_is_a_municipality_of_the_gazetteer() -> None:
    places = {ags for p in build()["postings"] for ags in p["places"]}
    assert set(Municipality.objects.filter(ags__in=places).values_list("ags", flat=True)) == places


def test_ndcg_rewards_the_ideal_order_only() -> None:
    assert ndcg([3, 2, 1], [1, 2, 3]) == pytest.approx(1.0)
    assert ndcg([1, 2, 3], [1, 2, 3]) < ndcg([3, 1, 2], [1, 2, 3]) < 1.0
    assert ndcg([0, 3, 2, 1], [1, 2, 3]) < 1.0
    assert ndcg([], [3]) == 0.0


def test_the_set_loads_and_every_query_is_scored(backend: BaseSearchBackend) -> None:
    data = build()
    by_pk = load(data)
    assert backend.rebuild(iter_documents()) == len(data["postings"])
    scores = evaluate(backend, data, by_pk)
    assert [s.q for s in scores] == [q["q"] for q in data["queries"]]
    assert all(0.0 <= s.ndcg <= 1.0 for s in scores)
    # An occupation named exactly as the postings' titles name it: any engine ranks those first.
    assert next(s for s in scores if s.q == "Physiotherapeut").ndcg == pytest.approx(1.0)
    assert summary(scores)["overall"]["queries"] == len(scores)
