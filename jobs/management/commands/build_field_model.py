"""Build the field suggester's model into var/cache ahead of the first request (e.g. in a deploy step), so no web or
worker process pays the build; a current model is only loaded.

    manage.py build_field_model
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from jobs.field_suggest import model_path, suggester


class Command(BaseCommand):
    help = "Build the field suggester's model into the cache under var/ (a current one is only loaded)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        suggester.cache_clear()
        suggester()
        path = model_path()
        where = path.name if path and path.exists() else "in memory only (no writable var/ dir)"
        self.stdout.write(self.style.SUCCESS(f"Field model {where}, ready in {time.perf_counter() - started:.1f} s"))
