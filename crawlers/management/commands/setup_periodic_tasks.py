from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from config.celery_app import app


class Command(BaseCommand):
    help = (
        "Register the periodic tasks (crawling, lost-worker cleanup, expiry of postings and contact requests, index "
        "outbox and reconciliation, audit purge, retention of seeker profiles, job-alert digests) with "
        "django-celery-beat."
    )

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
        # In the morning, so the reminders arrive at a time people read mail.
        daily, _ = CrontabSchedule.objects.get_or_create(
            minute="30", hour="8", day_of_week="*", day_of_month="*", month_of_year="*"
        )
        # On the hour: from the send hour on (ALERTS_SEND_HOUR) the digests go out at once.
        hourly_alerts, _ = CrontabSchedule.objects.get_or_create(
            minute="0", hour="*", day_of_week="*", day_of_month="*", month_of_year="*"
        )
        minutely, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.MINUTES)
        reap, _ = IntervalSchedule.objects.get_or_create(
            every=settings.CRAWLER_REAP_EVERY_SECONDS, period=IntervalSchedule.SECONDS
        )
        # The one registry of the project's periodic work (beat's DatabaseScheduler runs it; edit it in the admin).
        wanted = [
            ("Crawl due sources", "crawlers.crawl_due", {"interval": every, "crontab": None}),
            ("Close crawl runs whose worker was lost", "crawlers.reap_orphans", {"interval": reap, "crontab": None}),
            ("Expire postings", "jobs.expire_postings", {"crontab": nightly, "interval": None}),
            ("Drain the search-index outbox", "search.drain_outbox", {"interval": minutely, "crontab": None}),
            ("Reconcile search index", "search.reconcile", {"crontab": hourly, "interval": None}),
            ("Purge old audit entries", "audit.purge", {"crontab": nightly, "interval": None}),
            ("Hide stale seeker profiles", "profiles.retention", {"crontab": daily, "interval": None}),
            ("Send job-alert digests", "alerts.send_digests", {"crontab": hourly_alerts, "interval": None}),
            ("Remove unconfirmed job alerts", "alerts.purge_unconfirmed", {"crontab": hourly, "interval": None}),
            ("Delete expired API tokens", "accounts.purge_expired_tokens", {"crontab": nightly, "interval": None}),
            (
                "Expire unanswered contact requests",
                "profiles.expire_contact_requests",
                {"crontab": nightly, "interval": None},
            ),
        ]
        # Replaced by the outbox drain (every minute instead of every few minutes).
        PeriodicTask.objects.filter(name="Retry failed search-index updates").delete()
        for name, task, schedule in wanted:
            if task not in app.tasks:
                raise CommandError(f"task {task} is not registered; is its app installed?")
            PeriodicTask.objects.update_or_create(name=name, defaults={"task": task, "enabled": True, **schedule})
            self.stdout.write(self.style.SUCCESS(f"registered {name} ({task})"))
