"""Writes of the operator's desk: the operator role, reports of postings, searches without results, unresolved places.

None of these records a person: a report keeps what was wrong, not who said so; a missed search keeps its normalized
words, not who searched or from where; an unresolved place keeps the place as a company's source gave it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs import services as job_services
from jobs.models import JobPosting

from .models import PostingReport, ReportReason, ReportResolution, SearchMiss, UnresolvedPlace
from .roles import OPERATOR_GROUP, OPERATOR_PERMISSIONS

REPORT_TEXT_MAX = 1000
SEARCH_TERM_MAX = 100
SEARCH_WORDS_MAX = 6
PLACE_TEXT_MAX = 200
# Words of a query that may identify a person are not recorded: e-mail addresses and long numbers (phone numbers).
_PERSONAL_WORD = re.compile(r"@|\d{5,}")
_WORD = re.compile(r"[\w+#.-]+")


def operator_group_sync(*, using: str = "default") -> Group:
    """Create the operator group and give it exactly OPERATOR_PERMISSIONS (those that exist). Idempotent."""
    group, _created = Group.objects.using(using).get_or_create(name=OPERATOR_GROUP)
    wanted = Q(pk__in=[])
    for app_label, codename in OPERATOR_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(list(Permission.objects.using(using).filter(wanted)))
    return group


def operator_make(*, user: Any) -> Any:
    """Make a user a regional manager: staff (to use the admin), member of the operator group, not superuser."""
    user.is_staff = True
    user.is_superuser = False
    user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.add(operator_group_sync())
    return user


# --- Reports -------------------------------------------------------------------------------------------------------


def report_create(*, posting: JobPosting, reason: str, text: str = "") -> PostingReport:
    """A visitor reports a public posting. Only visible postings can be reported."""
    errors: dict[str, list[str]] = {}
    if reason not in ReportReason.values:
        errors["reason"] = [_("Choose a reason.")]
    text = (text or "").strip()
    if len(text) > REPORT_TEXT_MAX:
        errors["text"] = [_("At most %(max)d characters, please.") % {"max": REPORT_TEXT_MAX}]
    if not posting.is_visible:
        errors["posting"] = [_("This posting is no longer public.")]
    if errors:
        raise ValidationError(errors)
    return PostingReport.objects.create(posting=posting, reason=reason, text=text)


def reports_dismiss(*, posting: JobPosting, by: Any) -> int:
    """The operator found nothing wrong: every open report of the posting is closed. Returns how many."""
    return (
        PostingReport.objects.open()
        .filter(posting=posting)
        .update(resolved_at=timezone.now(), resolution=ReportResolution.DISMISSED, resolved_by=by)
    )


def reported_posting_reject(*, posting: JobPosting, reason: str, by: Any) -> JobPosting:
    """The operator rejects a reported posting (with the reason its company sees); its open reports are closed."""
    with transaction.atomic():
        job_services.job_reject(job=posting, reason=reason, by=by)
        PostingReport.objects.open().filter(posting=posting).update(
            resolved_at=timezone.now(), resolution=ReportResolution.POSTING_REJECTED, resolved_by=by
        )
    return posting


# --- Searches without results ---------------------------------------------------------------------------------------


def search_term_normalize(q: str) -> str:
    """The words of a query as recorded: lower case, at most a few words, without anything that looks personal
    (e-mail addresses, phone numbers). Empty when nothing is left."""
    kept = " ".join(w for w in q.casefold().split() if not _PERSONAL_WORD.search(w))
    words = [w.strip(".-") for w in _WORD.findall(kept)]
    words = [w for w in words if w]
    return " ".join(words[:SEARCH_WORDS_MAX])[:SEARCH_TERM_MAX].strip()


def search_miss_record(*, q: str, day: datetime.date | None = None) -> None:
    """Count one search for `q` that found nothing today (one row per words and day, counted up in the database)."""
    term = search_term_normalize(q)
    if not term:
        return
    day = day or timezone.localdate()
    with transaction.atomic():
        updated = SearchMiss.objects.filter(term=term, day=day).update(count=F("count") + 1)
        if not updated:
            _row, created = SearchMiss.objects.get_or_create(term=term, day=day, defaults={"count": 1})
            if not created:  # another request created it meanwhile
                SearchMiss.objects.filter(term=term, day=day).update(count=F("count") + 1)


# --- Places the crawler could not resolve ---------------------------------------------------------------------------


def unresolved_places_record(*, source: Any, counts: Mapping[str, int]) -> None:
    """Count the places a crawl of `source` could not map to the gazetteer ({place text: times in this run})."""
    now = timezone.now()
    for text, n in counts.items():
        text = " ".join(text.split())[:PLACE_TEXT_MAX]
        if not text or n <= 0:
            continue
        updated = UnresolvedPlace.objects.filter(source=source, text=text).update(count=F("count") + n, last_seen=now)
        if not updated:
            UnresolvedPlace.objects.create(source=source, text=text, count=n, first_seen=now, last_seen=now)
