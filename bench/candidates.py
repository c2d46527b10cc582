#!/usr/bin/env python
"""Candidate search benchmark: 10k and 50k synthetic seeker profiles, every candidate query class timed.

    .venv/bin/python bench/candidates.py                       # 10k and 50k
    .venv/bin/python bench/candidates.py --sizes 10000 --runs 100 --no-api

Profiles (with their users) are generated with a fixed seed straight into a throw-away SQLite database (bulk
inserts: seeding is not what is measured), then the profile index is rebuilt from the database the way
`search_reindex --only profiles` does it. Each query class is timed three ways, alternating call by call (all see the
same machine): the engine alone (search.selectors.search_profiles, or matching_candidates for one posting); the raw
call, the candidate search as the company's pages and the API both ask it (profiles.candidate_selectors
candidate_search / candidate_matching: the engine plus the read-time re-check of the hits against the database, which
is part of answering a candidate query, not of the HTTP layer); and the API request (`GET /api/v1/candidates/`, or
the posting's matching-candidates endpoint) as an API client asks it: with a member's API token, through the WSGI
application called in-process as a WSGI server calls it (bench/search.py's client; `--api-client test` uses Django's
test client and a logged-in session instead). The API/raw p95 ratio is what the HTTP layer adds (authentication,
membership, parsing, JSON). With --no-api, only the engine and the raw calls are timed.

Targets at 50k: every class ≤ 25 ms p95 on the embedded backend; API p95 ≤ 1.5 × raw p95.
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search import TITLES, WsgiClient, _percentiles, _setup, _time  # noqa: E402

SKILLS = ["CNC", "Heidenhain", "Siemens S7", "SAP", "MS Office", "Schweißen WIG", "Gabelstapler", "Python", "Java",
          "Buchhaltung", "DATEV", "Pflegedokumentation", "Wundmanagement", "Kundenberatung", "Kassensysteme",
          "Hydraulik", "Pneumatik", "AutoCAD", "Excel", "Projektleitung"]  # fmt: skip
LANGUAGES = [("de", "native"), ("en", "B1"), ("en", "B2"), ("en", "C1"), ("ru", "native"), ("pl", "B2"),
             ("uk", "native"), ("ar", "native"), ("fr", "A2"), ("tr", "C1")]  # fmt: skip
LICENCES = ["B", "BE", "C1", "C", "CE", "D", "forklift"]
QUALIFICATIONS = ["none", "apprenticeship", "apprenticeship", "apprenticeship", "master_technician", "bachelor",
                  "master", "doctorate"]  # fmt: skip
COMMUTES = [5, 10, 20, 25, 30, 30, 40, 50, 75, 100]
OFFERS = [["job"], ["job"], ["job"], ["apprenticeship"], ["job", "internship"], ["internship"]]
EMPLOYMENT = [["full_time"], ["full_time"], ["part_time"], ["full_time", "shift"], ["part_time", "mini_job"]]
ABOUT = [
    "Ich bin zuverlässig, pünktlich und arbeite gern im Team.",
    "Nach meiner Ausbildung habe ich mehrere Jahre in einem mittelständischen Betrieb gearbeitet.",
    "Ich suche eine neue Herausforderung in der Region, gern in Schichtarbeit.",
    "Weiterbildungen sind mir wichtig; zuletzt habe ich einen Lehrgang abgeschlossen.",
    "Ich wohne im ländlichen Raum und bin mit dem Auto mobil.",
]

QUERY_CLASSES: dict[str, list[dict[str, Any]]] = {
    "text": [{"q": "Zerspanungsmechaniker"}, {"q": "Pflegefachkraft"}, {"q": "Erzieherin"},
             {"q": "Lagerlogistik"}, {"q": "CNC Heidenhain"}, {"q": "Kauffrau Büromanagement"}],
    "text + place/radius": [{"q": "Zerspanungsmechaniker", "place": "Nordhausen", "radius_km": "30"},
                            {"q": "Pflegefachkraft", "place": "Erfurt", "radius_km": "25"},
                            {"q": "Elektriker", "place": "Jena", "radius_km": "50"},
                            {"q": "Koch", "place": "Gera", "radius_km": "25", "sort": "distance"}],
    "facets": [{"field": "24", "county": "16062"}, {"language": "en:B2", "licence": "CE"},
               {"qualification": "bachelor", "experience_min_years": "5"},
               {"offer_type": "apprenticeship", "employment_type": "full_time", "available_by":
                   (datetime.date.today() + datetime.timedelta(days=60)).isoformat()},
               {"place": "Erfurt", "radius_km": "50", "field": ["81", "82"]}],
}  # fmt: skip


def seed_profiles(n: int, start: int, *, rng: random.Random) -> None:
    """n more seekers with findable profiles, straight into the database (bulk inserts, not the services)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from companies.models import Company
    from profiles.models import SeekerProfile
    from regions.models import County, Municipality

    user_model = get_user_model()
    municipalities = list(Municipality.objects.order_by("ags").values_list("ags", flat=True))
    weights = [
        1.0 + 4.0 * len(p.split()) for p in Municipality.objects.order_by("ags").values_list("postal_codes", flat=True)
    ]
    counties = list(County.objects.values_list("ags", flat=True))
    blockers = list(Company.objects.order_by("pk").values_list("pk", flat=True)[:3])
    now = timezone.now()
    today = datetime.date.today()
    batch = 5000
    for offset in range(start, start + n, batch):
        size = min(batch, start + n - offset)
        users = user_model.objects.bulk_create(
            [user_model(username=f"bench-seeker-{offset + i}", email=f"bench-seeker-{offset + i}@example.org",
                        first_name="Bench", last_name=f"Seeker{offset + i}", is_active=True)
             for i in range(size)]
        )  # fmt: skip
        homes = rng.choices(municipalities, weights=weights, k=size)
        profiles = []
        for user, home in zip(users, homes, strict=True):
            occupations = []
            for title, code in rng.sample(TITLES, k=rng.choice([1, 1, 2, 3])):
                if rng.random() < 0.4:
                    title = title + "in" if title.endswith(("er", "ist")) else title
                occupations.append({"title": title, "field": code, "experience_years": rng.randint(0, 25)})
            langs = [{"code": "de", "level": "native"}] if rng.random() < 0.85 else []
            for code, level in rng.sample(LANGUAGES[1:], k=rng.choice([0, 1, 1, 2])):
                if code not in {lang["code"] for lang in langs}:
                    langs.append({"code": code, "level": level})
            profiles.append(
                SeekerProfile(
                    user=user,
                    headline=f"{occupations[0]['title']} mit {occupations[0]['experience_years']} Jahren Erfahrung",
                    occupations=occupations,
                    offer_types=rng.choice(OFFERS),
                    employment_types=rng.choice(EMPLOYMENT),
                    available_from=today + datetime.timedelta(days=rng.randint(-30, 180)) if rng.random() < 0.7
                    else None,
                    home_municipality_id=home,
                    commute_km=rng.choice(COMMUTES),
                    about=" ".join(rng.sample(ABOUT, k=2)),
                    vocational_qualification=rng.choice(QUALIFICATIONS),
                    school_qualification="realschule",
                    skills=rng.sample(SKILLS, k=rng.randint(0, 5)),
                    languages=langs,
                    licences=rng.sample(LICENCES, k=rng.choice([0, 1, 1, 2, 3])),
                    visibility="named" if rng.random() < 0.15 else "pseudonymous",
                    consent_version="1",
                    consent_at=now,
                    updated_at=now - datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 180)),
                    published_at=now,
                )
            )  # fmt: skip
        made = SeekerProfile.objects.bulk_create(profiles)
        counties_through = SeekerProfile.counties.through
        counties_through.objects.bulk_create(
            [counties_through(seekerprofile_id=p.pk, county_id=c) for p in made if rng.random() < 0.2
             for c in rng.sample(counties, k=rng.choice([1, 2]))]
        )  # fmt: skip
        blocked_through = SeekerProfile.blocked_companies.through
        blocked_through.objects.bulk_create(
            [blocked_through(seekerprofile_id=p.pk, company_id=rng.choice(blockers)) for p in made
             if blockers and rng.random() < 0.02]
        )  # fmt: skip


