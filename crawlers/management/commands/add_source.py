from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from companies.models import Company
from crawlers.models import Kind
from crawlers.pipeline import source_add


class Command(BaseCommand):
    help = "Register a career page or feed of a company for crawling."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("company_slug")
        parser.add_argument("url")
        parser.add_argument("--kind", default=Kind.AUTO, choices=Kind.values)
        parser.add_argument("--selectors", default="", help='JSON, e.g. {"item": "li.job", "title": "a"}')
        parser.add_argument("--interval-hours", type=float, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        company = Company.objects.filter(slug=options["company_slug"]).first()
        if company is None:
            raise CommandError(f"No company with slug {options['company_slug']!r}.")
        try:
            selectors = json.loads(options["selectors"]) if options["selectors"] else {}
        except ValueError as exc:
            raise CommandError(f"--selectors is not JSON: {exc}") from exc
        hours = options["interval_hours"]
        try:
            source = source_add(
                company=company,
                url=options["url"],
                kind=options["kind"],
                selectors=selectors,
                interval=datetime.timedelta(hours=hours) if hours else None,
                by_operator=True,  # whoever runs manage.py is the operator
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Source {source.pk}: {source.company.slug} {source.url} ({source.kind})"))
