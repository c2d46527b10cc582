"""The projection of a posting into the index: one plain document both backends store."""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import QuerySet

from companies.models import Company
from jobs.models import JobPosting, OccupationalField, SalaryPeriod, Workplace

from . import analysis

# Block-level tags separate words; inline tags (<strong>, <a>) do not. (Descriptions are sanitized: lower-case tags.)
_BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|div|h[1-6]|tr|td|th|table|section|blockquote)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")
MAX_BODY_CHARS = 20_000
EMPLOYMENT_BITS = {"full_time": 1, "part_time": 2, "mini_job": 4, "shift": 8}
# A rough month: 40 h × 52 weeks / 12, so hourly and yearly pay compare with monthly pay.
_PER_MONTH = {SalaryPeriod.HOUR: Decimal("173.33"), SalaryPeriod.YEAR: Decimal(1) / Decimal(12)}


@dataclass(frozen=True)
class IndexDocument:
    id: int
    title: str  # as posted, with "(m/w/d)"
    title_search: str  # without the gender marker
    body: str  # plain text of the description
    company_id: int
    company_slug: str
    company_name: str
    networks: tuple[str, ...]  # slugs
    counties: tuple[str, ...]
    places: tuple[dict[str, Any], ...]  # municipality (AGS), name, postal_code, county, lat, lon
    field: str  # "" when unclassified
    field_name: str
    area: str
    employment_types: tuple[str, ...]
    offer_type: str
    contract: str
    remote: str
    salary_month: float | None
    date_posted: datetime.date
    expires_on: datetime.date
    starts_on: datetime.date | None = None  # when the work begins, if the posting names a date

    @property
    def employment_bits(self) -> int:
        return sum(EMPLOYMENT_BITS.get(t, 0) for t in self.employment_types)

    def display(self) -> dict[str, Any]:
        """What a hit shows, stored with the document so a search needs no database read."""
        return {
            "title": self.title,
            "company": {"id": self.company_id, "slug": self.company_slug, "name": self.company_name},
            "places": [dict(p) for p in self.places],
            "field": {"code": self.field, "name": self.field_name} if self.field else None,
            "employment_types": list(self.employment_types),
            "date_posted": self.date_posted.isoformat(),
            # Only when there is one: documents without it stay as they were (and keep their digest).
            **({"starts_on": self.starts_on.isoformat()} if self.starts_on is not None else {}),
        }

    @cached_property
    def display_json(self) -> str:
        return json.dumps(self.display(), ensure_ascii=False)

    @cached_property
    def digest(self) -> str:
        """Changes whenever anything the index holds changes: how search_check spots stale entries."""
        rest = (self.networks, self.counties, self.area, self.offer_type, self.contract, self.remote,
                self.salary_month, self.expires_on, self.title_search)  # fmt: skip
        text = f"{self.display_json}\x00{self.body}\x00{rest!r}"
        return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def html_to_text(value: str) -> str:
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", value or ""))
    # split/join rather than re.sub(r"\s+", " ", …).strip(): the same (both split at str.isspace()), 3× faster.
    return " ".join(html.unescape(text).split())[:MAX_BODY_CHARS]


def _salary_month(amount_min: Any, amount_max: Any, period: str) -> float | None:
    amount = amount_max if amount_max is not None else amount_min
    if amount is None:
        return None
    factor = _PER_MONTH.get(period, Decimal(1))  # type: ignore[call-overload]
    return float(round(Decimal(amount) * factor, 2))


_POSTING_COLUMNS = (
    "id", "title", "description", "company_id", "field_id", "employment_types", "offer_type", "contract", "remote",
    "salary_min", "salary_max", "salary_period", "date_posted", "expires_on", "starts_on",
)  # fmt: skip


def _id_filter(field: str, ids: Sequence[int]) -> dict[str, Any]:
    """Filter arguments for the rows of `ids`: a range when the ids are dense, else an IN list.

    A range may match rows of other ids too (at most about as many again); callers keep the ones they want. An IN
    list of 2,000 ids costs Django and SQLite 10–20 ms a batch, a range next to nothing.
    """
    lo, hi = min(ids), max(ids)
    if hi - lo < 2 * len(ids):
        return {f"{field}__gte": lo, f"{field}__lte": hi}
    return {f"{field}__in": ids}


