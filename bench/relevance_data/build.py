#!/usr/bin/env python
"""Build the relevance set (relevance_set.json beside this file) from the roles, companies and queries here.

    .venv/bin/python bench/relevance_data/build.py

FICTIONAL DATA: companies, postings and their texts are invented (see companies.py and roles.py). The build is
deterministic (no randomness): the same sources give the same file, so the judgements can be read and argued with.

Judgements say what a person typing the query expects, graded 3 = exactly what was asked, 2 = relevant,
1 = related, 0 (omitted) = not relevant. They come from what a posting IS (its role, its structured values, what its
text promises), never from which words happen to appear in it, and never from what any search engine returns: a
cleaning job whose company intro mentions "Pflege" is 0 for "Pflege"; a part-time posting that never says
"Teilzeit" is 3 for "Teilzeit".

A query's grades:
  roles  {role: grade} (or {"role@company-slug": grade} for one company's postings of that role)
  has    {posting attribute: {value: grade}}: employment_types, offer_type, contract, remote
  flags  {posting flag: grade} (qe / qe2: the text welcomes career changers)
roles and flags combine by the higher grade. A query with both roles and has asks for the occupation WITH that
value: both must hold (the lower grade counts); the occupation without it is still related (1) when it was relevant.
"""

from __future__ import annotations

import datetime
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from bench.relevance_data.companies import COMPANIES, Company  # noqa: E402
from bench.relevance_data.roles import ROLES  # noqa: E402

OUT = HERE / "relevance_set.json"

QE = "Quereinsteiger sind herzlich willkommen – wir arbeiten Sie gründlich ein."
QE2 = "Auch ohne Erfahrung in der Branche: Wir arbeiten Sie gründlich ein und begleiten Sie in den ersten Wochen."
TZ = "Die Stelle ist in Teilzeit mit 20 bis 30 Wochenstunden zu besetzen."
HO = "Homeoffice ist an mehreren Tagen pro Woche möglich."
EMPLOYMENT_FLAGS = {"ft": "full_time", "pt": "part_time", "mini": "mini_job", "shift": "shift"}


@dataclass
class Posting:
    key: str
    company: str
    role: str
    title: str
    field: str
    description: str
    places: list[str]
    employment_types: list[str]
    offer_type: str
    contract: str
    remote: str
    flags: list[str]
    days_ago: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _description(company: Company, role_key: str, flags: set[str]) -> str:
    role = ROLES[role_key]
    profile = list(role.profile)
    if "qe" in flags:
        profile.append(QE)
    if "qe2" in flags:
        profile.append(QE2)
    offer = list(company.offer)
    if "tz" in flags:
        offer.insert(0, TZ)
    if "ho" in flags:
        offer.insert(0, HO)

    def items(lines: list[str]) -> str:
        return "".join(f"<li>{line}</li>" for line in lines)

    return (
        f"<p>{company.intro}</p>"
        f"<h3>Ihre Aufgaben</h3><ul>{items(list(role.tasks))}</ul>"
        f"<h3>Ihr Profil</h3><ul>{items(profile)}</ul>"
        f"<h3>Wir bieten</h3><ul>{items(offer)}</ul>"
        f"<p>{company.outro}</p>"
    )


def postings() -> list[Posting]:
    out: list[Posting] = []
    used: dict[str, int] = {}  # role → postings so far: titles cycle through the role's variants
    for company in COMPANIES:
        for j, spec in enumerate(company.postings):
            role_key, _, raw = spec.partition(":")
            flags = set(filter(None, raw.split("+")))
            role = ROLES[role_key]
            n = used.get(role_key, 0)
            used[role_key] = n + 1
            place = company.places[0]
            for f in flags:
                if f.startswith("@"):
                    place = company.places[int(f[1:]) - 1]
            employment = [v for k, v in EMPLOYMENT_FLAGS.items() if k in flags]
            if not employment or employment == ["shift"]:
                employment = ["full_time", *employment]
            offer_type = "job"
            if role_key.startswith("ausb_") or "appr" in flags:
                offer_type = "apprenticeship"
            if role_key.startswith("praktikum_") or "intern" in flags:
                offer_type = "internship"
            contract = "fixed_term" if "fix" in flags or offer_type != "job" else "permanent"
            remote = "full" if "remote" in flags else "hybrid" if "hyb" in flags else "none"
            out.append(
                Posting(
                    key=f"{company.slug}/{j + 1:02d}-{role_key}",
                    company=company.slug,
                    role=role_key,
                    title=role.titles[n % len(role.titles)],
                    field=role.field,
                    description=_description(company, role_key, flags),
                    places=[place],
                    employment_types=employment,
                    offer_type=offer_type,
                    contract=contract,
                    remote=remote,
                    flags=sorted(f for f in flags if f in {"qe", "qe2", "tz", "ho"}),
                    days_ago=(len(out) * 7) % 29,  # spread over four weeks: recency breaks ties, as it does live
                )
            )
    return out


