"""The embedded backend's salary filter for large candidate sets: a bitmap per floor, built from the snapshot."""

from array import array

from search.backends import bitmaps, sqlite_fts


def _snapshot(salaries: list[float]) -> bitmaps.Snapshot:
    return bitmaps.Snapshot(key=("e", "g", 0), size=len(salaries), visible=0, salary=array("d", salaries))


def test_salary_at_least_marks_exactly_the_postings_at_or_above_the_floor():
    snap = _snapshot([-1.0, 2500.0, 3000.0, 3600.0, -1.0, 2999.99, 4200.0])
    assert bitmaps.to_ids(snap.salary_at_least(3000)) == [2, 3, 6]
    assert bitmaps.to_ids(snap.salary_at_least(0)) == [1, 2, 3, 5, 6]  # "no salary given" (-1) never matches
    assert snap.salary_at_least(3000) is snap.salary_at_least(3000)  # kept per floor


def test_large_candidate_sets_use_the_bitmap_and_agree_with_the_per_candidate_check(monkeypatch):
    snap = _snapshot([float(i * 10) for i in range(5000)])
    every = (1 << 5000) - 1
    backend_restrict = sqlite_fts.SqliteFtsBackend._restrict

    class Query:
        company: tuple[str, ...] = ()
        point = None
        effective_radius_km = None
        salary_min = 31_000.0

    results = []
    for check_each in (10**9, 0):  # per candidate, then the bitmap path
        monkeypatch.setattr(sqlite_fts, "_CHECK_EACH", check_each)
        base, _near = backend_restrict(None, None, Query(), snap, every)  # type: ignore[arg-type]
        results.append(bitmaps.to_ids(base))
    assert results[0] == results[1] == list(range(3100, 5000))
