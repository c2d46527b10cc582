"""Posting-id bitmaps (Python ints) for the embedded backend: facet counts and filters without scanning rows.

A facet count is `(matches & value).bit_count()`: an AND and a popcount over max_id/8 bytes in C, so counting
every facet value of a search costs well under a millisecond at 100k postings, whatever the number of matches.
A snapshot holds one bitmap per filter value and is rebuilt when the index changes (its generation) or the day.
Converting between id lists and bitmaps goes through numpy: a Python loop over 10k+ matching ids cost more than
the full-text match itself.
"""

from __future__ import annotations

import datetime
import sqlite3
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from regions.selectors import distance_km

from ..documents import EMPLOYMENT_BITS

_BIT = bytes(1 << i for i in range(8))
# Dimensions with one bitmap per value: the six facets and the filters that have few values.
DIMENSIONS = ("county", "network", "field", "area", "offer_type", "employment_type", "contract", "remote", "company")


IdArray = npt.NDArray[np.int64]


def _nbytes(size: int) -> int:
    return (size + 7) // 8 + 1


def from_array(ids: IdArray, size: int) -> int:
    """A bitmap of the ids in an integer array (each below `size`)."""
    if not len(ids):
        return 0
    bits = np.zeros(_nbytes(size) * 8, dtype=np.bool_)
    bits[ids] = True
    return int.from_bytes(np.packbits(bits, bitorder="little").tobytes(), "little")


def from_ids(ids: Iterable[int], size: int) -> int:
    return from_array(np.fromiter(ids, dtype=np.int64), size)


def from_query(conn: sqlite3.Connection, sql: str, params: Sequence[Any], size: int) -> int:
    """A bitmap of the ids a query returns (one column), read as one comma-separated string and parsed by numpy:
    no Python object per matching row."""
    joined = conn.execute(f"SELECT group_concat(id) FROM ({sql})", params).fetchone()[0]  # noqa: S608
    return from_array(np.fromstring(joined, dtype=np.int64, sep=","), size) if joined else 0


