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
    return {n for n in out if n} | ({"JobPosting"} if any(n.lower() == "jobposting" for n in out) else set())


def _schema_prefixes(data: Any) -> tuple[str, ...]:
    """The prefixes a document's @context binds to schema.org ("s" of {"s": "https://schema.org/"}), as "s:"."""
    found: list[str] = []
    for node in _objects(data):
        context = node.get("@context")
        for ctx in context if isinstance(context, list) else [context]:
            if isinstance(ctx, dict):
                found += [
                    f"{name}:"
                    for name, iri in ctx.items()
                    if isinstance(iri, str) and not name.startswith("@") and _is_schema_iri(iri)
                ]
    return tuple(dict.fromkeys(found))


# A hostile document cannot make a walk over it endless: at most this many of its values are visited.
_MAX_NODES = 10000


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every object of a JSON document, however nested (at most _MAX_NODES values visited)."""
    stack, seen = [data], 0
    while stack and seen < _MAX_NODES:
        seen += 1
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            yield node
            stack.extend(v for v in node.values() if isinstance(v, dict | list))


def _is_schema_iri(iri: str) -> bool:
    return iri.rstrip("/#").removeprefix("https://").removeprefix("http://").removeprefix("www.") == "schema.org"


def _bare_name(name: str, prefixes: tuple[str, ...]) -> str:
    for prefix in (*SCHEMA_PREFIXES, *prefixes):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _compact(data: Any, prefixes: tuple[str, ...], depth: int = 0) -> Any:
    """A copy with schema.org property and type names bare ("schema:title", "http://schema.org/title" → "title"),
    whatever prefix or @vocab the page's @context declared."""
    if depth > 50:  # bounded: a hostile document cannot nest us into a RecursionError
        return None
    if isinstance(data, list):
        return [_compact(v, prefixes, depth + 1) for v in data]
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = _bare_name(key, prefixes) if isinstance(key, str) else key
        if name in ("@type", "type"):
            types = value if isinstance(value, list) else [value]
            value = [_bare_name(t, prefixes).strip() if isinstance(t, str) else t for t in types]
        else:
            value = _compact(value, prefixes, depth + 1)
        out.setdefault(name, value)
    return out


def _nodes_by_id(data: Any) -> dict[str, dict[str, Any]]:
    """Every node that has an @id and says something, merged per @id (a @graph may describe a node in parts)."""
    index: dict[str, dict[str, Any]] = {}
    for node in _objects(data):
        node_id = node.get("@id")
        if isinstance(node_id, str) and set(node) - {"@id"}:
            merged = index.setdefault(node_id, {})
            for key, value in node.items():
                merged.setdefault(key, value)
    return index


def _resolved(value: Any, index: dict[str, dict[str, Any]], depth: int = 0, trail: frozenset[str] = frozenset()) -> Any:
    """`value` with each bare reference {"@id": …} replaced by the node it names (Yoast's @graph points its
    JobPosting at the Organization and the Place this way); cycles and depth are cut off."""
    if depth > 8:
        return value
    if isinstance(value, list):
        return [_resolved(v, index, depth + 1, trail) for v in value]
    if not isinstance(value, dict):
        return value
    node_id = value.get("@id")
    if isinstance(node_id, str) and set(value) == {"@id"} and node_id in index and node_id not in trail:
        value = index[node_id]
    if isinstance(node_id, str):
        trail = trail | {node_id}
    return {k: _resolved(v, index, depth + 1, trail) if k != "@type" else v for k, v in value.items()}


def job_posting_nodes(data: Any) -> Iterator[dict[str, Any]]:
    """Every JobPosting anywhere in a JSON-LD value: top-level arrays, @graph (after other nodes), mainEntity,
    ItemList → ListItem → item, feeds, nested objects; with schema.org names made bare, references to other nodes
    resolved, and a posting described twice (two script blocks, a reference and the node) given once.

    Written by hand rather than with a JSON-LD processor: those expand against the context documents they fetch
    from the network, which the crawler must not do for a page's say-so."""
    data = _compact(data, _schema_prefixes(data))
    index = _nodes_by_id(data)
    stack = [data]
    seen, given = 0, set()
    while stack and seen < 10000:  # bounded: a hostile document cannot keep us walking forever
        seen += 1
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            node_id = node.get("@id")
            if isinstance(node_id, str) and set(node) == {"@id"}:
                node = index.get(node_id, node)  # a reference (mainEntity → the posting elsewhere in the graph)
            if "JobPosting" in type_names(node):
                if isinstance(node_id, str):
                    if node_id in given:
                        continue
                    given.add(node_id)
                    node = {**index.get(node_id, {}), **node}
                yield _resolved(node, index)
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
    external_id = _identifier(node)
    node_id = node.get("@id")
    if not external_id and url == page_url and isinstance(node_id, str) and node_id.strip():
        # No id and no page of its own (one of several postings on a page): its @id tells it apart.
        external_id = urljoin(base_url, node_id.strip())
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
        external_id=external_id,
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
