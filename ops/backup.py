"""Backup and restore of the SQLite database through SQLite's online backup API.

The backup API copies a consistent snapshot page by page while the site keeps running (readers and writers only
wait for the short steps), which a file copy of a WAL database cannot promise. PostgreSQL is backed up with its own
tools (pg_dump / pg_restore, see the README); the search index is never backed up: `search_reindex` rebuilds it
from the restored database.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from django.db import connections

from .errors import BackupError

# Pages copied per step: small steps let the site's writers in between.
PAGES_PER_STEP = 1024


def sqlite_path(alias: str = "default") -> Path:
    conn = connections[alias]
    if conn.vendor != "sqlite":
        raise BackupError(
            f"The database is {conn.vendor}, not SQLite: back it up with pg_dump and restore it with pg_restore "
            "(see the README, 'Backup and restore')."
        )
    name = str(conn.settings_dict["NAME"])
    if name in ("", ":memory:") or name.startswith("file:"):
        raise BackupError(f"The SQLite database {name!r} is not a file that can be backed up.")
    return Path(name)


def _check_backup_file(path: Path) -> None:
    """The file must be an intact SQLite database written by this project (it has Django's migration table)."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as src:
            if src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is damaged (SQLite's integrity check failed).")
            migrations = "SELECT 1 FROM sqlite_master WHERE type='table' AND name='django_migrations'"
            if not src.execute(migrations).fetchone():
                raise BackupError(f"{path} is a SQLite file but not a regiojobs database.")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database: {exc}") from exc


def backup_sqlite(target: Path, *, alias: str = "default") -> int:
    """Copy the live database to `target` (a new file) and return its size in bytes."""
    source = sqlite_path(alias)
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(source, timeout=30)) as src, closing(sqlite3.connect(partial)) as dst:
            src.backup(dst, pages=PAGES_PER_STEP)
            # The copy is a plain single-file database (no WAL beside it), ready to be copied anywhere.
            dst.execute("PRAGMA journal_mode=DELETE")
        _check_backup_file(partial)
        partial.rename(target)  # only a complete, checked backup gets the name asked for
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


def restore_sqlite(source: Path, *, alias: str = "default") -> int:
    """Replace the live database's content with the backup at `source`; returns the number of tables restored."""
    _check_backup_file(source)
    target = sqlite_path(alias)
    target.parent.mkdir(parents=True, exist_ok=True)
    connections[alias].close()  # this process's own connection must not hold the old pages
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(target, timeout=30)) as dst,
    ):
        # One backup step over all pages: other connections see the old database or the restored one, never a mix.
        src.backup(dst, pages=-1)
        tables = dst.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
    return int(tables)
