"""The projection of a posting into the index: one plain document both backends store."""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from jobs.models import JobPosting, SalaryPeriod, Workplace

from . import analysis

# Block-level tags separate words; inline tags (<strong>, <a>) do not.
_BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|div|h[1-6]|tr|td|th|table|section|blockquote)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
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
    places: tuple[dict[str, Any], ...]  # name, postal_code, county, lat, lon
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
        }

    @property
    def digest(self) -> str:
        """Changes whenever anything the index holds changes: how search_check spots stale entries."""
        data = asdict(self)
        return hashlib.sha1(json.dumps(data, sort_keys=True, default=str).encode(), usedforsecurity=False).hexdigest()


def html_to_text(value: str) -> str:
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", value or ""))
    return _SPACE.sub(" ", html.unescape(text)).strip()[:MAX_BODY_CHARS]


def _salary_month(p: JobPosting) -> float | None:
    amount = p.salary_max if p.salary_max is not None else p.salary_min
    if amount is None:
        return None
    factor = _PER_MONTH.get(p.salary_period, Decimal(1))  # type: ignore[call-overload]
    return float(round(Decimal(amount) * factor, 2))


def document_of(p: JobPosting) -> IndexDocument:
    places = []
    for w in p.workplaces.all():
        m = w.municipality
        places.append(
            {
                "name": m.short_name,
                "postal_code": w.postal_code or (m.postal_code_list[0] if m.postal_code_list else ""),
                "county": m.county_id,
                "lat": m.lat,
                "lon": m.lon,
            }
        )
    return IndexDocument(
        id=p.pk,
        title=p.title,
        title_search=analysis.title_searchable(p.title),
        body=html_to_text(p.description),
        company_id=p.company_id,
        company_slug=p.company.slug,
        company_name=p.company.name,
        networks=tuple(sorted(n.slug for n in p.company.networks.all())),
        counties=tuple(sorted({pl["county"] for pl in places})),
        places=tuple(places),
        field=p.field_id or "",
        field_name=p.field.name if p.field else "",
        area=p.field.area_id if p.field else "",
        employment_types=tuple(p.employment_types or ()),
        offer_type=p.offer_type,
        contract=p.contract,
        remote=p.remote,
        salary_month=_salary_month(p),
        date_posted=p.date_posted,
        expires_on=p.expires_on,
    )


def indexable_postings(today: datetime.date | None = None) -> QuerySet[JobPosting]:
    """The postings the index must hold: exactly the visible ones."""
    return JobPosting.objects.visible(today)


def _with_relations(qs: QuerySet[JobPosting]) -> QuerySet[JobPosting]:
    return qs.select_related("company", "field").prefetch_related(
        Prefetch("workplaces", queryset=Workplace.objects.select_related("municipality")),
        "company__networks",
    )


def documents_for(ids: Iterable[int], today: datetime.date | None = None) -> tuple[list[IndexDocument], list[int]]:
    """Documents for the visible postings among `ids`, and the ids that must leave the index."""
    wanted = sorted(set(ids))
    docs: list[IndexDocument] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        docs.extend(document_of(p) for p in _with_relations(indexable_postings(today).filter(pk__in=chunk)))
    present = {d.id for d in docs}
    return docs, [i for i in wanted if i not in present]


def iter_documents(batch_size: int = 2000, today: datetime.date | None = None) -> Iterator[list[IndexDocument]]:
    """Every visible posting as documents, in batches by id (keyset pagination: steady memory)."""
    last = 0
    qs = indexable_postings(today).order_by("pk")
    while True:
        batch = list(_with_relations(qs.filter(pk__gt=last))[:batch_size])
        if not batch:
            return
        yield [document_of(p) for p in batch]
        last = batch[-1].pk
