"""Compare the search index with the database: postings missing from, stale in, or extra in the index."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from search.indexing import index_update
from search.selectors import index_drift


class Command(BaseCommand):
    help = "Report postings missing from, stale in or extra in the search index; exit 1 on drift."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--fix", action="store_true", help="Repair the drift found (then exit 0 if repaired).")
        parser.add_argument("--show", type=int, default=20, help="How many ids to list per kind.")

    def handle(self, *args: Any, fix: bool, show: int, **options: Any) -> None:
        drift = index_drift()
        self.stdout.write(
            f"Checked {drift.checked} visible postings: {len(drift.missing)} missing, {len(drift.stale)} stale, "
            f"{len(drift.extra)} extra."
        )
        for kind in ("missing", "stale", "extra"):
            ids = getattr(drift, kind)
            if ids:
                more = f" … (+{len(ids) - show})" if len(ids) > show else ""
                self.stdout.write(f"  {kind}: {', '.join(map(str, ids[:show]))}{more}")
        if drift.clean:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
            return
        if fix and index_update([*drift.missing, *drift.stale, *drift.extra]) and index_drift().clean:
            self.stdout.write(self.style.SUCCESS("Repaired."))
            return
        raise CommandError("The search index has drifted from the database (run search_check --fix or search_reindex).")
