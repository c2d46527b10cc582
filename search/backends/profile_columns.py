"""The seeker profiles of the embedded backend as in-memory columns (numpy), for searches in milliseconds at 50k.

A snapshot holds one array per scalar (home lat/lon, commuting distance, experience, qualification rank,
availability, last update) and one bool mask per filter value (field, area, county, named county, offer and
employment type, licence, language term); it is rebuilt when the profile tables change (their generation). A
search is then a few vectorised comparisons and ANDs; a facet count an AND and a count per value, whatever the
number of matches. Only the full text goes to SQLite (FTS5), and only the page's stored display data is read.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

Mask = npt.NDArray[np.bool_]
# The multi-valued dimensions kept as one mask per value (profile_term rows); "blocked" is kept as positions.
MASK_DIMS = ("field", "area", "county", "named_county", "offer_type", "employment_type", "licence", "language")
EARTH_KM = 6371.0088


@dataclass
class ProfileColumns:
    key: tuple[str, str]
    ids: npt.NDArray[np.int64]  # sorted: a profile's position is its index here
    updated: npt.NDArray[np.float64]
    available: npt.NDArray[np.int64]  # ordinal of available_from; 0: at once
    lat: npt.NDArray[np.float64]  # NaN: no home place
    lon: npt.NDArray[np.float64]
    commute: npt.NDArray[np.float64]
    experience: npt.NDArray[np.int64]
    qualification: npt.NDArray[np.int64]
    masks: dict[str, dict[str, Mask]] = field(default_factory=dict)
    blocked: dict[str, npt.NDArray[np.int64]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.ids)

    def positions(self, ids: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Positions of the ids that are in the snapshot (others, e.g. written after it was built, dropped)."""
        if not len(ids) or not self.size:
            return np.zeros(0, dtype=np.int64)
        pos = np.searchsorted(self.ids, ids)
        pos = np.clip(pos, 0, self.size - 1)
        return pos[self.ids[pos] == ids]

    def mask_of(self, ids: npt.NDArray[np.int64]) -> Mask:
        out = np.zeros(self.size, dtype=np.bool_)
        out[self.positions(ids)] = True
        return out

    def value(self, dim: str, value: str) -> Mask:
        found = self.masks.get(dim, {}).get(value)
        return found if found is not None else np.zeros(self.size, dtype=np.bool_)

    def any_of(self, dim: str, values: Any) -> Mask:
        out = np.zeros(self.size, dtype=np.bool_)
        for v in values:
            found = self.masks.get(dim, {}).get(v)
            if found is not None:
                out |= found
        return out

    def distances(self, lat: float, lon: float) -> npt.NDArray[np.float64]:
        """Great-circle km from a point to every home (NaN where there is none), as regions.selectors.distance_km."""
        p1, p2 = np.radians(lat), np.radians(self.lat)
        dp, dl = p2 - p1, np.radians(self.lon - lon)
        a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
        out: npt.NDArray[np.float64] = 2 * EARTH_KM * np.arcsin(np.sqrt(a))
        return out


def ids_of(conn: sqlite3.Connection, sql: str, params: Any) -> npt.NDArray[np.int64]:
    """The ids a one-column query returns, read as one string and parsed by numpy (no Python object per row)."""
    joined = conn.execute(f"SELECT group_concat(id) FROM ({sql})", params).fetchone()[0]  # noqa: S608
    return np.fromstring(joined, dtype=np.int64, sep=",") if joined else np.zeros(0, dtype=np.int64)


def build(conn: sqlite3.Connection, key: tuple[str, str]) -> ProfileColumns:
    rows = conn.execute(
        "SELECT id, updated, coalesce(available, 0), coalesce(lat, 'nan'), coalesce(lon, 'nan'), commute, "
        "experience, qual FROM profile ORDER BY id"
    ).fetchall()
    table = np.array(rows, dtype=np.float64).reshape(len(rows), 8)
    cols = ProfileColumns(
        key=key,
        ids=table[:, 0].astype(np.int64),
        updated=table[:, 1],
        available=table[:, 2].astype(np.int64),
        lat=table[:, 3],
        lon=table[:, 4],
        commute=table[:, 5],
        experience=table[:, 6].astype(np.int64),
        qualification=table[:, 7].astype(np.int64),
    )
    for dim, value, joined in conn.execute(
        "SELECT dim, value, group_concat(profile) FROM profile_term GROUP BY dim, value"
    ):
        pos = cols.positions(np.fromstring(joined, dtype=np.int64, sep=","))
        if dim == "blocked":
            cols.blocked[value] = pos
            continue
        mask = np.zeros(cols.size, dtype=np.bool_)
        mask[pos] = True
        cols.masks.setdefault(dim, {})[value] = mask
    return cols
