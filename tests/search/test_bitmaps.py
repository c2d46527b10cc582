"""The embedded backend's posting-id bitmaps: conversions, newest-first paging and the salary filter."""

import random
import sqlite3

import numpy as np
import pytest

from search.backends import bitmaps, sqlite_fts


def _snapshot(salaries: list[float]) -> bitmaps.Snapshot:
    return bitmaps.Snapshot(key=("e", "g", 0), size=len(salaries), visible=0, salary=np.array(salaries))


def test_salary_at_least_marks_exactly_the_postings_at_or_above_the_floor():
    snap = _snapshot([-1.0, 2500.0, 3000.0, 3600.0, -1.0, 2999.99, 4200.0])
    assert bitmaps.to_ids(snap.salary_at_least(3000)) == [2, 3, 6]
    assert bitmaps.to_ids(snap.salary_at_least(0)) == [1, 2, 3, 5, 6]  # "no salary given" (-1) never matches
    assert snap.salary_at_least(3000) is snap.salary_at_least(3000)  # kept per floor


def test_restricting_by_salary_keeps_exactly_the_candidates_at_or_above_the_floor():
    snap = _snapshot([float(i * 10) for i in range(5000)])
    candidates = bitmaps.from_ids(range(0, 5000, 2), 5000)

    class Query:
        company: tuple[str, ...] = ()
        point = None
        effective_radius_km = None
        salary_min = 31_000.0
        starts_from = None
        only_ids = None

    base, _near = sqlite_fts.SqliteFtsBackend._restrict(None, None, Query(), snap, candidates)  # type: ignore[arg-type]
    assert bitmaps.to_ids(base) == list(range(3100, 5000, 2))


@pytest.mark.parametrize("ids", [[], [0], [7, 8, 63, 64, 65], list(range(0, 1000, 3)), list(range(1000))])
def test_ids_and_bitmaps_convert_both_ways(ids):
    bitmap = bitmaps.from_ids(ids, 1000)
    assert bitmap == sum(1 << i for i in ids)
    assert bitmaps.to_ids(bitmap) == ids
    assert bitmaps.to_array(bitmap).tolist() == ids
    assert np.flatnonzero(bitmaps.to_mask(bitmap, 1000)).tolist() == ids


def test_from_query_reads_the_ids_sqlite_returns():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)")
    conn.executemany("INSERT INTO t VALUES (?)", [(i,) for i in (3, 70, 512, 999)])
    assert bitmaps.to_ids(bitmaps.from_query(conn, "SELECT id FROM t", (), 1000)) == [3, 70, 512, 999]
    assert bitmaps.from_query(conn, "SELECT id FROM t WHERE id > ?", (5000,), 1000) == 0


@pytest.mark.parametrize("density", [0.001, 0.05, 0.5, 1.0])
@pytest.mark.parametrize("count", [1, 20, 700, 5000])
def test_newest_is_by_date_then_id_for_sparse_and_dense_sets(density, count):
    rng = random.Random(7)
    size = 4000
    posted = np.array([0] + [rng.randint(738_000, 738_060) for _ in range(size - 1)], dtype=np.int64)
    snap = bitmaps.Snapshot(key=("e", "g", 0), size=size, visible=0, posted=posted)
    members = [i for i in range(1, size) if rng.random() < density]
    expected = sorted(members, key=lambda i: (posted[i], i), reverse=True)[:count]
    assert snap.newest(bitmaps.from_ids(members, size), count) == expected
