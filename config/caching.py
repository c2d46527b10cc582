"""Cached reads that follow the database: Django's cache framework with generation-versioned keys.

Every cached value names the kinds of data it was built from (its *generations*: reference data, postings, …). A
service that changes such data bumps that generation (and again when its transaction commits), and every value built
from the old data is from then on out of reach: readers build it afresh under the new generation, the old entries age
out of the cache. Nothing is deleted key by key, so a value never needs to know who depends on it, and several web
processes and machines agree as soon as they share the cache (CACHE_URL, Redis in production).

Generations start at the current time in microseconds rather than 1, so a generation key that the cache evicted
comes back larger than any value it had (unless bumped a million times a second): an entry built from older data
cannot become reachable again.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
# Kept this long unless a bump makes them unreachable sooner: a safety net for changes made outside the services
# (a raw SQL fix), not the way changes show up.
DEFAULT_TIMEOUT_SECONDS = 300


class Generation(StrEnum):
    """What a cached value can depend on; each one is bumped by the services that change it."""

    # Counties, municipalities, postal localities, regions, the KldB classification, networks: names, codes,
    # coordinates.
    REFERENCE = "reference"
    # Anything that changes what a public list of postings shows: a posting, its company, its workplaces.
    POSTINGS = "postings"


def _key(generation: Generation) -> str:
    return f"generation:{generation.value}"


def _fresh() -> int:
    return time.time_ns() // 1_000


def current(*generations: Generation) -> tuple[int, ...]:
    """The current number of each generation (one cache round trip for all of them)."""
    keys = [_key(g) for g in generations]
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        start = _fresh()
        for k in missing:
            cache.add(k, start, timeout=None)
        found.update(cache.get_many(missing))
    return tuple(int(found.get(k, 0)) for k in keys)


def bump(*generations: Generation) -> None:
    """Make every value built from these generations' data stale: at once, so that reads later in the same
    transaction see the change, and again when the transaction commits, so that a value another process built
    meanwhile from the data as it was before the commit is dropped too. (A rolled-back change only costs one
    needless rebuild.)"""

    def _bump() -> None:
        for g in generations:
            try:
                cache.incr(_key(g))
            except ValueError:  # never read, or evicted: start above anything it may have been
                cache.set(_key(g), _fresh(), timeout=None)

    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


def versioned_key(name: str, *generations: Generation) -> str:
    """A cache key for `name` that changes whenever one of the generations is bumped."""
    return f"{name}@{'.'.join(str(n) for n in current(*generations))}"


def cached(
    name: str,
    build: Callable[[], T],
    *,
    depends_on: tuple[Generation, ...],
    timeout: int | None = DEFAULT_TIMEOUT_SECONDS,
) -> T:
    """The value cached under `name` for the current generations, built (and stored) when there is none; one cache
    round trip when it is there (see cached_many).

    `name` must hold everything else the value depends on (language, parameters); `build` must return something
    the cache can pickle."""
    return cached_many({name: build}, depends_on=depends_on, timeout=timeout)[name]  # type: ignore[no-any-return]


def cached_many(
    builders: Mapping[str, Callable[[], Any]],
    *,
    depends_on: tuple[Generation, ...],
    timeout: int | None = DEFAULT_TIMEOUT_SECONDS,
) -> dict[str, Any]:
    """`cached` for hot paths: several values of the same generations, {name: value}, in one cache round trip
    (plus one to store those that had to be built).

    Each value is stored under its name together with the generation numbers it was built from, and read in the
    same request as the current numbers; it counts only if they are equal. That is what a versioned key does, without
    the round trip that learns the key first. (Names must not contain "@", which versioned_key's keys have.)"""
    generation_keys = [_key(g) for g in depends_on]
    found = cache.get_many([*generation_keys, *builders])
    if all(k in found for k in generation_keys):
        version = tuple(int(found[k]) for k in generation_keys)
    else:
        version = current(*depends_on)
    values: dict[str, Any] = {}
    built: dict[str, tuple[tuple[int, ...], Any]] = {}
    for name, build in builders.items():
        entry = found.get(name)
        if entry is not None and entry[0] == version:
            values[name] = entry[1]
        else:
            values[name] = build()
            built[name] = (version, values[name])
    if built:
        cache.set_many(built, timeout)
    return values


def text_key(text: str) -> str:
    """A fixed-length stand-in for free text in a cache name: every backend takes it (memcached refuses spaces,
    control characters and keys over 250 characters), and what people type never shows up in the cache's keys."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
