from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from config.celery_app import app


class Command(BaseCommand):
    help = "Register the periodic tasks (crawling, expiry, index reconciliation) with django-celery-beat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--crawl-every-minutes", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        app.loader.import_default_modules()  # registers every app's tasks, so we can tell which exist
        every, _ = IntervalSchedule.objects.get_or_create(
            every=options["crawl_every_minutes"], period=IntervalSchedule.MINUTES
        )
        nightly, _ = CrontabSchedule.objects.get_or_create(
            minute="15", hour="3", day_of_week="*", day_of_month="*", month_of_year="*"
        )
        hourly, _ = CrontabSchedule.objects.get_or_create(
            minute="40", hour="*", day_of_week="*", day_of_month="*", month_of_year="*"
        )
        wanted = [
            ("Crawl due sources", ["crawlers.crawl_due"], {"interval": every, "crontab": None}),
            ("Expire postings", ["jobs.expire_postings"], {"crontab": nightly, "interval": None}),
            # The search app names its task one of these; register whichever exists.
            (
                "Reconcile search index",
                ["search.reconcile_index", "search.reconcile"],
                {"crontab": hourly, "interval": None},
            ),
        ]
        for name, candidates, schedule in wanted:
            task = next((t for t in candidates if t in app.tasks), None)
            if task is None:
                self.stdout.write(self.style.WARNING(f"skipped {name}: none of {', '.join(candidates)} exists"))
                continue
            PeriodicTask.objects.update_or_create(name=name, defaults={"task": task, "enabled": True, **schedule})
            self.stdout.write(self.style.SUCCESS(f"registered {name} ({task})"))
