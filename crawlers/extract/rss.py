"""RSS 2.0 and Atom job feeds (e.g. WordPress job plugins), read with feedparser."""

from __future__ import annotations

import html
import time
from typing import Any
from xml.sax import SAXException

import feedparser

from crawlers.types import RawPlace, RawPosting, RawSalary

from . import ExtractError


def _local(entry: dict[str, Any], name: str) -> str:
    """A site-namespaced element by its local name (feedparser names it "{prefix}_{local}")."""
    for key, value in entry.items():
        if (key == name or key.endswith("_" + name)) and isinstance(value, str) and value.strip():
            return html.unescape(value).strip()
    return ""


def extract_rss(body: bytes, feed_url: str) -> list[RawPosting]:
    if not body.strip():
        raise ExtractError("empty body")
    parsed = feedparser.parse(body, response_headers={"content-location": feed_url})
    broken = parsed.get("bozo") and isinstance(parsed.get("bozo_exception"), SAXException)
    if broken or not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "not an RSS or Atom feed"
        raise ExtractError(f"malformed feed: {reason}")
    postings = []
    for entry in parsed.entries:
        title = (entry.get("title") or "").strip()
        link = entry.get("link") or ""
        if not title:
            raise ExtractError("a feed item without a title")
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        location = _local(entry, "location")
        salary = _local(entry, "salary")
        job_type = _local(entry, "job_type")
        description = ""
        if entry.get("content"):
            description = entry["content"][0].get("value") or ""
        description = description or entry.get("summary") or entry.get("description") or ""
        postings.append(
            RawPosting(
                title=html.unescape(title),
                url=link,
                external_id=(entry.get("id") or entry.get("guid") or "").strip(),
                description=description,
                date_posted=time.strftime("%Y-%m-%d", published) if published else "",
                employment_types=[job_type] if job_type else [],
                places=[RawPlace(text=location)] if location else [],
                salary=RawSalary(min=salary) if salary else None,
                apply_url=link,
                base_url=link or feed_url,
            )
        )
    return postings