def _documents(rows: list[tuple[Any, ...]]) -> list[IndexDocument]:
    """Documents for posting rows (values of _POSTING_COLUMNS), with a few set-wise queries for the relations.

    Plain values rather than model instances: building documents is most of a reindex, and this is ~5× faster.
    """
    if not rows:
        return []
    ids = [r[0] for r in rows]
    places: dict[int, list[dict[str, Any]]] = defaultdict(list)
    # A range may also return other postings' workplaces: only those of `ids` are looked up below.
    workplaces = (
        Workplace.objects.filter(**_id_filter("posting_id", ids))
        .order_by("id")
        .values_list("posting_id", "postal_code", "municipality_id", "municipality__name",
                     "municipality__county_id", "municipality__lat", "municipality__lon",
                     "municipality__postal_codes")
    )  # fmt: skip
    for posting_id, postal_code, ags, name, county, lat, lon, codes in workplaces:
        places[posting_id].append(
            {
                "municipality": ags,
                "name": name.split("/")[0],
                "postal_code": postal_code or (codes.split()[0] if codes else ""),
                "county": county,
                "lat": lat,
                "lon": lon,
            }
        )
    company_ids = {r[3] for r in rows}
    companies = {pk: (slug, name) for pk, slug, name in
                 Company.objects.filter(pk__in=company_ids).values_list("pk", "slug", "name")}  # fmt: skip
    networks: dict[int, list[str]] = defaultdict(list)
    for company_id, slug in Company.networks.through.objects.filter(company_id__in=company_ids).values_list(
        "company_id", "network__slug"
    ):
        networks[company_id].append(slug)
    fields = _fields()
    docs = []
    for (pk, title, description, company_id, field_id, employment_types, offer_type, contract, remote, smin, smax,
         period, date_posted, expires_on, starts_on) in rows:  # fmt: skip
        field_name, area = fields.get(field_id or "", ("", ""))
        own = places.get(pk, [])
        docs.append(
            IndexDocument(
                id=pk,
                title=title,
                title_search=analysis.title_searchable(title),
                body=html_to_text(description),
                company_id=company_id,
                company_slug=companies[company_id][0],
                company_name=companies[company_id][1],
                networks=tuple(sorted(networks.get(company_id, ()))),
                counties=tuple(sorted({p["county"] for p in own})),
                places=tuple(own),
                field=field_id or "",
                field_name=field_name,
                area=area,
                employment_types=tuple(employment_types or ()),
                offer_type=offer_type,
                contract=contract,
                remote=remote,
                salary_month=_salary_month(smin, smax, period),
                date_posted=date_posted,
                expires_on=expires_on,
                starts_on=starts_on,
            )
        )
    return docs


def _fields() -> dict[str, tuple[str, str]]:
    return {code: (name, area) for code, name, area in OccupationalField.objects.values_list("code", "name", "area_id")}


def indexable_postings(today: datetime.date | None = None) -> QuerySet[JobPosting]:
    """The postings the index must hold: exactly the visible ones."""
    return JobPosting.objects.visible(today)


def documents_for(ids: Iterable[int], today: datetime.date | None = None) -> tuple[list[IndexDocument], list[int]]:
    """Documents for the visible postings among `ids`, and the ids that must leave the index."""
    wanted = sorted(set(ids))
    docs: list[IndexDocument] = []
    for start in range(0, len(wanted), 2000):
        chunk = wanted[start : start + 2000]
        docs.extend(_documents(list(indexable_postings(today).filter(pk__in=chunk).values_list(*_POSTING_COLUMNS))))
    present = {d.id for d in docs}
    return docs, [i for i in wanted if i not in present]


def iter_documents(batch_size: int = 2000, today: datetime.date | None = None) -> Iterator[list[IndexDocument]]:
    """Every visible posting as documents, in batches of ids in order.

    The visible ids come first, in one query; each batch then reads its postings by primary key. The visibility
    filter is not repeated per batch: with it, SQLite walks the whole status/expiry index for every batch (it
    prefers that index to the id range), which made reading the postings a tenth of a reindex.
    """
    ids = list(indexable_postings(today).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        wanted = set(chunk)
        qs = JobPosting.objects.filter(**_id_filter("pk", chunk)).order_by("pk").values_list(*_POSTING_COLUMNS)
        rows = [r for r in qs if r[0] in wanted]
        if rows:
            yield _documents(rows)
