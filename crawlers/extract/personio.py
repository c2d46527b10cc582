"""Personio XML feeds (`https://{account}.jobs.personio.de/xml`): <workzag-jobs> with one <position> per vacancy."""

from __future__ import annotations

from lxml import etree

from crawlers.types import RawPlace, RawPosting, RawSalary

from . import ExtractError

# No DTDs, no entity expansion, no network: a feed cannot make the parser fetch or explode anything.
_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
}


def safe_xml(body: bytes) -> etree._Element:
    if not body.strip():
        raise ExtractError("empty body")
    parser = etree.XMLParser(**_PARSER_OPTIONS)  # type: ignore[call-arg]
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ExtractError(f"malformed XML: {exc}") from exc
    if root is None:
        raise ExtractError("empty XML document")
    return root


def _t(el: etree._Element, path: str) -> str:
    found = el.find(path)
    return (found.text or "").strip() if found is not None and found.text else ""


def posting_url(feed_url: str, position_id: str) -> str:
    """Personio's feed has no link; the posting page is /job/{id} on the account's host."""
    from urllib.parse import urlsplit

    parts = urlsplit(feed_url)
    return f"{parts.scheme}://{parts.netloc}/job/{position_id}"


def extract_personio(body: bytes, feed_url: str) -> list[RawPosting]:
    root = safe_xml(body)
    if etree.QName(root).localname != "workzag-jobs":
        raise ExtractError(f"not a Personio feed (root <{etree.QName(root).localname}>)")
    postings = []
    for position in root.iter("position"):
        pid = _t(position, "id")
        title = _t(position, "name")
        if not pid or not title:
            raise ExtractError(f"position {pid or '?'} has no id or no name: the feed is incomplete")
        sections = []
        for desc in position.iterfind("jobDescriptions/jobDescription"):
            heading, value = _t(desc, "name"), _t(desc, "value")
            if value:
                sections.append((f"<h3>{heading}</h3>" if heading else "") + value)
        offices = [_t(position, "office")] + [
            (o.text or "").strip() for o in position.iterfind("additionalOffices/office")
        ]
        salary = None
        if position.find("salaryInformation") is not None:
            salary = RawSalary(
                min=_t(position, "salaryInformation/min") or None,
                max=_t(position, "salaryInformation/max") or None,
                currency=_t(position, "salaryInformation/currencyCode")
                or _t(position, "salaryInformation/currencySymbol"),
                unit=_t(position, "salaryInformation/type"),
            )
        url = posting_url(feed_url, pid)
        postings.append(
            RawPosting(
                title=title,
                url=url,
                external_id=pid,
                description="".join(sections),
                date_posted=_t(position, "createdAt"),
                employment_types=[v for v in (_t(position, "schedule"),) if v],
                hints=[
                    v
                    for v in (
                        _t(position, "employmentType"),
                        _t(position, "seniority"),
                        _t(position, "recruitingCategory"),
                        _t(position, "occupationCategory"),
                        _t(position, "occupation"),
                        _t(position, "department"),
                    )
                    if v
                ],
                places=[RawPlace(text=o) for o in offices if o],
                salary=salary,
                apply_url=url,
                base_url=url,
            )
        )
    return postings