def to_mask(bitmap: int, size: int) -> npt.NDArray[np.bool_]:
    """One bool per id below `size`: True where the bitmap has the id."""
    raw = np.frombuffer(bitmap.to_bytes(_nbytes(size), "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[:size].view(np.bool_)


def to_array(bitmap: int) -> IdArray:
    """The ids in a bitmap, ascending."""
    if not bitmap:
        return np.empty(0, dtype=np.int64)
    raw = np.frombuffer(bitmap.to_bytes((bitmap.bit_length() + 7) // 8, "little"), dtype=np.uint8)
    return np.flatnonzero(np.unpackbits(raw, bitorder="little"))


def to_ids(bitmap: int) -> list[int]:
    """The ids in a bitmap, ascending, as Python ints."""
    ids: list[int] = to_array(bitmap).tolist()
    return ids


@dataclass
class Snapshot:
    key: tuple[str, str, int]
    size: int
    visible: int
    values: dict[str, dict[str, int]] = field(default_factory=dict)
    # Per posting id: the day posted (ordinal, 0 = no posting) and the monthly salary (-1: none given).
    posted: IdArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    salary: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(0, dtype=np.float64))
    # Per posting id: the day the work starts (ordinal), 0 when the posting names none.
    starts: IdArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # One bitmap per workplace coordinate: postings sit in a few hundred municipalities, so a radius search
    # measures each coordinate once instead of each posting.
    places: dict[tuple[float, float], int] = field(default_factory=dict)
    # The same as id arrays: the distance sort ranks every match by its nearest coordinate in one numpy pass.
    place_ids: dict[tuple[float, float], IdArray] = field(default_factory=dict)
    # One bitmap per workplace municipality (AGS): the postings per place of the map.
    municipalities: dict[str, int] = field(default_factory=dict)
    # One bitmap per posting day (ordinal): "posted since" is an OR of a few dozen bitmaps, kept per `since`.
    days: dict[int, int] = field(default_factory=dict)
    _since: dict[int, int] = field(default_factory=dict, repr=False)
    _salary_floor: dict[float, int] = field(default_factory=dict, repr=False)
    _starting_from: dict[int, int] = field(default_factory=dict, repr=False)
    _near: dict[tuple[float, float, float], tuple[list[tuple[float, tuple[float, float]]], int]] = field(
        default_factory=dict, repr=False
    )
    _by_newest: IdArray | None = field(default=None, repr=False)

    def newness(self, ids: IdArray) -> IdArray:
        """A sort key per id: newer postings higher, and among one day's postings the higher id."""
        return self.posted[ids] * self.size + ids

    def by_newest(self) -> IdArray:
        """Every id, newest posting first (computed once per snapshot)."""
        if self._by_newest is None:
            ids = np.arange(self.size, dtype=np.int64)
            self._by_newest = ids[np.argsort(self.newness(ids), kind="stable")[::-1]]
        return self._by_newest

    def newest(self, bitmap: int, count: int) -> list[int]:
        """The `count` newest postings of a bitmap (ties: higher id first).

        A dense set is read in date order until enough are found; a sparse one is listed and the newest picked,
        whichever touches fewer ids.
        """
        n = bitmap.bit_count()
        if not n or count <= 0:
            return []
        if n * 16 >= self.size and count * 4 < n:
            mask, order = to_mask(bitmap, self.size), self.by_newest()
            step = max(256, 2 * count * self.size // n)
            found: list[int] = []
            for start in range(0, self.size, step):
                chunk = order[start : start + step]
                found += chunk[mask[chunk]].tolist()
                if len(found) >= count:
                    break
            return found[:count]
        ids = to_array(bitmap)
        keys = self.newness(ids)
        if count < n:
            top = np.argpartition(keys, n - count)[n - count :]
            ids, keys = ids[top], keys[top]
        newest: list[int] = ids[np.argsort(keys)[::-1]].tolist()
        return newest

    def by_distance(self, bitmap: int, near: Sequence[tuple[float, float]], start: int, stop: int) -> list[int]:
        """Postings of a bitmap in the order of their nearest coordinate in `near` (nearest first), the newest first
        at one coordinate; positions start to stop of that order. One pass over the matches, whatever their number
        or the number of coordinates."""
        if not bitmap or not near or stop <= start:
            return []
        unranked = len(near)
        rank = np.full(self.size, unranked, dtype=np.int64)
        for r in range(len(near) - 1, -1, -1):  # the nearest coordinate is written last, so it wins
            rank[self.place_ids[near[r]]] = r
        ids = to_array(bitmap)
        ranks = rank[ids]
        placed = ranks < unranked
        ids, ranks = ids[placed], ranks[placed]
        # One key per posting: its coordinate's rank first, then the newest first (newness < size * max ordinal).
        newness = self.newness(ids)
        keys = ranks * (int(newness.max(initial=0)) + 1) - newness
        if stop < len(ids):
            top = np.argpartition(keys, stop - 1)[:stop]
            ids, keys = ids[top], keys[top]
        ordered: list[int] = ids[np.argsort(keys, kind="stable")][start:stop].tolist()
        return ordered

    def posted_since(self, since: int) -> int:
        """Postings whose date (ordinal) is `since` or later."""
        found = self._since.get(since)
        if found is None:
            found = 0
            for day, bitmap in self.days.items():
                if day >= since:
                    found |= bitmap
            if len(self._since) > 64:
                self._since.clear()
            self._since[since] = found
        return found

    def near(self, lat: float, lon: float, radius: float) -> tuple[list[tuple[float, tuple[float, float]]], int]:
        """The workplace coordinates within `radius` km of a point, nearest first, and their postings' bitmap. Kept
        per point and radius: a run of job alerts asks the same few places and radii thousands of times."""
        key = (lat, lon, radius)
        found = self._near.get(key)
        if found is None:
            # Great-circle distance per workplace coordinate (a few hundred), not per posting.
            near = sorted((d, coord) for coord in self.places if (d := distance_km(lat, lon, *coord)) <= radius)
            geo = 0
            for _, coord in near:
                geo |= self.places[coord]
            if len(self._near) > 256:
                self._near.clear()
            found = self._near[key] = (near, geo)
        return found

    def salary_at_least(self, floor: float) -> int:
        """Postings whose salary is `floor` or more, kept per floor (people pick from a few round figures)."""
        found = self._salary_floor.get(floor)
        if found is None:
            found = from_array(np.flatnonzero(self.salary >= floor), self.size)
            if len(self._salary_floor) > 64:
                self._salary_floor.clear()
            self._salary_floor[floor] = found
        return found

    def starting_from(self, day: int) -> int:
        """Postings that start on `day` (ordinal) or later, or name no start; kept per day (matching asks for a
        candidate's first day of availability)."""
        found = self._starting_from.get(day)
        if found is None:
            found = from_array(np.flatnonzero((self.starts == 0) | (self.starts >= day)), self.size)
            if len(self._starting_from) > 64:
                self._starting_from.clear()
            self._starting_from[day] = found
        return found

    def any_of(self, dim: str, wanted: Iterable[str]) -> int:
        bitmaps = self.values[dim]
        out = 0
        for value in wanted:
            out |= bitmaps.get(value, 0)
        return out


def build(conn: sqlite3.Connection, key: tuple[str, str, int], today: datetime.date) -> Snapshot:
    """Read the filter columns of every posting once and set its bit in each of its values' bitmaps."""
    size = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM doc").fetchone()[0])
    nbytes = _nbytes(size)
    buffers: dict[str, dict[str, bytearray]] = {d: {} for d in DIMENSIONS}
    visible = bytearray(nbytes)
    posted = array("q", [0]) * size
    salaries = array("d", [-1.0]) * size
    starts = array("q", [0]) * size
    bit_names = list(EMPLOYMENT_BITS.items())
    today_ordinal = today.toordinal()

    def mark(dim: str, value: str, byte: int, bit: int) -> None:
        buf = buffers[dim].get(value)
        if buf is None:
            buf = buffers[dim][value] = bytearray(nbytes)
        buf[byte] |= bit

    rows = conn.execute(
        "SELECT id, posted, expires, company, field, area, offer, contract, remote, emp, counties, networks, salary, "
        "starts FROM doc"
    )
    for (
        pk,
        day,
        expires,
        company,
        field_,
        area,
        offer,
        contract,
        remote,
        emp,
        counties,
        networks,
        salary,
        start,
    ) in rows:
        byte, bit = pk >> 3, _BIT[pk & 7]
        posted[pk] = day
        if start:
            starts[pk] = start
        if salary is not None:
            salaries[pk] = salary
        if expires >= today_ordinal:
            visible[byte] |= bit
        mark("company", company, byte, bit)
        mark("field", field_, byte, bit)
        mark("area", area, byte, bit)
        mark("offer_type", offer, byte, bit)
        mark("contract", contract, byte, bit)
        mark("remote", remote, byte, bit)
        for name, flag in bit_names:
            if emp & flag:
                mark("employment_type", name, byte, bit)
        for county in counties.split(","):
            if county:
                mark("county", county, byte, bit)
        for network in networks.split(","):
            if network:
                mark("network", network, byte, bit)
    days: dict[int, bytearray] = {}
    for pk, day in enumerate(posted):
        if day:
            buf = days.get(day)
            if buf is None:
                buf = days[day] = bytearray(nbytes)
            buf[pk >> 3] |= _BIT[pk & 7]
    places: dict[tuple[float, float], bytearray] = {}
    municipalities: dict[str, bytearray] = {}
    for pk, lat, lon, ags in conn.execute("SELECT doc, lat, lon, ags FROM doc_place"):
        byte, bit = pk >> 3, _BIT[pk & 7]
        buf = places.get((lat, lon))
        if buf is None:
            buf = places[(lat, lon)] = bytearray(nbytes)
        buf[byte] |= bit
        buf = municipalities.get(ags)
        if buf is None:
            buf = municipalities[ags] = bytearray(nbytes)
        buf[byte] |= bit
    place_bitmaps = {coord: int.from_bytes(b, "little") for coord, b in places.items()}
    return Snapshot(
        places=place_bitmaps,
        place_ids={coord: to_array(bitmap) for coord, bitmap in place_bitmaps.items()},
        municipalities={ags: int.from_bytes(b, "little") for ags, b in municipalities.items()},
        days={day: int.from_bytes(b, "little") for day, b in days.items()},
        key=key,
        size=size,
        visible=int.from_bytes(visible, "little"),
        values={d: {v: int.from_bytes(b, "little") for v, b in bufs.items()} for d, bufs in buffers.items()},
        posted=np.frombuffer(posted, dtype=np.int64),
        starts=np.frombuffer(starts, dtype=np.int64),
        salary=np.frombuffer(salaries, dtype=np.float64),
    )
