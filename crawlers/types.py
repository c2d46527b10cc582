"""What extraction hands to normalization: a posting as the source said it, before any interpretation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RawPlace:
    street: str = ""
    postal_code: str = ""
    locality: str = ""
    region: str = ""
    country: str = ""
    text: str = ""  # a place given only as free text ("Nordhausen", "99734 Nordhausen, Thüringen")


@dataclass
class RawSalary:
    min: Any = None
    max: Any = None
    currency: str = ""
    unit: str = ""  # HOUR, MONTH, YEAR, "per month", "monthly", ...


@dataclass
class RawPosting:
    title: str
    url: str = ""  # the posting's own page (canonical URL)
    external_id: str = ""  # the source's id; empty means "use the URL"
    description: str = ""  # HTML
    date_posted: str = ""
    valid_through: str = ""
    starts_on: str = ""  # when the work begins (schema.org jobStartDate): a date, or text such as "ab sofort"
    employment_types: list[str] = field(default_factory=list)  # raw vocabulary of the source
    hints: list[str] = field(default_factory=list)  # other raw words that tell offer type or contract
    places: list[RawPlace] = field(default_factory=list)
    remote: str = ""  # "", "hybrid" or "full"
    salary: RawSalary | None = None
    apply_url: str = ""
    apply_email: str = ""
    field_code: str = ""  # a KldB code when the source gives one
    base_url: str = ""  # what relative links in the description are resolved against

    @property
    def key(self) -> str:
        """Identity within its source: the source's id, else the canonical URL."""
        return self.external_id or self.url
