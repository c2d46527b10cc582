from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from crawlers.models import CrawlRun, CrawlSource
from crawlers.pipeline import crawl_source_by_id


class Command(BaseCommand):
    help = "Crawl sources now, in this process (the runs are finished when the command returns)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--company", help="crawl the enabled sources of this company (slug)")
        parser.add_argument("--source", type=int, action="append", help="crawl this source id (repeatable)")
        parser.add_argument("--all", action="store_true", help="crawl every enabled source")

    def handle(self, *args: Any, **options: Any) -> None:
        sources = CrawlSource.objects.select_related("company")
        if options["source"]:
            sources = sources.filter(pk__in=options["source"])
        elif options["company"]:
            sources = sources.filter(company__slug=options["company"], enabled=True)
        elif options["all"]:
            sources = sources.filter(enabled=True)
        else:
            raise CommandError("Say what to crawl: --company SLUG, --source ID or --all.")
        todo = list(sources.order_by("host", "id"))
        if not todo:
            raise CommandError("No matching sources.")
        runs: list[tuple[CrawlSource, CrawlRun | None]] = []
        for source in tqdm(todo, desc="crawling", unit="source", disable=options["verbosity"] < 1, file=self.stderr):
            runs.append((source, crawl_source_by_id(source.pk)))
        self._summary(runs)

    def _summary(self, runs: list[tuple[CrawlSource, CrawlRun | None]]) -> None:
        header = (
            f"{'source':>6}  {'company':<24} {'outcome':<8} {'found':>5} {'new':>4} {'upd':>4} {'same':>4} "
            f"{'closed':>6} {'pages':>5} {'secs':>6}  first error"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for source, run in runs:
            if run is None:
                self.stdout.write(f"{source.pk:>6}  {source.company.slug[:24]:<24} busy (another worker holds it)")
                continue
            error = run.errors[0]["reason"][:60] if run.errors else ""
            self.stdout.write(
                f"{source.pk:>6}  {source.company.slug[:24]:<24} {run.outcome:<8} {run.found:>5} {run.new:>4} "
                f"{run.updated:>4} {run.unchanged:>4} {run.closed:>6} {run.pages_fetched:>5} {run.duration or 0:>6.1f}"
                f"  {error}"
            )
