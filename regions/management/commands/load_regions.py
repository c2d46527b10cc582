from typing import Any

from django.core.management.base import BaseCommand

from regions.services import regions_load


class Command(BaseCommand):
    help = "Load (or refresh) the Thuringia gazetteer: counties, municipalities, postal localities. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = regions_load(progress=lambda msg: self.stdout.write(f"  loaded {msg}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Gazetteer ready: {summary.counties} counties, {summary.municipalities} municipalities, "
                f"{summary.localities} postal localities."
            )
        )
