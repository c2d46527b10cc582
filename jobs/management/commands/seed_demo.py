from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from jobs.demo import demo_seed
from jobs.models import JobPosting


class Command(BaseCommand):
    help = "Create the demo companies, logins and postings (idempotent; refused in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = demo_seed(progress=lambda msg: self.stdout.write(f"  {msg}"))
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        visible = JobPosting.objects.visible().count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {summary.companies} companies, {summary.postings_total} postings "
                f"({summary.postings_created} new, {visible} visible)."
            )
        )
        self.stdout.write(
            f"Logins: 'operator' (staff) and one owner per company, username = company slug "
            f"(e.g. 'harzer-praezisionsteile'); password: {settings.DEMO_PASSWORD}"
        )
