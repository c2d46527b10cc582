"""The projection of a posting into the index: one plain document both backends store."""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import re
from collections import Counter, defaultdict
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
    # The salary as posted: {"min", "max", "currency", "period"} (amounts as numbers or null), or None.
    salary: dict[str, Any] | None = None
    # Where a snippet without search words starts in `body`: after leading paragraphs the company's postings share.
    lead: int = 0
    # `body` split in two: the sentences most of the company's postings repeat (its standard introduction,
    # benefits, closing), which rank below the rest, and the rest (what this posting says that the others do not).
    own_text: str = ""
    boilerplate: str = ""

    @cached_property
    def value_text(self) -> str:
        """The words that name this posting's structured values (VALUE_WORDS), as text to index with its own."""
        return " ".join(
            word
            for (attr, value), word in VALUE_WORDS.items()
            if value == getattr(self, attr) or value in (getattr(self, attr) if attr == "employment_types" else ())
        )

    @property
    def search_text(self) -> str:
        """What the description ranks by (own text and the value words)."""
        return f"{self.own_text} {self.value_text}" if self.value_text else self.own_text

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
            "salary": dict(self.salary) if self.salary else None,
            "lead": self.lead,
        }

    @cached_property
    def display_json(self) -> str:
        return json.dumps(self.display(), ensure_ascii=False)

    @cached_property
    def digest(self) -> str:
        """Changes whenever anything the index holds changes: how search_check spots stale entries."""
        rest = (self.networks, self.counties, self.area, self.offer_type, self.contract, self.remote,
                self.salary_month, self.expires_on, self.title_search, self.boilerplate)  # fmt: skip
        text = f"{self.display_json}\x00{self.body}\x00{rest!r}"
        return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


# Words that name a structured value: a posting that has the value is found by the word (and its synonyms) as if
# its text said it, and one whose text says it still is too. Indexed with the posting's own text by both backends
# (IndexDocument.value_text), so "Teilzeit" finds what the part-time filter counts.
VALUE_WORDS: dict[tuple[str, str], str] = {
    ("employment_types", "full_time"): "Vollzeit",
    ("employment_types", "part_time"): "Teilzeit",
    ("employment_types", "mini_job"): "Minijob",
    ("employment_types", "shift"): "Schicht",
    ("remote", "hybrid"): "Homeoffice",
    ("remote", "full"): "Homeoffice remote",
    ("offer_type", "apprenticeship"): "Ausbildung",
    ("offer_type", "internship"): "Praktikum",
    ("contract", "fixed_term"): "befristet",
    ("contract", "permanent"): "unbefristet",
}


def html_to_text(value: str) -> str:
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", value or ""))
    # split/join rather than re.sub(r"\s+", " ", …).strip(): the same (both split at str.isspace()), 3× faster.
    return " ".join(html.unescape(text).split())[:MAX_BODY_CHARS]


def _salary(amount_min: Any, amount_max: Any, currency: str, period: str) -> dict[str, Any] | None:
    if amount_min is None and amount_max is None:
        return None
    return {
        "min": None if amount_min is None else float(amount_min),
        "max": None if amount_max is None else float(amount_max),
        "currency": currency or "EUR",
        "period": period or None,
    }


# ---- the snippet without search words: not the company's boilerplate ---------------------------------------------
# A company often opens every posting with the same paragraph about itself; a list of its postings would show that
# sentence on every card. The leading paragraphs (at most LEAD_BLOCKS, each of LEAD_MIN_CHARS or more: not headings)
# that two or more of the company's visible postings share are skipped. Paragraphs are compared by their first
# LEAD_KEY_CHARS characters (an intro that only ends with the job title counts as shared), read with the sentences
# (CompanyTexts). A posting indexed before its company's
# next one shared its intro is brought up to date by the reconciliation (its document's digest differs).
LEAD_BLOCKS = 3
LEAD_KEY_CHARS = 120
LEAD_MIN_CHARS = 60


