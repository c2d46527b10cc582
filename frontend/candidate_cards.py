"""The candidate card (frontend/seeker/_candidate_card.html) as one small view-model, built only from what a company
may see of a profile (profiles.selectors.profile_company_view): the seeker's preview shows it now, the companies'
candidate search will show the same card. Codes become names in the page's language here; nothing is read from the
profile itself, so the card cannot show more than the projection holds."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobs.models import EmploymentType, OccupationalField, OfferType, Remote
from profiles.models import (
    ContractPreference,
    LanguageLevel,
    Licence,
    SchoolQualification,
    Visibility,
    VocationalQualification,
)
from regions.models import County, Municipality

from .seeker_forms import language_choices


@dataclass(frozen=True)
class CandidateOccupation:
    title: str
    field: str  # the occupational field's name ("" when none was given)
    years: int
    experience: str  # "8 years of experience"


@dataclass(frozen=True)
class CandidateCard:
    id: str  # the profile's public id
    summary: str  # "Zerspanungsmechaniker, 8 Jahre Erfahrung, Raum Nordhausen"
    named: bool
    headline: str = ""
    occupations: tuple[CandidateOccupation, ...] = ()
    looking_for: tuple[str, ...] = ()
    available_from: datetime.date | None = None
    area: str = ""  # "Raum Nordhausen, up to 30 km" or the counties
    qualifications: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    licences: tuple[str, ...] = ()
    salary_expectation: int | None = None
    about: SafeString | str = ""
    updated_at: datetime.datetime | None = None
    # Only of a profile with name:
    name: str = ""
    email: str = ""
    phone: str = ""
    has_cv: bool = False


def _labels(values: list[str], choices: Any) -> list[str]:
    names = dict(choices.choices)
    return [str(names.get(v, v)) for v in values]


def _years(n: int) -> str:
    return ngettext("%(n)d year of experience", "%(n)d years of experience", n) % {"n": n}


def candidate_card(view: dict[str, Any]) -> CandidateCard:
    """The card of one company view of a profile (never None: the caller knows the profile is findable)."""
    fields = dict(OccupationalField.objects.filter(code__in=[o.get("field") for o in view["occupations"]])
                  .values_list("code", "name"))  # fmt: skip
    occupations = tuple(
        CandidateOccupation(
            title=str(o.get("title", "")),
            field=fields.get(o.get("field") or "", ""),
            years=int(o["experience_years"]),
            experience=_years(int(o["experience_years"])),
        )
        for o in view["occupations"]
    )
    home = Municipality.objects.filter(ags=view["home_municipality"]).first() if view.get("home_municipality") else None
    counties = list(County.objects.filter(pk__in=view.get("counties") or []).order_by("name"))
    if counties:
        area = _("In %(counties)s") % {"counties": ", ".join(c.name for c in counties)}
    elif home is not None:
        area = _("Area of %(place)s, up to %(km)d km") % {"place": home.short_name, "km": view["commute_km"]}
    else:
        area = ""
    summary = [occupations[0].title] if occupations else ([view["headline"]] if view.get("headline") else [])
    if occupations and occupations[0].years:
        summary.append(_years(occupations[0].years))
    if home is not None:
        summary.append(_("area of %(place)s") % {"place": home.short_name})
    looking_for = [
        *_labels(view["offer_types"], OfferType),
        *_labels(view["employment_types"], EmploymentType),
    ]
    if view["contract"] != ContractPreference.ANY:
        looking_for.append(str(ContractPreference(view["contract"]).label))
    if view["remote"] != Remote.NONE:
        looking_for.append(str(Remote(view["remote"]).label))
    school, vocational = view["school_qualification"], view["vocational_qualification"]
    qualifications = [
        *_labels([school] if school else [], SchoolQualification),
        *_labels([vocational] if vocational else [], VocationalQualification),
    ]
    language_names = dict(language_choices([lang["code"] for lang in view["languages"]]))
    levels = dict(LanguageLevel.choices)
    languages = [f"{language_names.get(lang['code'], lang['code'])} ({levels.get(lang['level'], lang['level'])})"
                 for lang in view["languages"]]  # fmt: skip
    available = view.get("available_from")
    updated = view.get("updated_at")
    named = view.get("visibility") == Visibility.NAMED
    return CandidateCard(
        id=str(view["id"]),
        summary=", ".join(summary) or _("Profile without occupation"),
        named=named,
        headline=view.get("headline") or "",
        occupations=occupations,
        looking_for=tuple(looking_for),
        available_from=datetime.date.fromisoformat(available) if available else None,
        area=area,
        qualifications=tuple(qualifications),
        skills=tuple(view.get("skills") or ()),
        languages=tuple(languages),
        licences=tuple(_labels(view.get("licences") or [], Licence)),
        salary_expectation=view.get("salary_expectation"),
        # Sanitised by profiles.validation when it was written (the same sanitiser as postings' descriptions).
        about=mark_safe(view.get("about") or ""),  # noqa: S308
        updated_at=datetime.datetime.fromisoformat(updated) if updated else None,
        name=str(view.get("name", "")) if named else "",
        email=str(view.get("email", "")) if named else "",
        phone=str(view.get("phone", "")) if named else "",
        has_cv=bool(view.get("has_cv")) if named else False,
    )
