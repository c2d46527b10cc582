"""The demo seed indexes its postings in one update at the end, not one update per posting (real manage.py
processes; the index updates run in-process there and Celery logs each one)."""

from __future__ import annotations

from pathlib import Path

from tests.ops.helpers import manage, site_env

INDEX_UPDATE = "search.index_update["


def _fresh_site(tmp: Path) -> dict[str, str]:
    env = site_env(tmp, DJANGO_LOG_LEVEL="INFO")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_regions")
    return env


def test_seed_demo_indexes_all_postings_in_one_update(tmp_path: Path) -> None:
    env = _fresh_site(tmp_path)
    seeded = manage(env, "seed_demo")
    assert (seeded.stdout + seeded.stderr).count(INDEX_UPDATE) == 1
    assert "330 new" in seeded.stdout
    manage(env, "search_check")  # that one update indexed every visible posting


def test_seed_demo_no_index_leaves_the_index_to_one_search_reindex(tmp_path: Path) -> None:
    env = _fresh_site(tmp_path)
    seeded = manage(env, "seed_demo", "--no-index")
    assert INDEX_UPDATE not in seeded.stdout + seeded.stderr
    assert manage(env, "search_check", check=False).returncode != 0  # nothing indexed yet …
    manage(env, "search_reindex", "--no-progress")
    manage(env, "search_check")  # … until the one rebuild
