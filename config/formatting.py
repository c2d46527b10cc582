"""How values are shown to people, once for every page that shows them (admin, operator pages, e-mails)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext


def local_datetime(value: datetime.datetime) -> str:
    """A moment in the site's time zone (Europe/Berlin), in the active language's short format: never UTC."""
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def status_counts(counts: Mapping[str, int]) -> list[str]:
    """HTTP status counts as a crawl recorded them ({"200": 7, "404": 1}), one readable line each, by status:
    ["HTTP 200: 7×", "HTTP 404: 1×"]."""
    return [
        gettext("HTTP %(status)s: %(n)d×") % {"status": status, "n": n}
        for status, n in sorted(counts.items(), key=lambda item: str(item[0]).zfill(3))
    ]
