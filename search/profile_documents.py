"""The projection of a seeker profile into the index: only what an approved company may see of a findable profile.

Never the person's name, username, e-mail address or phone number, never the CV (nor its file name or text), never
the postal code or a street: the home place is the municipality only. The profile's own texts (headline, about,
skills) are the seeker's words for companies and go in as written (the about text as plain text).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import QuerySet

from jobs.models import OccupationalField
from profiles.models import FINDABLE, SeekerProfile
from regions.models import County, Municipality

from .documents import html_to_text
from .query import language_tokens, qualification_rank


@dataclass(frozen=True)
class ProfileDocument:
    id: int  # the row's id: index bookkeeping only, never shown
    headline: str
    # ({"title", "field", "field_name", "area", "experience_years"}, …), one to three
    occupations: tuple[dict[str, Any], ...]
    skills: tuple[str, ...]
    languages: tuple[dict[str, str], ...]  # ({"code": "de", "level": "native"}, …)
    licences: tuple[str, ...]
    offer_types: tuple[str, ...]
    employment_types: tuple[str, ...]
    contract: str
    remote: str
    available_from: datetime.date | None
    school_qualification: str
    vocational_qualification: str
    salary_expectation: int | None
    about: str  # plain text
    # The home municipality ({"ags", "name", "county", "county_name", "lat", "lon"}), or None.
    place: dict[str, Any] | None
    commute_km: int
    counties: tuple[str, ...]  # named by the seeker (AGS)
    visibility: str  # pseudonymous | named
    blocked_company_ids: tuple[int, ...]
    updated_at: datetime.datetime  # the seeker's last change
    # How hits name the candidate (SeekerProfile.public_id): the only id a company ever sees.
    public_id: str = ""

    @property
    def qualification_rank(self) -> int:
        """The vocational qualification's place in QUALIFICATION_ORDER, from 1; 0 for none."""
        return qualification_rank(self.vocational_qualification)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o["field"] for o in self.occupations if o.get("field")))

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o["area"] for o in self.occupations if o.get("area")))

    @property
    def all_counties(self) -> tuple[str, ...]:
        """The counties a county filter matches: the home county and those the seeker named."""
        home = (self.place["county"],) if self.place else ()
        return tuple(sorted({*home, *self.counties}))

    @property
    def language_terms(self) -> tuple[str, ...]:
        """What a language filter matches (search.query.language_tokens)."""
        return tuple(sorted({t for lang in self.languages for t in language_tokens(lang["code"], lang["level"])}))

    @property
    def experience_years(self) -> int:
        return max((int(o.get("experience_years") or 0) for o in self.occupations), default=0)

    @property
    def title_text(self) -> str:
        """What scores as a title match: the headline and the occupations' titles."""
        return " ".join([self.headline, *(o["title"] for o in self.occupations)])

    @property
    def body_text(self) -> str:
        """What matches anywhere else: the skills and the about text."""
        return " ".join([*self.skills, self.about])

    def display(self) -> dict[str, Any]:
        """What a hit shows, stored with the document so a search needs no database read."""
        place = self.place
        return {
            "public_id": self.public_id,
            "headline": self.headline,
            "occupations": [dict(o) for o in self.occupations],
            "place": {"name": place["name"], "county": place["county"], "county_name": place["county_name"]}
            if place
            else None,
            "experience_years": self.experience_years,
            "skills": list(self.skills),
            "languages": [dict(lang) for lang in self.languages],
            "licences": list(self.licences),
            "offer_types": list(self.offer_types),
            "employment_types": list(self.employment_types),
            "available_from": self.available_from.isoformat() if self.available_from else None,
            "visibility": self.visibility,
            "vocational_qualification": self.vocational_qualification,
            "updated_at": self.updated_at.isoformat(),
        }

    @cached_property
    def display_json(self) -> str:
        return json.dumps(self.display(), ensure_ascii=False)

    @cached_property
    def digest(self) -> str:
        """Changes whenever anything the index holds changes: how search_check spots stale entries."""
        rest = (
            self.contract, self.remote, self.school_qualification, self.vocational_qualification,
            self.salary_expectation, self.place, self.commute_km, self.counties, self.blocked_company_ids,
        )  # fmt: skip
        text = f"{self.display_json}\x00{self.about}\x00{rest!r}"
        return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def indexable_profiles() -> QuerySet[SeekerProfile]:
    """The profiles the index must hold: exactly the findable ones of active accounts."""
    return SeekerProfile.objects.filter(visibility__in=FINDABLE, user__is_active=True)


