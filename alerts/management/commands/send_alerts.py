from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alerts import digest


class Command(BaseCommand):
    help = "Send the job-alert digests that are due (what the hourly beat task does)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="Send what is due as if it were the send hour (ALERTS_SEND_HOUR)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = digest.run(force=options["now"])
        self.stdout.write(summary.line())
