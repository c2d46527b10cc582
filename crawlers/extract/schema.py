"""schema.org JobPosting nodes (from JSON-LD, microdata, RDFa or a softgarden feed) → RawPosting."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

from crawlers.types import RawPlace, RawPosting, RawSalary

SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:", "http://www.schema.org/")


def type_names(node: dict[str, Any]) -> set[str]:
    """The bare type names of a node: "JobPosting" for "JobPosting", "schema:JobPosting" or the full IRI."""
    raw = node.get("@type") or node.get("type") or []
    names = raw if isinstance(raw, list) else [raw]
    out = set()
    for name in names:
        if isinstance(name, str):
            for prefix in SCHEMA_PREFIXES:
                name = name.removeprefix(prefix)
            out.add(name.strip())
    return out


def job_posting_nodes(data: Any) -> Iterator[dict[str, Any]]:
    """Every JobPosting anywhere in a JSON-LD value: top-level arrays, @graph, feeds and lists, nested objects."""
    stack = [data]
    seen = 0
    while stack and seen < 10000:  # bounded: a hostile document cannot keep us walking forever
        seen += 1
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            if "JobPosting" in type_names(node):
                yield node
                continue
            stack.extend(reversed([v for v in node.values() if isinstance(v, dict | list)]))


def first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def text(value: Any) -> str:
    """A plain string from a value that may be a string, number, list, or an object with a value or name."""
    value = first(value)
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, dict):
        for key in ("@value", "value", "name", "@id", "url"):
            if key in value:
                return text(value[key])
        return ""
    return html.unescape(str(value)).strip()


def texts(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [t for t in (text(v) for v in values if v is not None) if t]


def _place(value: Any) -> RawPlace | None:
    if isinstance(value, str):
        return RawPlace(text=value.strip()) if value.strip() else None
    if not isinstance(value, dict):
        return None
    address = value.get("address", value if "addressLocality" in value or "postalCode" in value else None)
    address = first(address)
    if isinstance(address, str):
        return RawPlace(text=address.strip())
    if isinstance(address, dict):
        return RawPlace(
            street=text(address.get("streetAddress")),
            postal_code=text(address.get("postalCode")),
            locality=text(address.get("addressLocality")),
            region=text(address.get("addressRegion")),
            country=text(address.get("addressCountry")),
        )
    name = text(value.get("name"))
    return RawPlace(text=name) if name else None


def _salary(node: dict[str, Any]) -> RawSalary | None:
    base = first(node.get("baseSalary"))
    currency = text(node.get("salaryCurrency"))
    if base is None or base == "":
        return None
    if not isinstance(base, dict):
        return RawSalary(min=text(base), max=None, currency=currency)
    currency = text(base.get("currency")) or currency
    value = first(base.get("value"))
    if isinstance(value, dict):
        single = value.get("value")
        low = value.get("minValue", single)
        high = value.get("maxValue", single)
        return RawSalary(min=text(low), max=text(high), currency=currency, unit=text(value.get("unitText")))
    return RawSalary(min=text(value), max=None, currency=currency, unit=text(base.get("unitText")))


def _identifier(node: dict[str, Any]) -> str:
    ident = first(node.get("identifier"))
    if isinstance(ident, dict):
        return text(ident.get("value")) or text(ident.get("@id")) or text(ident.get("name"))
    return text(ident)


def posting_from_schema(node: dict[str, Any], page_url: str, base_url: str = "") -> RawPosting | None:
    """A RawPosting from one JobPosting node; None when it has no title (nothing to show)."""
    base_url = base_url or page_url
    title = text(node.get("title")) or text(node.get("name"))
    if not title:
        return None
    url = text(node.get("url"))
    url = urljoin(base_url, url) if url else page_url
    locations = node.get("jobLocation")
    places = [p for p in (_place(v) for v in (locations if isinstance(locations, list) else [locations])) if p]
    location_type = " ".join(texts(node.get("jobLocationType"))).upper()
    employment = texts(node.get("employmentType"))
    hints = [*texts(node.get("occupationalCategory")), *texts(node.get("educationRequirements"))]
    hints += [*texts(node.get("employmentUnit")), text(node.get("industry"))]
    category = text(node.get("occupationalCategory"))
    field_code = ""
    if "kldb" in category.lower():
        digits = "".join(ch for ch in category if ch.isdigit())
        field_code = digits[:2]
    return RawPosting(
        title=title,
        url=url,
        external_id=_identifier(node),
        description=text(node.get("description")),
        date_posted=text(node.get("datePosted")),
        valid_through=text(node.get("validThrough")),
        starts_on=text(node.get("jobStartDate")),
        employment_types=employment,
        hints=[h for h in hints if h],
        places=places,
        remote="full" if "TELECOMMUTE" in location_type else "",
        salary=_salary(node),
        apply_url=url,
        field_code=field_code,
        base_url=base_url,
    )