def text_blocks(value: str) -> list[str]:
    """The description's blocks (paragraphs, headings, list items) as plain text; joined by spaces they are
    html_to_text's text."""
    out = []
    for piece in _BLOCK_TAG.split(value or ""):
        text = " ".join(html.unescape(_TAG.sub("", piece)).split())
        if text:
            out.append(text)
    return out


def _lead_keys(blocks: list[str]) -> list[str]:
    return [b[:LEAD_KEY_CHARS] for b in blocks[:LEAD_BLOCKS]]


# ---- boilerplate: what a company repeats in most of its postings --------------------------------------------------
# A company's standard introduction, benefits and closing match many searches ("Pflege unserer Kunden") that the
# posting is not about. A sentence (of BOILERPLATE_MIN_CHARS or more: not a heading) that at least two of the
# company's visible postings have, and at least half of them, is boilerplate wherever it stands: it ranks below the
# posting's own text. Sentences are compared folded; the company's postings are read once per reindex (CompanyTexts).
BOILERPLATE_MIN_CHARS = 40
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(blocks: Iterable[str]) -> list[str]:
    """The sentences of a description's blocks (a block without a full stop is one sentence)."""
    return [sentence for block in blocks for sentence in _SENTENCE_END.split(block) if sentence]


def _sentence_key(sentence: str) -> int | None:
    if len(sentence) < BOILERPLATE_MIN_CHARS:
        return None
    # A stable hash (not hash(), which differs per process): boilerplate_signature is compared across processes.
    return int.from_bytes(hashlib.blake2b(analysis.fold_key(sentence).encode(), digest_size=8).digest(), "big")


class CompanyTexts:
    """Per company: the leading paragraphs and the sentences its visible postings share, read for each company
    once (a reindex keeps one of these for all its batches: a company's postings are spread over them)."""

    def __init__(self, today: datetime.date | None = None):
        self.today = today
        self.leads: dict[int, set[str]] = {}
        self._sentences: dict[int, Counter[int]] = {}
        self._postings: dict[int, int] = {}

    def load(self, company_ids: set[int]) -> None:
        missing = company_ids - self._postings.keys()
        if not missing:
            return
        leads: dict[int, Counter[str]] = defaultdict(Counter)
        for company_id in missing:
            self._postings[company_id] = 0
            self._sentences[company_id] = Counter()
        rows = indexable_postings(self.today).filter(company_id__in=missing).values_list("company_id", "description")
        for company_id, description in rows.iterator(chunk_size=2000):
            blocks = text_blocks(description)
            self._postings[company_id] += 1
            leads[company_id].update(set(_lead_keys(blocks)))
            keys = {k for k in map(_sentence_key, sentences(blocks)) if k is not None}
            self._sentences[company_id].update(keys)
        for company_id in missing:
            self.leads[company_id] = {k for k, n in leads[company_id].items() if n > 1}

    def _repeated(self, company_id: int, n: int) -> bool:
        return n >= 2 and 2 * n >= self._postings.get(company_id, 0)

    def boilerplate_signature(self, company_id: int) -> str:
        """What the company's boilerplate is now, in short: when it changes, its other postings rank differently."""
        counts = self._sentences.get(company_id) or Counter()
        keys = sorted(k for k, n in counts.items() if self._repeated(company_id, n))
        return hashlib.blake2b(repr(keys).encode(), digest_size=12).hexdigest()

    def split(self, company_id: int, blocks: list[str]) -> tuple[str, str]:
        """The description's own text and its boilerplate (sentences most of the company's postings repeat)."""
        counts, postings = self._sentences.get(company_id), self._postings.get(company_id, 0)
        if not counts or postings < 2:
            return " ".join(blocks)[:MAX_BODY_CHARS], ""
        own: list[str] = []
        repeated: list[str] = []
        for sentence in sentences(blocks):
            key = _sentence_key(sentence)
            n = counts[key] if key is not None else 0
            (repeated if self._repeated(company_id, n) else own).append(sentence)
        return " ".join(own)[:MAX_BODY_CHARS], " ".join(repeated)[:MAX_BODY_CHARS]


