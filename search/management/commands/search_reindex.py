"""Rebuild the search index from the database: the postings and the seeker profiles (each kind aside, then swapped
on Elasticsearch; --only one kind)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.backends.base import get_search_backend
from search.documents import indexable_postings, iter_documents
from search.profile_documents import indexable_profiles, iter_profile_documents

KINDS = ("postings", "profiles")


class Command(BaseCommand):
    help = "Rebuild the search index from the visible postings and the findable profiles in the database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (logs, cron).")
        parser.add_argument("--only", choices=KINDS, help="Rebuild one kind only (default: both).")

    def handle(self, *args: Any, batch_size: int, no_progress: bool, only: str | None, **options: Any) -> None:
        backend = get_search_backend()
        quiet = no_progress or options["verbosity"] < 1
        for kind in KINDS if only is None else (only,):
            started = time.perf_counter()
            if kind == "postings":
                total = indexable_postings().count()
                with tqdm(total=total, unit=kind, disable=quiet, file=self.stderr) as bar:
                    n = backend.rebuild(iter_documents(batch_size=batch_size), progress=bar.update)
            else:
                total = indexable_profiles().count()
                with tqdm(total=total, unit=kind, disable=quiet, file=self.stderr) as bar:
                    n = backend.rebuild_profiles(iter_profile_documents(batch_size=batch_size), progress=bar.update)
            seconds = time.perf_counter() - started
            rate = n / seconds if seconds else 0.0
            self.stdout.write(f"Indexed {n} {kind} in {seconds:.1f} s ({rate:,.0f}/s) with {backend.name}.")
