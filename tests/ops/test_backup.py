"""Backup → wipe → restore → reindex, end to end through real manage.py processes on a SQLite file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.ops.helpers import manage, site_env

COUNT_SQL = "SELECT count(*), coalesce(sum(length(title)), 0) FROM jobs_jobposting"


def _postings(db: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(db)) as conn:
        count, title_chars = conn.execute(COUNT_SQL).fetchone()
    return int(count), int(title_chars)


def test_backup_wipe_restore_reindex_end_to_end(tmp_path: Path) -> None:
    env = site_env(tmp_path)
    db = tmp_path / "site.sqlite3"
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_regions")
    manage(env, "seed_demo")
    manage(env, "search_check")  # the seed indexed what it wrote
    before = _postings(db)
    assert before[0] > 300

    backup = tmp_path / "backups" / "regiojobs-1.sqlite3"
    out = manage(env, "backup", str(backup)).stdout
    assert "Backed up" in out and backup.is_file()
    assert not list(backup.parent.glob("*.partial"))
    # A backup never overwrites: the file asked for exists now.
    again = manage(env, "backup", str(backup), check=False)
    assert again.returncode != 0 and "exists already" in again.stderr

    # Disaster: the database and the index are gone.
    for leftover in tmp_path.glob("site.sqlite3*"):
        leftover.unlink()
    for index_file in (tmp_path / "search").glob("*"):
        index_file.unlink()

    out = manage(env, "restore", "--noinput", str(backup)).stdout
    assert "Restored" in out and "Indexed" in out
    assert _postings(db) == before
    manage(env, "search_check")  # index and database agree again
    found = manage(env, "shell", "-v", "0", "-c", _SEARCH).stdout.split()
    assert int(found[0]) > 0
    # The demo logins came back with the data.
    token = manage(env, "shell", "-v", "0", "-c", _LOGIN).stdout.strip()
    assert token == "True"


_SEARCH = (
    "from search.backends.base import get_search_backend; from search.query import SearchQuery; "
    "print(get_search_backend().search(SearchQuery(q='Mechatroniker', facets=False)).total)"
)
_LOGIN = (
    "from django.contrib.auth import get_user_model; "
    "print(get_user_model().objects.get(username='harzer-praezisionsteile').check_password('demo-password'))"
)


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(tmp_path: Path) -> None:
    env = site_env(tmp_path)
    db = tmp_path / "site.sqlite3"
    manage(env, "migrate", "--noinput", "-v0")
    schema_before = db.read_bytes()

    garbage = tmp_path / "notes.txt"
    garbage.write_text("not a database\n" * 500)
    result = manage(env, "restore", "--noinput", str(garbage), check=False)
    assert result.returncode != 0 and "not a SQLite database" in result.stderr

    foreign = tmp_path / "foreign.sqlite3"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE t (x)")
    result = manage(env, "restore", "--noinput", str(foreign), check=False)
    assert result.returncode != 0 and "not a regiojobs database" in result.stderr

    missing = manage(env, "restore", "--noinput", str(tmp_path / "missing.sqlite3"), check=False)
    assert missing.returncode != 0 and "does not exist" in missing.stderr
    assert db.read_bytes() == schema_before


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_postgresql_is_pointed_to_pg_dump_and_pg_restore(tmp_path: Path, command: str) -> None:
    env = site_env(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/h_ops_unused")
    target = tmp_path / "x.sqlite3"
    if command == "restore":
        target.write_bytes(b"")
    result = manage(env, command, "--noinput", str(target), check=False) if command == "restore" else None
    result = result or manage(env, command, str(target), check=False)
    assert result.returncode != 0
    assert "pg_dump" in result.stderr and "Traceback" not in result.stderr
