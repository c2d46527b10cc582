import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from jobs.demo import demo_seed
from jobs.models import JobPosting
from profiles.demo import demo_seekers_seed
from search.indexing import (
    index_update_enqueue,
    index_updates_deferred,
    profile_index_update_enqueue,
    profile_index_updates_deferred,
)


class Command(BaseCommand):
    help = "Create the demo companies, logins, postings and job seekers (idempotent; refused in production)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Leave the search index alone (run search_reindex afterwards, as `make run` does).",
        )

    def handle(self, *args: Any, no_index: bool, **options: Any) -> None:
        verbose = options["verbosity"] > 1
        progress = (lambda msg: self.stdout.write(f"  {msg}")) if verbose else None
        try:
            # The seed writes hundreds of postings and profiles: index them in one update each at the end, not one
            # by one (the outbox holds them either way).
            with index_updates_deferred() as changed_ids, profile_index_updates_deferred() as changed_profiles:
                summary = demo_seed(progress=progress)
                started = time.monotonic()
                seekers = demo_seekers_seed(progress=progress)
                seconds = time.monotonic() - started
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if not no_index:
            index_update_enqueue(sorted(changed_ids))
            profile_index_update_enqueue(sorted(changed_profiles))
        visible = JobPosting.objects.visible().count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {summary.companies} companies, {summary.postings_total} postings "
                f"({summary.postings_created} new, {visible} visible)."
            )
        )
        self.stdout.write(
            f"Job seekers: {seekers.seekers} ({seekers.created} new in {seconds:.1f} s, {seekers.findable} findable)."
        )
        self.stdout.write(
            f"Logins: 'operator' (staff) and one owner per company, username = company slug "
            f"(e.g. 'harzer-praezisionsteile'), job seekers 'seeker-1' … 'seeker-{seekers.seekers}'; "
            f"password: {settings.DEMO_PASSWORD}"
        )
