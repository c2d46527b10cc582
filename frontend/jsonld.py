"""schema.org JobPosting for a posting page, with Google's required and the recommended properties we have."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from jobs.models import Contract, JobPosting, OfferType, Remote

# Google's employmentType vocabulary; a mini-job is part-time, shift work has no own value.
EMPLOYMENT_TYPES = {"full_time": "FULL_TIME", "part_time": "PART_TIME", "mini_job": "PART_TIME", "shift": "OTHER"}
SALARY_UNITS = {"hour": "HOUR", "month": "MONTH", "year": "YEAR"}


def _employment_types(job: JobPosting) -> list[str]:
    types = [EMPLOYMENT_TYPES[t] for t in job.employment_types if t in EMPLOYMENT_TYPES]
    if job.offer_type == OfferType.INTERNSHIP:
        types.append("INTERN")
    if job.contract == Contract.FIXED_TERM:
        types.append("TEMPORARY")
    return list(dict.fromkeys(types))


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
        "directApply": False,
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
    if (job.salary_min is not None or job.salary_max is not None) and job.salary_period in SALARY_UNITS:
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": SALARY_UNITS[job.salary_period]}
        if job.salary_min is not None and job.salary_max is not None and job.salary_min != job.salary_max:
            value["minValue"], value["maxValue"] = float(job.salary_min), float(job.salary_max)
        else:
            value["value"] = float(job.salary_min if job.salary_min is not None else job.salary_max)  # type: ignore[arg-type]
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": job.salary_currency, "value": value}
    return data


def as_script(data: dict[str, Any]) -> SafeString:
    """The JSON for a <script type="application/ld+json">: <, > and & escaped so no text can end the script."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - the escapes above make it inert inside <script>