def company_member() -> tuple[Any, Any, Any]:
    """An approved company with a member (who asks) and one published posting (what matching is timed for)."""
    from django.contrib.auth import get_user_model

    from companies.models import Company, CompanyMembership
    from jobs import services as job_services

    company = Company.objects.create(
        name="Bench Präzision GmbH", slug="bench-praezision", municipality_id="16062041",
        status=Company.Status.APPROVED,
    )  # fmt: skip
    for i in range(3):  # companies some profiles block
        Company.objects.create(name=f"Bench Block {i}", slug=f"bench-block-{i}", municipality_id="16062041",
                               status=Company.Status.APPROVED)  # fmt: skip
    member = get_user_model().objects.create_user(username="bench-member", email="member@example.org", password="x")
    CompanyMembership.objects.create(user=member, company=company, role=CompanyMembership.Role.OWNER)
    posting = job_services.job_create(
        company=company,
        data={
            "title": "Zerspanungsmechaniker (m/w/d) CNC", "description": "<p>CNC-Fertigung.</p>",
            "workplaces": [{"municipality": "16062041", "postal_code": "99734", "street": ""}], "remote": "none",
            "field": "24", "employment_types": ["full_time"], "offer_type": "job", "contract": "permanent",
            "apply_email": "jobs@example.org", "status": "published",
            "valid_through": datetime.date.today() + datetime.timedelta(days=30),
        },
    )  # fmt: skip
    return company, member, posting


