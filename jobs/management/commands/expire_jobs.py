from typing import Any

from django.core.management.base import BaseCommand

from jobs.services import jobs_expire


class Command(BaseCommand):
    help = "Mark published postings past their valid-through date (or the default validity) as expired."

    def handle(self, *args: Any, **options: Any) -> None:
        n = jobs_expire()
        self.stdout.write(self.style.SUCCESS(f"{n} posting(s) expired."))