# ---- queries -----------------------------------------------------------------------------------------------------


@dataclass
class Query:
    q: str
    cls: str
    roles: dict[str, int] = field(default_factory=dict)
    has: dict[str, dict[str, int]] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)
    note: str = ""

    def grade(self, p: Posting) -> int:
        role = self.roles.get(f"{p.role}@{p.company}", self.roles.get(p.role, 0))
        role = max([role, *(g for f, g in self.flags.items() if f in p.flags)])
        value = 0
        for attr, grades in self.has.items():
            got = getattr(p, attr)
            for v in got if isinstance(got, list) else [got]:
                value = max(value, grades.get(v, 0))
        if not self.has:
            return role
        if not self.roles and not self.flags:
            return value
        if role and value:
            return min(role, value)
        return 1 if role >= 2 else 0


CARE = {"pflegefachkraft": 3, "altenpfleger": 3, "krankenpfleger": 3, "pflegehelfer": 3}
PART_TIME = {"employment_types": {"part_time": 3, "mini_job": 1}}
MINI = {"employment_types": {"mini_job": 3}}
SHIFT = {"employment_types": {"shift": 3}}
REMOTE = {"remote": {"hybrid": 3, "full": 3}}
APPRENTICESHIP = {"offer_type": {"apprenticeship": 3}}
INTERNSHIP = {"offer_type": {"internship": 3}}
HOTEL = "hotel-wartburgblick"