def _build(backend: Any) -> tuple[int, float]:
    from search.profile_documents import iter_profile_documents

    t0 = time.perf_counter()
    n = backend.rebuild_profiles(iter_profile_documents(batch_size=2000))
    return n, time.perf_counter() - t0


def _api_exists(client: Any, url: str) -> bool:
    return bool(client.get(url).status_code == 200)


def run_queries(
    backend: Any, company: Any, posting: Any, client: Any, runs: int, *, api: bool
) -> dict[str, dict[str, float]]:
    """Per query class the engine alone (the search layer), the raw call (the candidate search as pages and API ask
    it: the engine plus the read-time re-check of the hits) and the API request, alternating call by call."""
    from django.http import QueryDict

    from profiles.candidate_selectors import candidate_matching, candidate_search
    from search.query import ProfileQuery
    from search.selectors import matching_candidates, search_profiles

    Call = Callable[[], Any]
    classes: dict[str, list[tuple[Call, Call, str]]] = {}
    for name, variants in QUERY_CLASSES.items():
        calls = []
        for params in variants:
            qd = QueryDict(mutable=True)
            for k, v in params.items():
                qd.setlist(k, v if isinstance(v, list) else [v])
            query = ProfileQuery.from_params(qd, company_id=company.pk)
            calls.append((
                lambda q=query: search_profiles(q, backend=backend),
                lambda q=query: candidate_search(company=company, query=q, backend=backend),
                f"/api/v1/candidates/?{qd.urlencode()}",
            ))  # fmt: skip
        classes[name] = calls
    classes["matching (one posting)"] = [
        (lambda: matching_candidates(posting=posting, backend=backend),
         lambda: candidate_matching(posting=posting, backend=backend),
         f"/api/v1/jobs/{posting.pk}/matching-candidates/")
    ]  # fmt: skip
    results: dict[str, dict[str, float]] = {}
    for name, calls in classes.items():
        for engine_call, raw_call, _url in calls:
            engine_call(), raw_call()  # warm caches once
        with_api = api and all(_api_exists(client, url) for _e, _r, url in calls)
        engine, raw, timed = [], [], []
        for i in range(runs):
            engine_call, raw_call, url = calls[i % len(calls)]
            engine += _time(engine_call, 1)
            raw += _time(raw_call, 1)
            if with_api:
                timed += _time(lambda u=url: client.get(u), 1)
        row = dict(zip(("engine_p50", "engine_p95"), _percentiles(engine), strict=True))
        row.update(dict(zip(("raw_p50", "raw_p95"), _percentiles(raw), strict=True)))
        if with_api:
            row.update(dict(zip(("api_p50", "api_p95"), _percentiles(timed), strict=True)))
        results[name] = row
    return results


