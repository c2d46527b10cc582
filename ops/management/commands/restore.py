"""manage.py restore FILE: replace the SQLite database with a backup, then rebuild the search index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ops.backup import restore_sqlite, sqlite_path
from ops.errors import BackupError


class Command(BaseCommand):
    help = (
        "Replace the SQLite database with a backup made by `backup`, then rebuild the search index "
        "(PostgreSQL: use pg_restore, see the README)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", type=Path, help="The backup file to restore.")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="Do not ask for confirmation."
        )
        parser.add_argument(
            "--no-reindex", action="store_true", help="Do not rebuild the search index (run search_reindex later)."
        )

    def handle(self, *args: Any, source: Path, interactive: bool, no_reindex: bool, **options: Any) -> None:
        try:
            target = sqlite_path()
            if interactive:
                answer = input(f"This replaces everything in {target} with {source}. Type 'yes' to continue: ")
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled; nothing was changed.")
            tables = restore_sqlite(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {tables} tables from {source} into {target}."))
        if no_reindex:
            self.stdout.write("The search index is stale now: run `manage.py search_reindex`.")
            return
        call_command("search_reindex", "--no-progress", stdout=self.stdout, stderr=self.stderr)
