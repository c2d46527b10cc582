#!/usr/bin/env python
"""Relevance benchmark: nDCG@10 of the job search over a hand-judged German relevance set, per query class.

    .venv/bin/python bench/relevance.py                              # embedded backend
    .venv/bin/python bench/relevance.py --backend both               # and Elasticsearch on osmem-server
    .venv/bin/python bench/relevance.py --json > relevance.json      # machine-readable
    .venv/bin/python bench/relevance.py --show Hotel --show Pflege   # a query's top ten with their grades

The set (bench/relevance_data/relevance_set.json, FICTIONAL companies and postings; rebuild it with
bench/relevance_data/build.py) is loaded into a throw-away SQLite database, the index is rebuilt from it the way
`search_reindex` does, and every query is asked through the search layer (SearchQuery.from_params → search_jobs), as
the search page and the API ask it. Each query's first ten hits are scored against its graded judgements
(3 exactly what was asked, 2 relevant, 1 related, unjudged 0): nDCG@10 with gain 2^grade − 1 and a log2 discount,
ideal ranking from the judgements. Also reported: recall of the relevant postings (grade ≥ 2) among all hits, and
how many irrelevant (grade 0) postings the first ten hold.

Query classes: compound (a word at the front or end of a compound), everyday (abbreviations, colloquial titles),
structured (words naming a posting's structured value: Teilzeit, Ausbildung, Homeoffice …), combined (occupation +
structured value), boilerplate (words a company repeats in every posting's intro or perks) and ordinary.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search import _setup  # noqa: E402

DATA = ROOT / "bench" / "relevance_data" / "relevance_set.json"
K = 10


@dataclass
class QueryScore:
    id: str
    q: str
    cls: str
    ndcg: float
    recall: float  # of grade ≥ 2 postings, among all hits
    junk_in_top: int  # grade-0 postings among the first K
    total: int
    top: list[tuple[str, int]] = field(default_factory=list)  # (title, grade) of the first K hits


def dcg(grades: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:K]))


def ndcg(ranked: list[int], judged: list[int]) -> float:
    ideal = dcg(sorted(judged, reverse=True))
    return dcg(ranked) / ideal if ideal else 0.0


def load(data: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """Write the set's companies and postings into the database; the postings by their new primary key."""
    from companies.models import Company
    from jobs.models import JobPosting, Workplace
    from regions.models import Municipality

    today = datetime.date.today()
    seats = {m.ags: m for m in Municipality.objects.filter(ags__in={c["municipality"] for c in data["companies"]})}
    companies = {
        c["slug"]: Company.objects.create(
            slug=c["slug"], name=c["name"], municipality=seats[c["municipality"]], status=Company.Status.APPROVED
        )
        for c in data["companies"]
    }
    by_pk: dict[int, dict[str, Any]] = {}
    for p in data["postings"]:
        posted = today - datetime.timedelta(days=p["days_ago"])
        row = JobPosting.objects.create(
            company=companies[p["company"]],
            title=p["title"],
            description=p["description"],
            field_id=p["field"],
            employment_types=p["employment_types"],
            offer_type=p["offer_type"],
            contract=p["contract"],
            remote=p["remote"],
            date_posted=posted,
            expires_on=posted + datetime.timedelta(days=90),
            status="published",
        )
        Workplace.objects.bulk_create([Workplace(posting=row, municipality_id=ags) for ags in p["places"]])
        by_pk[row.pk] = p
    return by_pk


def evaluate(backend: Any, data: dict[str, Any], by_pk: dict[int, dict[str, Any]]) -> list[QueryScore]:
    from search.query import SearchQuery
    from search.selectors import search_jobs

    scores = []
    for query in data["queries"]:
        judged: dict[str, int] = query["judgements"]
        # Every hit, not just the first K: recall needs them (the set is small, a page of 100 holds most answers).
        hits, total, page = [], None, 1
        while total is None or len(hits) < min(total, 300):
            params = {"q": query["q"], "page_size": "100", "page": str(page)}
            res = search_jobs(SearchQuery.from_params(params), backend=backend)
            total = res.total
            hits.extend(res.hits)
            if not res.hits:
                break
            page += 1
        hits = [h for h in hits if h.id in by_pk]
        keys = [by_pk[h.id]["key"] for h in hits]
        grades = [judged.get(k, 0) for k in keys]
        relevant = {k for k, g in judged.items() if g >= 2}
        scores.append(
            QueryScore(
                id=query["id"],
                q=query["q"],
                cls=query["class"],
                ndcg=ndcg(grades, list(judged.values())),
                recall=len(relevant & set(keys)) / len(relevant) if relevant else 1.0,
                junk_in_top=sum(1 for g in grades[:K] if g == 0),
                total=total or 0,
                top=[
                    (f"{by_pk[h.id]['title']} [{by_pk[h.id]['company']}]", g)
                    for h, g in zip(hits[:K], grades[:K], strict=True)
                ],
            )
        )
    return scores


