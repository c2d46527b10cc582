"""Rebuild the search index from the database (bulk; on Elasticsearch a new index behind the alias)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.backends.base import get_search_backend
from search.documents import indexable_postings, iter_documents


class Command(BaseCommand):
    help = "Rebuild the search index from the visible postings in the database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (logs, cron).")

    def handle(self, *args: Any, batch_size: int, no_progress: bool, **options: Any) -> None:
        backend = get_search_backend()
        total = indexable_postings().count()
        started = time.perf_counter()
        with tqdm(
            total=total, unit="postings", disable=no_progress or options["verbosity"] < 1, file=self.stderr
        ) as bar:
            n = backend.rebuild(iter_documents(batch_size=batch_size), progress=bar.update)
        seconds = time.perf_counter() - started
        rate = n / seconds if seconds else 0.0
        self.stdout.write(f"Indexed {n} postings in {seconds:.1f} s ({rate:,.0f}/s) with {backend.name}.")