def _print_table(title: str, rows: dict[str, dict[str, float]], limit: float) -> None:
    print(f"\n{title}")
    print(f"  {'query class':<24}{'engine p95':>11}{'raw p50':>9}{'raw p95':>9}{'API p50':>9}{'API p95':>9}"
          f"{'API/raw':>9}   target")  # fmt: skip
    for name, r in rows.items():
        line = f"  {name:<24}{r['engine_p95']:>9.2f}ms{r['raw_p50']:>7.2f}ms{r['raw_p95']:>7.2f}ms"
        verdict = "ok" if r["raw_p95"] <= limit else "MISSED"
        if "api_p95" in r:
            ratio = r["api_p95"] / r["raw_p95"] if r["raw_p95"] else float("inf")
            line += f"{r['api_p50']:>7.2f}ms{r['api_p95']:>7.2f}ms{ratio:>8.2f}×"
            verdict += ", API " + ("ok" if ratio <= 1.5 else "MISSED")
        else:
            line += f"{'—':>9}{'—':>9}{'—':>9}"
        print(f"{line}   {verdict} (≤{limit:.0f} ms p95)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--runs", type=int, default=200, help="timed calls per query class (default 200)")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--no-api", action="store_true", help="time the raw calls only")
    parser.add_argument(
        "--api-client", choices=["wsgi", "test"], default="wsgi",
        help="wsgi: the WSGI application with an API token, as bench/search.py times the job search (default); "
        "test: Django's test client with a logged-in session, which adds its own instrumentation",
    )  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="regiojobs-bench-candidates-"))
    try:
        _setup(workdir)
        from django.test import Client

        from accounts.services import issue_token
        from search.backends.base import get_search_backend

        rng = random.Random(args.seed)
        backend = get_search_backend()
        company, member, posting = company_member()
        if args.api_client == "test":
            client: Any = Client()
            client.force_login(member)
            via = "Django test client, the member logged in"
        else:
            # As API clients ask: the member's API token, the WSGI application called as a WSGI server calls it.
            _, token = issue_token(member)
            client = WsgiClient({"HTTP_AUTHORIZATION": f"Token {token}"})
            via = "WSGI application, the member's API token"
        seeded = 0
        print(f"regiojobs candidate search benchmark — seed {args.seed}, {args.runs} timed calls per class")
        for size in sorted(args.sizes):
            t0 = time.perf_counter()
            seed_profiles(size - seeded, seeded, rng=rng)
            seeded = size
            seed_s = time.perf_counter() - t0
            n, build_s = _build(backend)
            print(f"\n== {size:,} profiles (seeded in {seed_s:.1f} s; index rebuilt in {build_s:.1f} s = "
                  f"{n / build_s:,.0f} profiles/s) ==")  # fmt: skip
            rows = run_queries(backend, company, posting, client, args.runs, api=not args.no_api)
            _print_table(
                f"  embedded backend, {size:,} profiles (API = {via})",
                rows,
                25.0,
            )
    finally:
        if args.keep:
            print(f"\nkept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