def summary(scores: list[QueryScore]) -> dict[str, dict[str, float]]:
    by_class: dict[str, list[QueryScore]] = defaultdict(list)
    for s in scores:
        by_class[s.cls].append(s)
    out = {}
    for name, rows in [*by_class.items(), ("overall", scores)]:
        out[name] = {
            "queries": len(rows),
            "ndcg@10": statistics.fmean(r.ndcg for r in rows),
            "recall": statistics.fmean(r.recall for r in rows),
            "junk@10": statistics.fmean(r.junk_in_top for r in rows),
            "zero_hits": sum(1 for r in rows if r.total == 0),
        }
    return out


def print_report(name: str, scores: list[QueryScore], worst: int, show: list[str]) -> None:
    print(f"\n== {name}: nDCG@{K} over {len(scores)} queries ==")
    print(f"  {'class':<14}{'queries':>8}{'nDCG@10':>9}{'recall≥2':>10}{'junk@10':>9}{'no hits':>9}")
    for cls, row in summary(scores).items():
        if cls == "overall":
            print("  " + "-" * 57)
        print(f"  {cls:<14}{row['queries']:>8}{row['ndcg@10']:>9.3f}{row['recall']:>10.2f}{row['junk@10']:>9.1f}"
              f"{row['zero_hits']:>9}")  # fmt: skip
    print(f"\n  worst {worst} queries:")
    for s in sorted(scores, key=lambda s: (s.ndcg, s.q))[:worst]:
        first = ", ".join(f"{t.split(' [')[0][:28]}({g})" for t, g in s.top[:3]) or "—"
        print(f"    {s.ndcg:5.3f}  {s.cls:<12} {s.q!r:<32} {s.total:>4} hits   top: {first}")
    for s in scores:
        if s.q.casefold() in {x.casefold() for x in show}:
            print(f"\n  {s.q!r} ({s.cls}): nDCG@10 {s.ndcg:.3f}, {s.total} hits, recall≥2 {s.recall:.2f}")
            for i, (title, grade) in enumerate(s.top, 1):
                print(f"    {i:>2}. ({grade}) {title}")


@contextmanager
def elasticsearch_backend() -> Iterator[Any]:
    """Elasticsearch on ELASTICSEARCH_URL, else an osmem-server started for the run (as tests/search/conftest.py)."""
    from django.conf import settings

    from search.backends.base import backend_from_config

    url = os.environ.get("ELASTICSEARCH_URL")
    server = None
    if not url:
        from osmem_server import OsmemServer

        server = OsmemServer.start(japanese=False, addr="127.0.0.1:0")
        url = server.url
    try:
        backend = backend_from_config(
            {
                **settings.SEARCH_BACKENDS["default"],
                "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
                "URLS": [url.split(",")[0]],
                "INDEX": "bench-relevance",
                "OPENSEARCH": server is not None or os.environ.get("SEARCH_OPENSEARCH") == "true",
                "TIMEOUT": 30,
                "TIME_BUDGET": 30,  # osmem-server is an in-memory test server: correctness here, not speed
            }
        )
        yield backend
        backend.drop()
    finally:
        if server is not None:
            server.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["embedded", "elasticsearch", "both"], default="embedded")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of the tables")
    parser.add_argument("--worst", type=int, default=12, help="how many of the worst queries to list (default 12)")
    parser.add_argument("--show", action="append", default=[], help="print this query's top ten (repeatable)")
    parser.add_argument("--data", type=Path, default=DATA, help="the relevance set (default: the bundled one)")
    args = parser.parse_args(argv)

    data = json.loads(args.data.read_text(encoding="utf-8"))
    workdir = Path(tempfile.mkdtemp(prefix="regiojobs-relevance-"))
    results: dict[str, list[QueryScore]] = {}
    try:
        _setup(workdir)
        from search.backends.base import get_search_backend
        from search.documents import iter_documents

        by_pk = load(data)
        if args.backend in ("embedded", "both"):
            backend = get_search_backend()
            backend.rebuild(iter_documents())
            results["embedded"] = evaluate(backend, data, by_pk)
        if args.backend in ("elasticsearch", "both"):
            with elasticsearch_backend() as es:
                es.rebuild(iter_documents())
                results["elasticsearch"] = evaluate(es, data, by_pk)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    if args.json:
        out = {
            name: {"summary": summary(scores), "queries": [asdict(s) for s in scores]}
            for name, scores in results.items()
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    n = len(data["postings"])
    print(f"regiojobs relevance benchmark — {n} fictional postings, {len(data['queries'])} judged queries")
    for name, scores in results.items():
        print_report(name, scores, args.worst, args.show)
    if len(results) == 2:
        a, b = results["embedded"], results["elasticsearch"]
        differ = [x.q for x, y in zip(a, b, strict=True) if [t for t, _ in x.top] != [t for t, _ in y.top]]
        print(f"\nbackends disagree on the top ten of {len(differ)} queries" + (f": {differ}" if differ else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
