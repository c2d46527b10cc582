"""manage.py backup FILE: a consistent copy of the SQLite database while the site runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ops.backup import backup_sqlite
from ops.errors import BackupError


class Command(BaseCommand):
    help = "Back up the SQLite database to a new file (online; PostgreSQL: use pg_dump, see the README)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("target", type=Path, help="The backup file to write (must not exist).")

    def handle(self, *args: Any, target: Path, **options: Any) -> None:
        try:
            size = backup_sqlite(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backed up the database to {target} ({size:,} bytes)."))
