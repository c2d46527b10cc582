"""config.caching: values cached under generations, and how a bump makes them stale."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction

from config import caching
from config.caching import Generation


def _counting_builder() -> tuple[list[int], Any]:
    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    return calls, build


def test_a_value_is_built_once_per_generation() -> None:
    calls, build = _counting_builder()
    assert caching.cached("answer", build, depends_on=(Generation.REFERENCE,)) == 1
    assert caching.cached("answer", build, depends_on=(Generation.REFERENCE,)) == 1
    assert len(calls) == 1

    caching.bump(Generation.REFERENCE)
    assert caching.cached("answer", build, depends_on=(Generation.REFERENCE,)) == 2
    assert len(calls) == 2


def test_a_bump_leaves_values_of_other_generations_alone() -> None:
    calls, build = _counting_builder()
    caching.cached("postings-only", build, depends_on=(Generation.POSTINGS,))
    caching.bump(Generation.REFERENCE)
    caching.cached("postings-only", build, depends_on=(Generation.POSTINGS,))
    assert len(calls) == 1


def test_an_evicted_generation_comes_back_above_every_earlier_number() -> None:
    (before,) = caching.current(Generation.POSTINGS)
    caching.bump(Generation.POSTINGS)
    cache.delete("generation:postings")
    (after,) = caching.current(Generation.POSTINGS)
    assert after > before + 1


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_bump_counts_at_once_and_again_on_commit() -> None:
    (start,) = caching.current(Generation.REFERENCE)
    with transaction.atomic():
        caching.bump(Generation.REFERENCE)
        (inside,) = caching.current(Generation.REFERENCE)
        assert inside == start + 1
        # Another process reads and caches the data as it was before this commit ...
        stale_key = caching.versioned_key("labels", Generation.REFERENCE)
        cache.set(stale_key, "before the commit")
    # ... and the commit makes that value unreachable.
    assert caching.versioned_key("labels", Generation.REFERENCE) != stale_key
    assert caching.current(Generation.REFERENCE) == (start + 2,)


def test_several_values_are_read_together_and_only_the_missing_ones_built() -> None:
    calls, build = _counting_builder()
    other_calls, build_other = _counting_builder()
    assert caching.cached_many({"one": build}, depends_on=(Generation.REFERENCE,)) == {"one": 1}
    both = caching.cached_many({"one": build, "two": build_other}, depends_on=(Generation.REFERENCE,))
    assert both == {"one": 1, "two": 1} and (len(calls), len(other_calls)) == (1, 1)

    caching.bump(Generation.REFERENCE)
    assert caching.cached_many({"one": build, "two": build_other}, depends_on=(Generation.REFERENCE,)) == {
        "one": 2,
        "two": 2,
    }
    # Values of other generations are not touched by this one's bump.
    caching.cached_many({"three": build}, depends_on=(Generation.POSTINGS,))
    caching.bump(Generation.REFERENCE)
    assert caching.cached_many({"three": build}, depends_on=(Generation.POSTINGS,)) == {"three": 3}


@pytest.mark.django_db(transaction=True)
def test_a_value_read_together_with_the_generations_is_dropped_by_the_bump_on_commit() -> None:
    _, build = _counting_builder()
    with transaction.atomic():
        caching.bump(Generation.REFERENCE)
        # Another process builds the value from the data as it was before this commit ...
        assert caching.cached_many({"labels": build}, depends_on=(Generation.REFERENCE,)) == {"labels": 1}
    # ... and the commit makes it stale.
    assert caching.cached_many({"labels": build}, depends_on=(Generation.REFERENCE,)) == {"labels": 2}


def test_an_evicted_generation_makes_values_read_together_with_it_stale() -> None:
    _, build = _counting_builder()
    caching.cached_many({"codes": build}, depends_on=(Generation.REFERENCE,))
    cache.delete("generation:reference")
    assert caching.cached_many({"codes": build}, depends_on=(Generation.REFERENCE,)) == {"codes": 2}
    assert caching.cached_many({"codes": build}, depends_on=(Generation.REFERENCE,)) == {"codes": 2}


def test_a_text_key_is_short_and_plain_whatever_the_text() -> None:
    keys = {caching.text_key(text) for text in ("Bad Langensalza", "bad langensalza", "x" * 10_000, "\x00\n ")}
    assert len(keys) == 4
    assert all(len(k) == 32 and k.isalnum() and k.isascii() for k in keys)
