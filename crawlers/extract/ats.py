"""JSON feeds of applicant tracking systems: Greenhouse, Lever, softgarden (schema.org DataFeed) and d.vinci."""

from __future__ import annotations

import datetime
import html
import json
from typing import Any
from urllib.parse import urljoin

from crawlers.types import RawPlace, RawPosting, RawSalary

from . import ExtractError
from .schema import job_posting_nodes, posting_from_schema


def load_json(body: bytes | str) -> Any:
    if not body.strip():
        raise ExtractError("empty body")
    try:
        return json.loads(body)
    except ValueError as exc:
        raise ExtractError(f"malformed JSON: {exc}") from exc


def _unescape_html(content: str) -> str:
    """Greenhouse sends description HTML entity-encoded (sometimes twice): undo it before sanitizing."""
    for _ in range(3):
        if "&lt;" not in content and "&amp;" not in content:
            break
        content = html.unescape(content)
    return content


def extract_greenhouse(data: Any, feed_url: str) -> list[RawPosting]:
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise ExtractError("not a Greenhouse board answer (no jobs list)")
    postings = []
    for job in data["jobs"]:
        if not isinstance(job, dict) or not job.get("id") or not job.get("title"):
            raise ExtractError("a Greenhouse job without id or title")
        location = (job.get("location") or {}).get("name") or ""
        url = job.get("absolute_url") or feed_url
        postings.append(
            RawPosting(
                title=str(job["title"]).strip(),
                url=url,
                external_id=str(job["id"]),
                description=_unescape_html(job.get("content") or ""),
                date_posted=str(job.get("first_published") or job.get("updated_at") or ""),
                hints=[d.get("name", "") for d in job.get("departments") or [] if isinstance(d, dict)],
                places=[RawPlace(text=location)] if location else [],
                apply_url=url,
                base_url=url,
            )
        )
    return postings


_LEVER_INTERVALS = {"per-year-salary": "YEAR", "per-month-salary": "MONTH", "per-hour-wage": "HOUR"}


def extract_lever(data: Any, feed_url: str) -> list[RawPosting]:
    if not isinstance(data, list):
        raise ExtractError("not a Lever postings answer (expected a list)")
    postings = []
    for job in data:
        if not isinstance(job, dict) or not job.get("id") or not job.get("text"):
            raise ExtractError("a Lever posting without id or text")
        categories = job.get("categories") or {}
        parts = [job.get("description") or html.escape(job.get("descriptionPlain") or "")]
        for block in job.get("lists") or []:
            parts.append(f"<h3>{html.escape(block.get('text') or '')}</h3><ul>{block.get('content') or ''}</ul>")
        parts.append(job.get("additional") or "")
        locations = categories.get("allLocations") or [categories.get("location")]
        salary_range = job.get("salaryRange") or None
        created = job.get("createdAt")
        date_posted = (
            datetime.datetime.fromtimestamp(created / 1000, tz=datetime.UTC).date().isoformat()
            if isinstance(created, int | float)
            else ""
        )
        workplace = (job.get("workplaceType") or "").lower()
        url = job.get("hostedUrl") or feed_url
        postings.append(
            RawPosting(
                title=str(job["text"]).strip(),
                url=url,
                external_id=str(job["id"]),
                description="".join(parts),
                date_posted=date_posted,
                employment_types=[categories["commitment"]] if categories.get("commitment") else [],
                hints=[v for v in (categories.get("team"), categories.get("department")) if v],
                places=[RawPlace(text=loc) for loc in locations if loc],
                remote={"remote": "full", "hybrid": "hybrid"}.get(workplace, ""),
                salary=RawSalary(
                    min=salary_range.get("min"),
                    max=salary_range.get("max"),
                    currency=salary_range.get("currency") or "",
                    unit=_LEVER_INTERVALS.get(salary_range.get("interval") or "", ""),
                )
                if isinstance(salary_range, dict)
                else None,
                apply_url=job.get("applyUrl") or url,
                base_url=url,
            )
        )
    return postings


def extract_softgarden(data: Any, feed_url: str) -> list[RawPosting]:
    """softgarden's jobs.feed.json: a schema.org DataFeed whose elements' items are JobPostings."""
    if not isinstance(data, dict) or "dataFeedElement" not in data:
        raise ExtractError("not a softgarden DataFeed (no dataFeedElement)")
    postings = []
    for node in job_posting_nodes(data.get("dataFeedElement") or []):
        posting = posting_from_schema(node, feed_url)
        if posting is None:
            raise ExtractError("a feed item without a title")
        postings.append(posting)
    return postings


def _dvinci_places(opening: dict[str, Any]) -> list[RawPlace]:
    raw = opening.get("locations") or [opening.get("location")]
    places = []
    for loc in raw if isinstance(raw, list) else [raw]:
        if isinstance(loc, str) and loc.strip():
            places.append(RawPlace(text=loc.strip()))
        elif isinstance(loc, dict):
            places.append(
                RawPlace(
                    street=str(loc.get("street") or ""),
                    postal_code=str(loc.get("zipCode") or loc.get("postalCode") or ""),
                    locality=str(loc.get("city") or loc.get("name") or ""),
                )
            )
    return places


def extract_dvinci(data: Any, feed_url: str) -> list[RawPosting]:
    if not isinstance(data, list):
        raise ExtractError("not a d.vinci job list (expected a list)")
    postings = []
    for item in data:
        if not isinstance(item, dict) or not item.get("position"):
            raise ExtractError("a d.vinci publication without position")
        opening = item.get("jobOpening") or {}
        url = urljoin(feed_url, item.get("jobPublicationURL") or "")
        sections = [item.get(k) or "" for k in ("introduction", "tasks", "profile", "weOffer", "closingText")]
        postings.append(
            RawPosting(
                title=str(item["position"]).strip(),
                url=url,
                external_id=str(item.get("id") or ""),
                description="".join(s for s in sections if isinstance(s, str)),
                date_posted=str(item.get("publicationDate") or item.get("createdDate") or ""),
                employment_types=[str(v) for v in (opening.get("workingTimes") or []) if v],
                places=_dvinci_places(opening),
                apply_url=url,
                base_url=url,
            )
        )
    return postings