# The columns read: none of the person's name, contact, postal code or CV (they are on the user and the profile).
_PROFILE_COLUMNS = (
    "id", "headline", "occupations", "skills", "languages", "licences", "offer_types", "employment_types",
    "contract", "remote", "available_from", "school_qualification", "vocational_qualification",
    "salary_expectation", "about", "home_municipality_id", "commute_km", "visibility", "updated_at", "created_at",
    "public_id",
)  # fmt: skip


def _str_list(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in (value or ()) if isinstance(v, str | int))


def _documents(rows: list[tuple[Any, ...]]) -> list[ProfileDocument]:
    if not rows:
        return []
    ids = [r[0] for r in rows]
    counties: dict[int, list[str]] = defaultdict(list)
    for pid, ags in SeekerProfile.counties.through.objects.filter(seekerprofile_id__in=ids).values_list(
        "seekerprofile_id", "county_id"
    ):
        counties[pid].append(ags)
    blocked: dict[int, list[int]] = defaultdict(list)
    for pid, cid in SeekerProfile.blocked_companies.through.objects.filter(seekerprofile_id__in=ids).values_list(
        "seekerprofile_id", "company_id"
    ):
        blocked[pid].append(cid)
    homes = {r[15] for r in rows if r[15]}
    municipalities = {
        ags: (name, county, lat, lon)
        for ags, name, county, lat, lon in Municipality.objects.filter(ags__in=homes).values_list(
            "ags", "name", "county_id", "lat", "lon"
        )
    }
    county_names = dict(County.objects.values_list("ags", "name"))
    fields = {
        code: (name, area) for code, name, area in OccupationalField.objects.values_list("code", "name", "area_id")
    }
    docs = []
    for (pk, headline, occupations, skills, languages, licences, offers, employment, contract, remote, available,
         school, vocational, salary, about, home, commute, visibility, updated, created,
         public_id) in rows:  # fmt: skip
        occ = []
        for o in occupations or ():
            if not isinstance(o, dict):
                continue
            code = str(o.get("field") or "")
            name, area = fields.get(code, ("", ""))
            occ.append(
                {
                    "title": str(o.get("title") or ""),
                    "field": code,
                    "field_name": name,
                    "area": area,
                    "experience_years": int(o.get("experience_years") or 0),
                }
            )
        langs = tuple(
            {"code": str(lang.get("code") or ""), "level": str(lang.get("level") or "")}
            for lang in (languages or ())
            if isinstance(lang, dict) and lang.get("code")
        )
        place = None
        if home in municipalities:
            m_name, m_county, lat, lon = municipalities[home]
            place = {
                "ags": home,
                "name": m_name,
                "county": m_county,
                "county_name": county_names.get(m_county, ""),
                "lat": lat,
                "lon": lon,
            }
        docs.append(
            ProfileDocument(
                id=pk,
                headline=headline or "",
                occupations=tuple(occ),
                skills=_str_list(skills),
                languages=langs,
                licences=_str_list(licences),
                offer_types=_str_list(offers),
                employment_types=_str_list(employment),
                contract=contract or "",
                remote=remote or "",
                available_from=available,
                school_qualification=school or "",
                vocational_qualification=vocational or "",
                salary_expectation=salary,
                about=html_to_text(about or ""),
                place=place,
                commute_km=int(commute or 0),
                counties=tuple(sorted(counties.get(pk, ()))),
                visibility=visibility,
                blocked_company_ids=tuple(sorted(blocked.get(pk, ()))),
                updated_at=updated or created,
                public_id=str(public_id),
            )
        )
    return docs


def profile_documents_for(ids: Iterable[int]) -> tuple[list[ProfileDocument], list[int]]:
    """Documents for the findable profiles among `ids`, and the ids that must leave the index (hidden, deleted)."""
    wanted = sorted({int(i) for i in ids})
    docs: list[ProfileDocument] = []
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start : start + 1000]
        docs.extend(_documents(list(indexable_profiles().filter(pk__in=chunk).values_list(*_PROFILE_COLUMNS))))
    present = {d.id for d in docs}
    return docs, [i for i in wanted if i not in present]


def iter_profile_documents(batch_size: int = 1000) -> Iterator[list[ProfileDocument]]:
    """Every findable profile as documents, in batches of ids in order."""
    ids = list(indexable_profiles().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        chunk: Sequence[int] = ids[start : start + batch_size]
        rows = list(SeekerProfile.objects.filter(pk__in=chunk).order_by("pk").values_list(*_PROFILE_COLUMNS))
        if rows:
            yield _documents(rows)
