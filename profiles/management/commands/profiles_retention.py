from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from profiles.retention import profiles_hide_stale, profiles_remind_stale


class Command(BaseCommand):
    help = (
        "Apply the retention rule of published seeker profiles now (as the daily task does): hide those unchanged "
        "for PROFILES_STALE_DAYS days whose reminder is PROFILES_STALE_REMINDER_DAYS days old, and remind those "
        "due. Safe to rerun."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Run as on this day (YYYY-MM-DD), e.g. to try the rule out.")
        parser.add_argument("--no-progress", action="store_true", help="Print the summary only.")

    def handle(self, *args: Any, today: str | None, no_progress: bool, **options: Any) -> None:
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(f"--today: expected a date as YYYY-MM-DD, not {today!r}") from exc

        def progress(label: str) -> Callable[[int, int], None] | None:
            if no_progress or options["verbosity"] < 1:
                return None

            def say(done: int, total: int) -> None:
                if done in (1, total) or done % 100 == 0:
                    self.stdout.write(f"  {label}: {done}/{total}")

            return say

        hidden = profiles_hide_stale(today=day, progress=progress("hiding"))
        reminded = profiles_remind_stale(today=day, progress=progress("reminding"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Profiles: {hidden} hidden after {settings.PROFILES_STALE_DAYS} days without an update, "
                f"{reminded} reminded."
            )
        )