def lead_offset(body: str, blocks: list[str], shared: set[str]) -> int:
    """Where the first leading block that is not shared starts in `body` (0: at the start)."""
    skip = 0
    for key in _lead_keys(blocks):
        # Only paragraphs are skipped: a shared heading ("Ihre Aufgaben") starts what the posting is about.
        if key not in shared or len(key) < LEAD_MIN_CHARS:
            break
        skip += 1
    if not skip or skip >= len(blocks):
        return 0
    offset = len(" ".join(blocks[:skip])) + 1
    return offset if body.startswith(blocks[skip][:50], offset) else 0


def _salary_month(amount_min: Any, amount_max: Any, period: str) -> float | None:
    amount = amount_max if amount_max is not None else amount_min
    if amount is None:
        return None
    factor = _PER_MONTH.get(period, Decimal(1))  # type: ignore[call-overload]
    return float(round(Decimal(amount) * factor, 2))


_POSTING_COLUMNS = (
    "id", "title", "description", "company_id", "field_id", "employment_types", "offer_type", "contract", "remote",
    "salary_min", "salary_max", "salary_period", "date_posted", "expires_on", "starts_on",
    "salary_currency",
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


def _documents(rows: list[tuple[Any, ...]], texts: CompanyTexts | None = None) -> list[IndexDocument]:
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
    texts = texts or CompanyTexts()
    texts.load(company_ids)
    docs = []
    for (pk, title, description, company_id, field_id, employment_types, offer_type, contract, remote, smin, smax,
         period, date_posted, expires_on, starts_on, currency) in rows:  # fmt: skip
        field_name, area = fields.get(field_id or "", ("", ""))
        own = places.get(pk, [])
        body = html_to_text(description)
        blocks = text_blocks(description)
        own_text, boilerplate = texts.split(company_id, blocks)
        docs.append(
            IndexDocument(
                id=pk,
                title=title,
                title_search=analysis.title_searchable(title),
                body=body,
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
                salary=_salary(smin, smax, currency, period),
                lead=lead_offset(body, blocks, texts.leads.get(company_id, set())) if body else 0,
                own_text=own_text,
                boilerplate=boilerplate,
            )
        )
    return docs


def _fields() -> dict[str, tuple[str, str]]:
    return {code: (name, area) for code, name, area in OccupationalField.objects.values_list("code", "name", "area_id")}


def indexable_postings(today: datetime.date | None = None) -> QuerySet[JobPosting]:
    """The postings the index must hold: exactly the visible ones."""
    return JobPosting.objects.visible(today)


def documents_for(
    ids: Iterable[int], today: datetime.date | None = None, texts: CompanyTexts | None = None
) -> tuple[list[IndexDocument], list[int]]:
    """Documents for the visible postings among `ids`, and the ids that must leave the index. (`texts`: the
    companies' shared texts, to read them afterwards.)"""
    wanted = sorted(set(ids))
    docs: list[IndexDocument] = []
    texts = texts if texts is not None else CompanyTexts(today)
    for start in range(0, len(wanted), 2000):
        chunk = wanted[start : start + 2000]
        rows = list(indexable_postings(today).filter(pk__in=chunk).values_list(*_POSTING_COLUMNS))
        docs.extend(_documents(rows, texts))
    present = {d.id for d in docs}
    return docs, [i for i in wanted if i not in present]


def iter_documents(batch_size: int = 2000, today: datetime.date | None = None) -> Iterator[list[IndexDocument]]:
    """Every visible posting as documents, in batches of ids in order.

    The visible ids come first, in one query; each batch then reads its postings by primary key. The visibility
    filter is not repeated per batch: with it, SQLite walks the whole status/expiry index for every batch (it
    prefers that index to the id range), which made reading the postings a tenth of a reindex.
    """
    ids = list(indexable_postings(today).order_by("pk").values_list("pk", flat=True))
    texts = CompanyTexts(today)
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        wanted = set(chunk)
        qs = JobPosting.objects.filter(**_id_filter("pk", chunk)).order_by("pk").values_list(*_POSTING_COLUMNS)
        rows = [r for r in qs if r[0] in wanted]
        if rows:
            yield _documents(rows, texts)
