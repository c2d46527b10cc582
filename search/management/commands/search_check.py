"""Compare the search index with the database: postings and profiles missing from, stale in, or extra in it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from search.indexing import index_update, profile_index_update
from search.selectors import IndexDrift, index_drift, profile_index_drift

KINDS = ("postings", "profiles")
# Per kind: what the database must have in the index, how the drift is found, and how it is repaired.
_CHECKS: dict[str, tuple[str, Any, Any]] = {
    "postings": ("visible postings", index_drift, index_update),
    "profiles": ("findable profiles", profile_index_drift, profile_index_update),
}


class Command(BaseCommand):
    help = "Report postings and profiles missing from, stale in or extra in the search index; exit 1 on drift."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--fix", action="store_true", help="Repair the drift found (then exit 0 if repaired).")
        parser.add_argument("--show", type=int, default=20, help="How many ids to list per kind.")
        parser.add_argument("--only", choices=KINDS, help="Check one kind only (default: both).")

    def handle(self, *args: Any, fix: bool, show: int, only: str | None, **options: Any) -> None:
        drifted = []
        for kind in KINDS if only is None else (only,):
            label, find, repair = _CHECKS[kind]
            drift: IndexDrift = find()
            self.stdout.write(
                f"Checked {drift.checked} {label}: {len(drift.missing)} missing, {len(drift.stale)} stale, "
                f"{len(drift.extra)} extra."
            )
            for what in ("missing", "stale", "extra"):
                ids = getattr(drift, what)
                if ids:
                    more = f" … (+{len(ids) - show})" if len(ids) > show else ""
                    self.stdout.write(f"  {what}: {', '.join(map(str, ids[:show]))}{more}")
            if drift.clean:
                continue
            if fix and repair([*drift.missing, *drift.stale, *drift.extra]) and find().clean:
                self.stdout.write(self.style.SUCCESS("Repaired."))
                continue
            drifted.append(kind)
        if drifted:
            raise CommandError(
                f"The search index has drifted from the database ({', '.join(drifted)}; "
                "run search_check --fix or search_reindex)."
            )
        self.stdout.write(self.style.SUCCESS("The index matches the database."))