QUERIES: list[Query] = [
    # -- compounds: a word at the front or the end of a compound; a head word ranks the compound's whole-word match
    Query("Hotel", "compound", {"hotelfach": 3, "ausb_hotelfach": 3, "rezeption": 2, "housekeeping": 2,
                                "fruehstueck": 1, f"koch@{HOTEL}": 1, f"servicekraft@{HOTEL}": 1},
          note="front of Hotelfachmann; the fitter's 'Hotel und Verpflegung' is no hotel job"),
    Query("Kunststoff", "compound", {"verfahrensmechaniker_kunststoff": 3, "ausb_verfahrensmechaniker": 3,
                                     "maschinenbediener_kunststoff": 3, "werkzeugmechaniker": 1,
                                     "qualitaetspruefer@thueringer-kunststofftechnik": 1,
                                     "schichtleiter@thueringer-kunststofftechnik": 1}),
    Query("Optiker", "compound", {"augenoptiker": 3, "ausb_augenoptiker": 2, "feinoptiker": 2, "optikmontage": 1,
                                  "verkaeufer@optik-brennecke": 1}),
    Query("Mechaniker", "compound", {"zerspanungsmechaniker": 3, "industriemechaniker": 3,
                                     "verfahrensmechaniker_kunststoff": 3, "werkzeugmechaniker": 3,
                                     "anlagenmechaniker_shk": 3, "kfz_mechatroniker": 2,
                                     "ausb_industriemechaniker": 2, "ausb_verfahrensmechaniker": 2, "ausb_kfz": 1}),
    Query("Lager", "compound", {"lagerhelfer": 3, "fachkraft_lagerlogistik": 3, "staplerfahrer": 2, "ausb_lager": 2,
                                "kommissionierer": 2}),
    Query("Reinigung", "compound", {"reinigungskraft": 3, "gebaeudereiniger": 3, "objektleiter": 2,
                                    "housekeeping": 2, "stationshilfe": 1}),
    Query("Spritzguss", "compound", {"verfahrensmechaniker_kunststoff": 3, "maschinenbediener_kunststoff": 3,
                                     "ausb_verfahrensmechaniker": 2, "werkzeugmechaniker": 1}),
    Query("Pflegekraft", "compound", {"pflegefachkraft": 3, "krankenpfleger": 3, "altenpfleger": 3,
                                      "pflegehelfer": 2, "ausb_pflege": 1, "heilerziehungspfleger": 1,
                                      "betreuungskraft": 1}),
    Query("Küche", "compound", {"kuechenhilfe": 3, "koch": 2, "kuechenmonteur": 1}),
    Query("Holz", "compound", {"tischler": 3, "ausb_tischler": 3, "kuechenmonteur": 1}),
    # -- everyday words, abbreviations, colloquial titles
    Query("Azubi", "everyday", has=APPRENTICESHIP, note="every apprenticeship, most never say 'Azubi'"),
    Query("Azubi Kfz", "everyday", {"ausb_kfz": 3, "kfz_mechatroniker": 1}),
    Query("Azubi Hotel", "everyday", {"ausb_hotelfach": 3, "hotelfach": 1}),
    Query("Kita", "everyday", {"erzieher": 3, "kinderpfleger": 3, "praktikum_erzieher": 2,
                               "sozialpaedagoge@kinderland": 1, "kuechenhilfe@kinderland": 1},
          note="the clinic's 'Kita-Plätze' perk is no Kita job"),
    Query("Quereinsteiger", "everyday", {"produktionshelfer": 1, "kommissionierer": 1, "kuechenhilfe": 1,
                                         "maschinenbediener_kunststoff": 1, "pflegehelfer": 1, "reinigungskraft": 1},
          flags={"qe": 3, "qe2": 2}),
    Query("MFA", "everyday", {"mfa": 3, "ausb_mfa": 2, "zfa": 1}),
    Query("Arzthelferin", "everyday", {"mfa": 3, "ausb_mfa": 2, "zfa": 2}),
    Query("Bürokauffrau", "everyday", {"buerokaufmann": 3, "ausb_buero": 2, "industriekaufmann": 1,
                                       "sachbearbeiter_buchhaltung": 1}),
    Query("Gabelstapler", "everyday", {"staplerfahrer": 3, "lagerhelfer": 2, "fachkraft_lagerlogistik": 2,
                                       "ausb_lager": 1, "kommissionierer": 1}),
    Query("Staplerfahrer", "everyday", {"staplerfahrer": 3, "lagerhelfer": 2, "fachkraft_lagerlogistik": 2}),
    Query("Kellner", "everyday", {"servicekraft": 3, "fruehstueck": 1, "hotelfach": 1}),
    Query("Putzfrau", "everyday", {"reinigungskraft": 3, "housekeeping": 2, "gebaeudereiniger": 2,
                                   "stationshilfe": 1}),
    # -- words that name a structured value: the postings HAVING it, whatever their text says
    Query("Teilzeit", "structured", has=PART_TIME),
    Query("Vollzeit", "structured", has={"employment_types": {"full_time": 3}}),
    Query("Minijob", "structured", has=MINI),
    Query("Schichtarbeit", "structured", has=SHIFT, note="'Schichtzulagen' in a perks list is no shift work"),
    Query("Homeoffice", "structured", has=REMOTE),
    Query("remote", "structured", has={"remote": {"full": 3, "hybrid": 2}}),
    Query("Ausbildung", "structured", has=APPRENTICESHIP),
    Query("Praktikum", "structured", has=INTERNSHIP),
    Query("befristet", "structured", has={"contract": {"fixed_term": 3}}),
    # -- an occupation with a structured value
    Query("Pflege Teilzeit", "combined", CARE, PART_TIME),
    Query("Koch Teilzeit", "combined", {"koch": 3, "kuechenhilfe": 1}, PART_TIME),
    Query("Minijob Verkauf", "combined", {"verkaeufer": 3, "verkaeufer_baeckerei": 3, "kassierer": 3,
                                          "fruehstueck": 1}, MINI),
    Query("Softwareentwickler Homeoffice", "combined", {"softwareentwickler": 3, "webentwickler": 2}, REMOTE),
    Query("Staplerfahrer Schicht", "combined", {"staplerfahrer": 3, "lagerhelfer": 2,
                                                "fachkraft_lagerlogistik": 2}, SHIFT),
    Query("Ausbildung Elektroniker", "combined", {"ausb_elektroniker": 3, "elektroniker_gebaeude": 2,
                                                  "elektroniker_betrieb": 2}, APPRENTICESHIP),
    Query("Ausbildung Pflege", "combined", {"ausb_pflege": 3, **CARE}, APPRENTICESHIP),
    Query("Praktikum Informatik", "combined", {"praktikum_it": 3, "ausb_fiae": 2}, INTERNSHIP),
    # -- words a company's standard intro or perks repeat in all its postings
    Query("Pflege", "boilerplate", {**CARE, "ausb_pflege": 2, "heilerziehungspfleger": 2, "betreuungskraft": 1,
                                    "kinderpfleger": 1},
          note="not 'Pflege der Website', not the cleaning firm's or the salon's intro"),
    Query("Service", "boilerplate", {"servicekraft": 3, "serviceberater_kfz": 2, "stationshilfe": 2,
                                     "montageelektriker": 2, "fruehstueck": 2, "rezeption": 1, "hotelfach": 1}),
    Query("Qualität", "boilerplate", {"qualitaetspruefer": 3, "qualitaetsmanager": 3, "schichtleiter": 1}),
    Query("Optik", "boilerplate", {"feinoptiker": 3, "optikmontage": 3, "augenoptiker": 2, "ausb_augenoptiker": 1,
                                   "verkaeufer@optik-brennecke": 1},
          note="the optics maker's intro says Optik in all its postings"),
    Query("Elektrotechnik", "boilerplate", {"elektroniker_gebaeude": 3, "montageelektriker": 3,
                                            "elektroniker_betrieb": 2, "ausb_elektroniker": 2}),
    Query("Garten", "boilerplate", {"gaertner": 3, "hausmeister": 1}),
    Query("Technik", "boilerplate", {"elektroniker_betrieb": 2, "elektroniker_gebaeude": 2,
                                     "montageelektriker": 2, "anlagenmechaniker_shk": 2, "industriemechaniker": 2,
                                     "it_admin": 1, "serviceberater_kfz": 1},
          note="a technician's work, not the intros' 'Begeisterung für Technik'"),
    # -- ordinary occupation and skill searches
    Query("Koch", "ordinary", {"koch": 3, "kuechenhilfe": 1}),
    Query("Erzieher", "ordinary", {"erzieher": 3, "praktikum_erzieher": 2, "kinderpfleger": 1,
                                   "heilerziehungspfleger": 1}),
    Query("Zerspanungsmechaniker", "ordinary", {"zerspanungsmechaniker": 3, "cnc_fraeser": 2}),
    Query("CNC", "ordinary", {"zerspanungsmechaniker": 3, "cnc_fraeser": 3, "tischler": 1}),
    Query("Elektriker", "ordinary", {"elektroniker_gebaeude": 3, "montageelektriker": 3, "elektroniker_betrieb": 2,
                                     "ausb_elektroniker": 1}),
    Query("Busfahrer", "ordinary", {"busfahrer": 3, "berufskraftfahrer": 1}),
    Query("Berufskraftfahrer", "ordinary", {"berufskraftfahrer": 3, "busfahrer": 1, "auslieferungsfahrer": 1}),
    Query("Verkäufer", "ordinary", {"verkaeufer": 3, "verkaeufer_baeckerei": 3, "automobilkaufmann": 2,
                                    "ausb_einzelhandel": 2, "kassierer": 1, "marktleiter": 1}),
    Query("Softwareentwickler", "ordinary", {"softwareentwickler": 3, "webentwickler": 2, "ausb_fiae": 1,
                                             "praktikum_it": 1}),
    Query("Python", "ordinary", {"softwareentwickler": 3}),
    Query("Buchhaltung", "ordinary", {"sachbearbeiter_buchhaltung": 3, "steuerfach": 2, "ausb_steuer": 1}),
    Query("Tischler", "ordinary", {"tischler": 3, "ausb_tischler": 2, "kuechenmonteur": 1}),
    Query("Physiotherapeut", "ordinary", {"physio": 3}),
    Query("Friseur", "ordinary", {"friseur": 3, "ausb_friseur": 2}),
    Query("Maurer", "ordinary", {"maurer": 3, "ausb_maurer": 2, "tiefbau": 1}),
    Query("Schweißer", "ordinary", {"schweisser": 3, "metallbauer": 2, "ausb_metallbauer": 1}),
    Query("Heizung", "ordinary", {"anlagenmechaniker_shk": 3}),
    Query("Bäcker", "ordinary", {"baecker": 3, "ausb_baecker": 2, "verkaeufer_baeckerei": 1}),
]  # fmt: skip


def build() -> dict[str, Any]:
    items = postings()
    queries = []
    for i, query in enumerate(QUERIES, 1):
        for role in query.roles:
            assert role.partition("@")[0] in ROLES, role
        judgements = {p.key: g for p in items if (g := query.grade(p))}
        assert judgements, query.q
        queries.append({"id": f"q{i:02d}", "q": query.q, "class": query.cls, "note": query.note,
                        "judgements": judgements})  # fmt: skip
    return {
        "about": "FICTIONAL relevance set for regiojobs' German search: invented companies and postings in real "
        "Thuringian municipalities, with graded judgements (3 exactly what was asked, 2 relevant, 1 related; "
        "omitted 0). Built by bench/relevance_data/build.py; do not edit by hand.",
        "built": datetime.date(2026, 12, 1).isoformat(),
        "companies": [{"slug": c.slug, "name": c.name, "municipality": c.places[0]} for c in COMPANIES],
        "postings": [p.as_dict() for p in items],
        "queries": queries,
    }


def main() -> int:
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    n = len(data["postings"])
    print(f"{OUT.name}: {len(data['companies'])} companies, {n} postings, {len(data['queries'])} queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
