"""schema.org JobPosting for a posting page, with Google's required and the recommended properties we have."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from jobs.models import Contract, EmploymentType, JobPosting, OfferType, Remote, SalaryPeriod

# Google's employmentType vocabulary (FULL_TIME, PART_TIME, CONTRACTOR, TEMPORARY, INTERN, VOLUNTEER, PER_DIEM,
# OTHER), by jobs.models.EmploymentType: a mini-job is part-time. Shift, night or weekend work says when one works,
# not how one is employed: it adds nothing (as OTHER it would claim an employment the posting does not offer).
EMPLOYMENT_TYPES = {
    EmploymentType.FULL_TIME: "FULL_TIME",
    EmploymentType.PART_TIME: "PART_TIME",
    EmploymentType.MINI_JOB: "PART_TIME",
}
# By the offer type: an internship or trainee place is INTERN; self-employment (a franchise, an agency) CONTRACTOR.
OFFER_TYPES = {OfferType.INTERNSHIP: "INTERN", OfferType.SELF_EMPLOYMENT: "CONTRACTOR"}
# Google's unitText values for baseSalary (it also knows DAY and WEEK, which postings here do not use).
SALARY_UNITS = {SalaryPeriod.HOUR: "HOUR", SalaryPeriod.MONTH: "MONTH", SalaryPeriod.YEAR: "YEAR"}


def _employment_types(job: JobPosting) -> list[str]:
    types = [EMPLOYMENT_TYPES[t] for t in job.employment_types if t in EMPLOYMENT_TYPES]
    if job.offer_type in OFFER_TYPES:
        types.append(OFFER_TYPES[OfferType(job.offer_type)])
    if job.contract == Contract.FIXED_TERM:
        types.append("TEMPORARY")
    return list(dict.fromkeys(types))


def _direct_apply(job: JobPosting) -> bool:
    """Whether an application can be started online right from the posting page (schema.org's directApply): its
    apply button leads straight to the company's application form (frontend/jobs/_apply.html). A mail address is
    no online application process, and without either the seeker has to find out how to apply first."""
    return bool(job.apply_url)


def _base_salary(job: JobPosting) -> dict[str, Any] | None:
    """MonetaryAmount with a QuantitativeValue: a range as minValue/maxValue, one figure as value; only with a
    period, which Google requires as unitText (a bare figure could be per hour or per year)."""
    if (job.salary_min is None and job.salary_max is None) or job.salary_period not in SALARY_UNITS:
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": SALARY_UNITS[SalaryPeriod(job.salary_period)]}
    if job.salary_min is not None and job.salary_max is not None and job.salary_min != job.salary_max:
        value["minValue"], value["maxValue"] = float(job.salary_min), float(job.salary_max)
    else:
        value["value"] = float(job.salary_min if job.salary_min is not None else job.salary_max)  # type: ignore[arg-type]
    return {"@type": "MonetaryAmount", "currency": job.salary_currency or "EUR", "value": value}


def _end_of_day(day: datetime.date) -> str:
    # The posting is valid through the whole day, in the board's time zone.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59))).isoformat()


def job_posting_ld(job: JobPosting, *, url: str, company_url: str) -> dict[str, Any]:
    company = job.company
    organization: dict[str, Any] = {"@type": "Organization", "name": company.name, "url": company_url}
    if company.website:
        organization["sameAs"] = company.website
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": job.description,
        "datePosted": job.date_posted.isoformat(),
        "validThrough": _end_of_day(job.expires_on),
        "hiringOrganization": organization,
        "identifier": {"@type": "PropertyValue", "name": company.name, "value": str(job.pk)},
        "url": url,
        "directApply": _direct_apply(job),
    }
    if job.starts_on is not None:
        data["jobStartDate"] = job.starts_on.isoformat()
    locations = [
        {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                **({"streetAddress": w.street} if w.street else {}),
                "addressLocality": w.municipality.name,
                **({"postalCode": w.postal_code} if w.postal_code else {}),
                "addressRegion": "Thüringen",
                "addressCountry": "DE",
            },
        }
        for w in job.workplaces.all()
    ]
    if locations:
        data["jobLocation"] = locations
    if job.remote == Remote.FULL:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "DE"}
    types = _employment_types(job)
    if types:
        data["employmentType"] = types if len(types) > 1 else types[0]
    salary = _base_salary(job)
    if salary is not None:
        data["baseSalary"] = salary
    return data


def as_script(data: dict[str, Any]) -> SafeString:
    """The JSON for a <script type="application/ld+json">: <, > and & escaped so no text can end the script."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - the escapes above make it inert inside <script>
