from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jobs.services import KLDB_FIELDS_CSV, occupational_fields_load


class Command(BaseCommand):
    help = "Load (or refresh) the KldB 2010 occupational areas and fields from a CSV. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path",
            type=Path,
            default=KLDB_FIELDS_CSV,
            help="code,name,area_code,area_name (default: the shipped one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        n = occupational_fields_load(path=options["path"])
        self.stdout.write(self.style.SUCCESS(f"{n} occupational fields loaded."))
