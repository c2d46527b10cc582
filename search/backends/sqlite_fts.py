"""The embedded backend: an SQLite FTS5 index in its own file (no server), whatever the main database is.

Shapes that keep every query class in milliseconds at 100k postings (measured, see bench/search.py):
- text is analysed in Python (search.analysis: folding, Snowball stemming, compound parts) and stored as plain
  terms in an FTS5 table over `unicode61 remove_diacritics 2` (detail=column: no phrases are needed);
- FTS5 only answers which postings match (and, from small tables of the titles and of the boilerplate alone,
  where each word matches: title, title compound part, own text, boilerplate); no bm25 over every match. Relevance
  is the same word-level score the Elasticsearch backend uses (base.SCORE_*), newest first among equals;
- filters and facets are bitmaps of posting ids (Python ints; see bitmaps.py) kept per process and rebuilt when
  the index changes: a facet count is an AND and a popcount, whatever the number of matches, never a row scan;
- a radius search measures each workplace coordinate (a few hundred municipalities) instead of each posting;
- the stored text (for snippets) is read for the page's postings only; typo tolerance uses a SymSpell deletion
  table over the title vocabulary.

Seeker profiles (the second kind) live in their own tables of the same file (`profile*`): FTS5 over the same
analysed terms (title: headline and occupation titles; body: skills and about); filters, place semantics, facets,
scoring and paging over in-memory numpy columns (profile_columns.py, rebuilt when the profiles change), all inside
the same time budget. Which
operations cover which kind: see search.backends.base. `rebuild` replaces the posting tables only (a new epoch),
`rebuild_profiles` the profile tables only; `reset_index` and a schema change drop both.
"""

# ruff: noqa: S608  -- SQL here is assembled from constants and placeholder names; values are always bound.

from __future__ import annotations

import contextlib
import datetime
import gc
import json
import logging
import os
import sqlite3
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from regions.selectors import distance_km
from regions.text import fold

from .. import analysis
from ..documents import IndexDocument
from ..highlight import snippet
from ..profile_documents import ProfileDocument
from ..query import (
    DATE_BUCKETS,
    DATE_FACET,
    FACETS,
    PROFILE_FACETS,
    QUALIFICATIONS,
    ProfileQuery,
    SearchQuery,
    qualification_rank,
)
from ..results import FacetValue, Hit, ProfileHit, SearchResults
from . import bitmaps, profile_columns
from .base import (
    SCORE_BODY,
    SCORE_BOILERPLATE,
    SCORE_TITLE,
    SCORE_TITLE_PART,
    BaseSearchBackend,
    SearchBackendError,
    SearchTimeout,
)

logger = logging.getLogger(__name__)

# 9: the profile tables; 10: profiles as columns (commute, experience, qualification); 11: the postings' title
# parts and boilerplate in columns of their own, titles and boilerplate also in tables of their own; 12: the
# postings' start day
SCHEMA_VERSION = "12"
# Relevance of a seeker profile: each query word scores TITLE_SCORE if it matches the headline or an occupation,
# else BODY_SCORE; among equal scores the newest come first. (Postings: search.backends.base.WORD_SCORES.) bm25
# over every match costs ~7 µs a row, too much for common words at 100k; the Elasticsearch backend scores the same
# way, so both rank alike.
TITLE_SCORE, BODY_SCORE = 10, 1
MAX_FUZZY_CANDIDATES = 8
# SQLite calls the time-budget check every this many virtual-machine steps (some microseconds of work).
_BUDGET_CHECK_STEPS = 1000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS doc(
    id INTEGER PRIMARY KEY,
    posted INTEGER NOT NULL,
    expires INTEGER NOT NULL,
    company TEXT NOT NULL,
    field TEXT NOT NULL,
    area TEXT NOT NULL,
    offer TEXT NOT NULL,
    contract TEXT NOT NULL,
    remote TEXT NOT NULL,
    emp INTEGER NOT NULL,
    salary REAL,
    counties TEXT NOT NULL,
    networks TEXT NOT NULL,
    starts INTEGER
);
CREATE TABLE IF NOT EXISTS doc_data(
    id INTEGER PRIMARY KEY,
    title_key TEXT NOT NULL,
    digest TEXT NOT NULL,
    display TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_posted ON doc(posted DESC, id DESC);
CREATE INDEX IF NOT EXISTS doc_salary ON doc(salary);
CREATE TABLE IF NOT EXISTS doc_place(doc INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, ags TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS doc_place_doc ON doc_place(doc);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, tpart, body, boiler, tokenize = 'unicode61 remove_diacritics 2', detail = column
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_vocab USING fts5vocab(fts, 'row');
CREATE VIRTUAL TABLE IF NOT EXISTS ftitle USING fts5(
    title, tpart, tokenize = 'unicode61 remove_diacritics 2', detail = column
);
CREATE VIRTUAL TABLE IF NOT EXISTS fboiler USING fts5(
    boiler, tokenize = 'unicode61 remove_diacritics 2', detail = none
);
CREATE TABLE IF NOT EXISTS term_del(k TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY(k, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS title_count(key TEXT PRIMARY KEY, title TEXT NOT NULL, n INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS title_word(word TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY(word, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS profile(
    id INTEGER PRIMARY KEY,
    updated REAL NOT NULL,
    available INTEGER,
    lat REAL,
    lon REAL,
    commute REAL NOT NULL,
    experience INTEGER NOT NULL,
    qual INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS profile_term(
    dim TEXT NOT NULL, value TEXT NOT NULL, profile INTEGER NOT NULL, PRIMARY KEY(dim, value, profile)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS profile_term_profile ON profile_term(profile);
CREATE TABLE IF NOT EXISTS profile_data(id INTEGER PRIMARY KEY, digest TEXT NOT NULL, display TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS profile_fts USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 2', detail = column
);
CREATE VIRTUAL TABLE IF NOT EXISTS profile_fts_vocab USING fts5vocab(profile_fts, 'row');
"""

_POSTING_TABLES = (
    "fts_vocab",
    "doc",
    "doc_data",
    "doc_county",
    "doc_net",
    "doc_place",
    "fts",
    "ftitle",
    "fboiler",
    "term_del",
    "title_count",
    "title_word",
)
_PROFILE_TABLES = ("profile_fts_vocab", "profile", "profile_term", "profile_data", "profile_fts")
_TABLES = (*_POSTING_TABLES, *_PROFILE_TABLES, "meta")


# The full-text tables of the postings: everything (what a search matches), the titles alone and the boilerplate alone
# (a word's ranking levels, read from short lists).
_FTS_TABLES = ("fts", "ftitle", "fboiler")
# FTS5 keeps new terms in memory up to this many bytes (its default), then writes them as a segment that later
# merges rewrite. A rebuild raises it so that ~100k postings make one segment (no merging, `optimize` a no-op).
_FTS5_HASHSIZE = 1024 * 1024
_REBUILD_HASHSIZE = 64 * 1024 * 1024


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a bulk load (for the whole process: a rebuild runs in its own command).

    A reindex allocates millions of acyclic containers (rows, documents) that live for a batch, long enough to be
    promoted, so the collector kept walking them and then the whole heap: ~1.5 s of a 100k reindex. Reference
    counting still frees them; the few cycles made meanwhile wait for the next collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _is_corrupt(exc: BaseException) -> bool:
    """Whether an error (or the SQLite error behind a SearchBackendError) says the file is not a sound database."""
    if isinstance(exc, SearchBackendError):
        exc = exc.__cause__ or exc
    return getattr(exc, "sqlite_errorcode", None) in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)


def _keys(values: Sequence[str]) -> str:
    """Several values in one column, comma-separated (split again when the bitmaps are built)."""
    return ",".join(values)


class SqliteFtsBackend(BaseSearchBackend):
    name = "sqlite_fts"
    unsupported: dict[str, str] = {}
    # A corrupt, unreadable or unwritable index file, or an index folder that cannot be created.
    engine_errors = (sqlite3.Error, OSError)

    def __init__(self, params: dict[str, Any]):
        super().__init__(params)
        self.path = Path(params["PATH"])
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._snap: bitmaps.Snapshot | None = None
        self._profile_cols: profile_columns.ProfileColumns | None = None
        self._known_terms: tuple[str, set[str]] | None = None

    # ---- connection ------------------------------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "pid", None) == os.getpid():
            return conn
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("PRAGMA cache_size=-131072")
        conn.execute("PRAGMA mmap_size=1073741824")
        # The profiles' radius: great-circle kilometres between two points, in SQL.
        conn.create_function("km", 4, distance_km, deterministic=True)
        self._ensure_schema(conn)
        self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def _ensure_schema(self, conn: sqlite3.Connection) -> None:
        has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone()
        version = conn.execute("SELECT v FROM meta WHERE k='schema'").fetchone() if has_meta else None
        if version is not None and version[0] != SCHEMA_VERSION:
            # An index built by another version of this code: rebuild it (the database is the source of truth).
            self._drop_all(conn)
        self._create(conn)

    @staticmethod
    def _create(conn: sqlite3.Connection) -> None:
        # Statement by statement (not executescript, which would commit an open transaction).
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute(
            "INSERT OR IGNORE INTO meta(k, v) VALUES ('schema', ?), ('generation', '0'), ('epoch', ?)",
            (SCHEMA_VERSION, uuid.uuid4().hex),
        )

    @staticmethod
    def _drop_all(conn: sqlite3.Connection) -> None:
        for table in _TABLES:
            conn.execute(f"DROP TABLE IF EXISTS {table}")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.exists())

    def ping(self) -> bool:
        try:
            self._conn().execute("SELECT 1").fetchone()
        except self.engine_errors:
            return False
        return True

    # ---- writes ----------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction at a time (per process, and by BEGIN IMMEDIATE across processes); all or nothing."""
        with self._write_lock:
            conn = self._conn()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise SearchBackendError(str(exc)) from exc
                raise

    def reset_index(self) -> None:
        try:
            self._reset()
        except (SearchBackendError, sqlite3.DatabaseError) as exc:
            if not _is_corrupt(exc):
                raise
            self._discard_file()
            self._reset()

    def _reset(self) -> None:
        with self._writing() as conn:
            self._drop_all(conn)
            self._create(conn)

    def _reset_postings(self) -> None:
        """Empty the posting tables only (the profiles stay), under a new epoch (cached typo terms are dropped)."""
        try:
            with self._writing() as conn:
                for table in _POSTING_TABLES:
                    conn.execute(f"DROP TABLE IF EXISTS {table}")
                self._create(conn)
                conn.execute("UPDATE meta SET v = ? WHERE k = 'epoch'", (uuid.uuid4().hex,))
        except (SearchBackendError, sqlite3.DatabaseError) as exc:
            if not _is_corrupt(exc):
                raise
            self._discard_file()
            self._reset()

    def _discard_file(self) -> None:
        """Delete an index file that is not (or no longer) an SQLite database, so the next write starts a new one.
        The index is a projection of the database: it is replaced, not repaired."""
        logger.warning("search: the index file %s is corrupt; it is replaced by an empty one", self.path.name)
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _known(self, conn: sqlite3.Connection) -> set[str]:
        """Title terms already in the typo table, so a bulk insert adds only new ones (per index epoch, since
        another process may have rebuilt the index)."""
        epoch = conn.execute("SELECT v FROM meta WHERE k = 'epoch'").fetchone()[0]
        if self._known_terms is None or self._known_terms[0] != epoch:
            terms = {r[0] for r in conn.execute("SELECT term FROM term_del WHERE k = term")}
            self._known_terms = (epoch, terms)
        return self._known_terms[1]

    def add_bulk(self, docs: Sequence[IndexDocument]) -> None:
        if not docs:
            return
        with self._writing() as conn:
            self._delete_rows(conn, [d.id for d in docs])
            self._insert_rows(conn, docs)
            self._bump(conn)

    def _insert_rows(self, conn: sqlite3.Connection, docs: Sequence[IndexDocument]) -> None:
        known = self._known(conn)
        doc_rows: list[tuple[Any, ...]] = []
        data_rows: list[tuple[int, str, str, str, str]] = []
        fts_rows: list[tuple[int, str, str, str, str]] = []
        place_rows: list[tuple[int, float, float, str]] = []
        new_terms: set[str] = set()
        titles: Counter[str] = Counter()
        title_text: dict[str, str] = {}
        # Titles repeat within a batch: each distinct one is analysed once (its key and its FTS text).
        analysed: dict[str, tuple[str, str, str]] = {}
        for d in docs:
            seen = analysed.get(d.title_search)
            if seen is None:
                wholes, parts = analysis.title_terms(d.title_search)
                new_terms.update(t for t in (*wholes, *parts) if t not in known)
                key = analysis.fold_key(d.title_search)
                seen = analysed[d.title_search] = (key, " ".join(wholes), " ".join(parts))
            key, title_fts, parts_fts = seen
            titles[key] += 1
            title_text.setdefault(key, d.title_search)
            doc_rows.append(
                (
                    d.id, d.date_posted.toordinal(), d.expires_on.toordinal(), d.company_slug, d.field, d.area,
                    d.offer_type, d.contract, d.remote, d.employment_bits, d.salary_month, _keys(d.counties),
                    _keys(d.networks), d.starts_on.toordinal() if d.starts_on else None,
                )
            )  # fmt: skip
            data_rows.append((d.id, key, d.digest, d.display_json, d.body))
            fts_rows.append(
                (d.id, title_fts, parts_fts, analysis.index_text(d.search_text), analysis.index_text(d.boilerplate))
            )
            place_rows.extend((d.id, p["lat"], p["lon"], p["municipality"]) for p in d.places)
        conn.executemany("INSERT INTO doc VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", doc_rows)
        conn.executemany("INSERT INTO doc_data VALUES (?,?,?,?,?)", data_rows)
        conn.executemany("INSERT INTO fts(rowid, title, tpart, body, boiler) VALUES (?,?,?,?,?)", fts_rows)
        conn.executemany("INSERT INTO ftitle(rowid, title, tpart) VALUES (?,?,?)", [r[:3] for r in fts_rows])
        conn.executemany("INSERT INTO fboiler(rowid, boiler) VALUES (?,?)", [(r[0], r[4]) for r in fts_rows if r[4]])
        conn.executemany("INSERT INTO doc_place VALUES (?,?,?,?)", place_rows)
        if new_terms:
            rows = [(t, t) for t in new_terms]
            rows += [(k, t) for t in new_terms if len(t) >= 4 for k in analysis.deletions(t)]
            conn.executemany("INSERT OR IGNORE INTO term_del VALUES (?,?)", rows)
            known.update(new_terms)
        conn.executemany(
            "INSERT INTO title_count(key, title, n) VALUES (?,?,?) ON CONFLICT(key) DO UPDATE SET n = n + excluded.n",
            [(k, title_text[k], n) for k, n in titles.items()],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO title_word VALUES (?,?)",
            [(w, k) for k in titles for w in set(analysis.words(k)) if w not in analysis.STOPWORDS],
        )

    def _delete_rows(self, conn: sqlite3.Connection, ids: Sequence[int]) -> None:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            old = conn.execute(f"SELECT title_key FROM doc_data WHERE id IN ({marks})", chunk).fetchall()
            if not old:
                continue
            conn.executemany("UPDATE title_count SET n = n - 1 WHERE key = ?", old)
            for table, col in (("doc", "id"), ("doc_data", "id"), ("doc_place", "doc")):
                conn.execute(f"DELETE FROM {table} WHERE {col} IN ({marks})", chunk)
            conn.execute(f"DELETE FROM fts WHERE rowid IN ({marks})", chunk)
            conn.execute(f"DELETE FROM ftitle WHERE rowid IN ({marks})", chunk)
            conn.execute(f"DELETE FROM fboiler WHERE rowid IN ({marks})", chunk)

    def delete(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        if not ids:
            return
        with self._writing() as conn:
            self._delete_rows(conn, ids)
            self._bump(conn)

    @staticmethod
    def _bump(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE meta SET v = CAST(v AS INTEGER) + 1 WHERE k = 'generation'")

    def rebuild(self, batches: Iterable[Sequence[IndexDocument]], progress: Any = None) -> int:
        try:
            conn = self._conn()
        except sqlite3.DatabaseError as exc:
            if not _is_corrupt(exc):
                raise
            self._discard_file()
            conn = self._conn()
        # Debian and others build SQLite with SECURE_DELETE on: dropping the old index then wrote zeros over each of
        # its pages and checkpointed them (~2 s at 100k postings). FAST still clears deleted content where that
        # costs no extra I/O. The setting is this connection's, restored after the rebuild.
        secure_delete = conn.execute("PRAGMA secure_delete").fetchone()[0]
        conn.execute("PRAGMA secure_delete = FAST")
        try:
            self._reset_postings()
            n = 0
            with _gc_paused(), self._writing() as conn:
                for table in _FTS_TABLES:
                    conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)", (_REBUILD_HASHSIZE,))
                for batch in batches:
                    self._insert_rows(conn, batch)
                    n += len(batch)
                    if progress is not None:
                        progress(len(batch))
                # Back to the default for later updates; the terms still pending are written at commit all the same.
                for table in _FTS_TABLES:
                    conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)", (_FTS5_HASHSIZE,))
                self._bump(conn)
            with self._write_lock:
                # One b-tree per term instead of many segments: faster reads for an index that is read far more.
                for table in _FTS_TABLES:
                    conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        finally:
            conn.execute(f"PRAGMA secure_delete = {int(secure_delete)}")
        return n

    def digests(self) -> dict[int, str]:
        return dict(self._conn().execute("SELECT id, digest FROM doc_data"))

    # ---- reads -----------------------------------------------------------------------------------------------

    def _word_expressions(
        self,
        conn: sqlite3.Connection,
        words: list[analysis.QueryWord],
        vocab: str = "fts_vocab",
        typos: list[str] | None = None,
    ) -> tuple[list[str], set[str]]:
        """One FTS5 expression per word: an OR of its terms, part groups and (one-typo) neighbours. A word whose
        stem is in `vocab` (the vocabulary of the kind searched) is taken as spelled right; the words searched with
        their neighbours are added to `typos`."""
        exprs: list[str] = []
        extra: set[str] = set()
        for w in words:
            alts = [f'"{t}"' for t in w.any_of]
            alts += ["(" + " AND ".join(f'"{t}"' for t in group) + ")" for group in w.all_of]
            if w.fuzzy_term and not conn.execute(f"SELECT 1 FROM {vocab} WHERE term = ?", (w.fuzzy_term,)).fetchone():
                if typos is not None:
                    typos.append(w.surface)
                for term in self._neighbours(conn, w):
                    alts.append(f'"{term}"')
                    extra.add(term)
            exprs.append("(" + " OR ".join(alts) + ")")
        return exprs, extra

    @staticmethod
    def _neighbours(conn: sqlite3.Connection, w: analysis.QueryWord) -> list[str]:
        """Title terms one typo away: stems within one edit of the query's stem, or stems of its one-edit spellings."""
        term = w.fuzzy_term or ""
        keys = [term, *analysis.deletions(term)]
        marks = ",".join("?" * len(keys))
        rows = conn.execute(f"SELECT DISTINCT term FROM term_del WHERE k IN ({marks})", keys).fetchall()
        found = {r[0] for r in rows if r[0] != term and analysis.within_one_edit(term, r[0])}
        spelled = sorted(analysis.typo_stems(w.surface))
        marks = ",".join("?" * len(spelled))
        found.update(r[0] for r in conn.execute(f"SELECT k FROM term_del WHERE k = term AND k IN ({marks})", spelled))
        return sorted(found)[:MAX_FUZZY_CANDIDATES]

    @contextlib.contextmanager
    def _budget(self, conn: sqlite3.Connection) -> Iterator[Any]:
        """Give up a read after the backend's time budget: SQLite aborts the running statement (its progress
        handler), and the steps between statements check the clock (`over()`); either raises SearchTimeout."""
        deadline = time.monotonic() + self.time_budget

        def over() -> None:
            if time.monotonic() > deadline:
                raise SearchTimeout(f"{self.name}: the search took longer than {self.time_budget:g} s")

        conn.set_progress_handler(lambda: time.monotonic() > deadline, _BUDGET_CHECK_STEPS)
        try:
            yield over
        except sqlite3.OperationalError as exc:
            if time.monotonic() > deadline and "interrupt" in str(exc):
                over()
            raise
        finally:
            conn.set_progress_handler(None, 0)

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The connection for a read; one found to be on a corrupt file is dropped, so that the next read opens the
        file again (search_reindex replaces a corrupt file)."""
        try:
            yield self._conn()
        except sqlite3.DatabaseError as exc:
            if _is_corrupt(exc):
                self.close()
            raise

    def search(self, query: SearchQuery) -> SearchResults[Hit]:
        """Text from FTS5, filters and facets from the snapshot's bitmaps, the page's stored text from SQLite."""
        with self._reading() as conn:
            return self._search(conn, query)

    def _search(self, conn: sqlite3.Connection, query: SearchQuery) -> SearchResults[Hit]:
        try:
            conn.execute("BEGIN")
            # The snapshot (rebuilt once per index change, not per search) and the word lists are outside the budget.
            snap = self._snapshot(conn, self.today(query))
            analysis.load()
            with self._budget(conn) as over:
                words = analysis.query_words(query.q) if query.q.strip() else []
                terms = frozenset(t for w in words for t in w.highlight)
                base = snap.visible
                typos: list[str] = []
                levels: list[tuple[int, int, int]] = []
                ranked = self._ranked(query)
                match = "SELECT rowid AS id FROM fts WHERE fts MATCH ?"
                if words:
                    exprs, extra = self._word_expressions(conn, words, typos=typos)
                    over()
                    terms = terms | extra
                    base &= bitmaps.from_query(conn, match, (" AND ".join(exprs),), snap.size)
                    if ranked:
                        levels = [self._levels(conn, e, snap.size) for e in exprs]
                boost_hits: list[int] = []
                boost_words = analysis.query_words(query.boost) if query.boost.strip() and ranked else []
                if boost_words:
                    bexprs, _bextra = self._word_expressions(conn, boost_words)
                    titles = "SELECT rowid AS id FROM ftitle WHERE ftitle MATCH ?"
                    boost_hits = [bitmaps.from_query(conn, titles, (e,), snap.size) for e in bexprs]
                over()
                base, near = self._restrict(conn, query, snap, base)
                chosen = {dim: snap.any_of(dim, getattr(query, dim)) for dim in FACETS if getattr(query, dim)}
                if query.posted_within_days is not None:
                    chosen[DATE_FACET] = snap.posted_since(self.today(query).toordinal() - query.posted_within_days)
                final = base
                for bitmap in chosen.values():
                    final &= bitmap
                total = final.bit_count()
                facets = self._bitmap_facets(query, snap, base, chosen, self.today(query)) if query.facets else {}
                municipalities = self._per_municipality(snap, final) if query.by_municipality else {}
                over()
                page = self._page(query, snap, final, levels, near, boost_hits)
                hits = self._render(conn, query, page, terms, bool(words))
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")
        return SearchResults(
            hits=hits,
            total=total,
            facets=facets,
            page=query.page,
            page_size=query.page_size,
            municipalities=municipalities,
            typo_words=tuple(typos),
        )

    @staticmethod
    def _per_municipality(snap: bitmaps.Snapshot, final: int) -> dict[str, int]:
        """Matching postings per workplace municipality: an AND and a popcount per municipality with postings."""
        counts = {}
        for ags, bitmap in snap.municipalities.items():
            if n := (final & bitmap).bit_count():
                counts[ags] = n
        return counts

    def _snapshot(self, conn: sqlite3.Connection, today: datetime.date) -> bitmaps.Snapshot:
        meta = dict(conn.execute("SELECT k, v FROM meta WHERE k IN ('epoch', 'generation')").fetchall())
        key = (meta.get("epoch", ""), meta.get("generation", ""), today.toordinal())
        # Shared by the process's threads: a snapshot is never changed, only replaced by a newer one.
        snap = self._snap
        if snap is None or snap.key != key:
            snap = self._snap = bitmaps.build(conn, key, today)
        return snap

    def _restrict(
        self, conn: sqlite3.Connection, query: SearchQuery, snap: bitmaps.Snapshot, base: int
    ) -> tuple[int, list[tuple[float, tuple[float, float]]]]:
        """Apply the filters without a facet to `base`; also the workplace coordinates in the radius, nearest first."""
        if query.company:
            base &= snap.any_of("company", query.company)
        near: list[tuple[float, tuple[float, float]]] = []
        radius = query.effective_radius_km
        if query.point is not None and radius is not None:
            near, geo = snap.near(query.point.lat, query.point.lon, radius)
            base &= geo
        if query.salary_min is not None:
            base &= snap.salary_at_least(query.salary_min)
        if query.starts_from is not None:
            base &= snap.starting_from(query.starts_from.toordinal())
        if query.only_ids is not None:
            base &= bitmaps.from_ids((i for i in query.only_ids if 0 <= i < snap.size), snap.size)
        return base, near

    @staticmethod
    def _bitmap_facets(
        query: SearchQuery, snap: bitmaps.Snapshot, base: int, chosen: dict[str, int], today: datetime.date
    ) -> dict[str, list[FacetValue]]:
        """Each facet over the other facets' choices: an AND and a popcount per value."""

        def within(dim: str) -> int:
            out = base
            for other, bitmap in chosen.items():
                if other != dim:
                    out &= bitmap
            return out

        facets: dict[str, list[FacetValue]] = {}
        for dim in FACETS:
            among = within(dim)
            selected = getattr(query, dim)
            values = []
            for value, bitmap in snap.values[dim].items():
                n = (among & bitmap).bit_count()
                if n and value:
                    values.append(FacetValue(value=value, count=n, selected=value in selected))
            values.sort(key=lambda v: (-v.count, v.value))
            facets[dim] = values
        among = within(DATE_FACET)
        dated = []
        for days in DATE_BUCKETS:
            n = (among & snap.posted_since(today.toordinal() - days)).bit_count()
            if n:
                dated.append(FacetValue(value=str(days), count=n, selected=days == query.posted_within_days))
        facets[DATE_FACET] = dated
        return facets

    @staticmethod
    def _ranked(query: SearchQuery) -> bool:
        """Whether the page is ordered by relevance (else by date or distance: no word levels are needed)."""
        sort = query.effective_sort
        return not (sort == "date" or (sort == "distance" and query.point is not None))

    @staticmethod
    def _levels(conn: sqlite3.Connection, expr: str, size: int) -> tuple[int, int, int]:
        """Where a word's expression matches: the title's whole words, the title (parts too), and the boilerplate
        only. Each is a small set (titles; text only the company's standard sentences have), never the word's
        every match: the rest of the matches is what the description's own text has."""
        # The titles have an index of their own: its lists hold only the postings with the term in the title, where
        # the whole index's lists hold every posting with the term anywhere (and cost as much to read as a search).
        titles = "SELECT rowid AS id FROM ftitle WHERE ftitle MATCH ?"
        title_any = bitmaps.from_query(conn, titles, (expr,), size)
        title = bitmaps.from_query(conn, titles, (f"title : {expr}",), size) if title_any else 0
        # Likewise the boilerplate: most words are in none, and those that are need the whole index only then.
        boiler = bitmaps.from_query(conn, "SELECT rowid AS id FROM fboiler WHERE fboiler MATCH ?", (expr,), size)
        if boiler:
            match = "SELECT rowid AS id FROM fts WHERE fts MATCH ?"
            boiler = bitmaps.from_query(conn, match, (f"boiler : {expr} NOT {{title tpart body}} : {expr}",), size)
        return title, title_any, boiler

    @staticmethod
    def _page(
        query: SearchQuery,
        snap: bitmaps.Snapshot,
        final: int,
        levels: list[tuple[int, int, int]],
        near: list[tuple[float, tuple[float, float]]],
        boost_hits: Sequence[int] = (),
    ) -> list[tuple[int, float | None]]:
        """The ids (and scores) of the requested page, best first. A boost word (SearchQuery.boost) scores
        TITLE_SCORE where it matches the title, and nothing elsewhere."""
        want = query.offset + query.page_size
        sort = query.effective_sort
        if sort == "distance" and query.point is not None:
            # Coordinates nearest first; at one coordinate the newest first; a posting counts at its nearest.
            ordered = snap.by_distance(final, [coord for _, coord in near], query.offset, want)
            return [(i, None) for i in ordered]
        if sort == "date" or not (levels or boost_hits):
            return [(i, None) for i in snap.newest(final, want)[query.offset :]]
        # Relevance: per word the score of the best place it matches (WORD_SCORES), per boost word TITLE_SCORE for
        # a title match, else nothing; tiers of equal score, newest first. Each word is a few disjoint bitmaps with
        # their scores, and the rest of the matches with a default score.
        words: list[tuple[list[tuple[int, int]], int]] = [
            ([(title, SCORE_TITLE), (title_any & ~title, SCORE_TITLE_PART), (boiler & ~title_any, SCORE_BOILERPLATE)],
             SCORE_BODY)
            for title, title_any, boiler in levels
        ]  # fmt: skip
        words += [([(hits, TITLE_SCORE)], 0) for hits in boost_hits]
        tiers: dict[int, int] = {0: final}
        if len(words) <= 4:
            for parts, default in words:
                split: dict[int, int] = defaultdict(int)
                for score, bitmap in tiers.items():
                    rest = bitmap
                    for part, value in parts:
                        if hit := bitmap & part:
                            split[score + value] |= hit
                            rest &= ~part
                    if rest:
                        split[score + default] |= rest
                tiers = split
        else:  # many words: sum each posting's scores
            matched = bitmaps.to_mask(final, snap.size)
            scores = np.zeros(snap.size, dtype=np.int32)
            for parts, default in words:
                scores += default
                for part, value in parts:
                    scores += bitmaps.to_mask(part & final, snap.size).astype(np.int32) * (value - default)
            tiers = {}
            for n in np.unique(scores[matched]) if matched.any() else ():
                if bitmap := bitmaps.from_array(np.flatnonzero(matched & (scores == n)), snap.size):
                    tiers[int(n)] = bitmap
        page: list[tuple[int, float | None]] = []
        for score in sorted(tiers, reverse=True):
            need = want - len(page)
            if need <= 0:
                break
            page.extend((i, float(score)) for i in snap.newest(tiers[score], need))
        return page[query.offset :]

    def _render(
        self,
        conn: sqlite3.Connection,
        query: SearchQuery,
        page: list[tuple[int, float | None]],
        terms: frozenset[str],
        has_text: bool,
    ) -> list[Hit]:
        if not page:
            return []
        marks = ",".join("?" * len(page))
        stored = {
            pk: (display, body)
            for pk, display, body in conn.execute(
                f"SELECT id, display, body FROM doc_data WHERE id IN ({marks})", [pk for pk, _ in page]
            )
        }
        hits = []
        for pk, score in page:
            display, body = stored[pk]
            data = json.loads(display)
            hits.append(
                Hit.from_display(
                    pk,
                    data,
                    point=query.point,
                    snippet=snippet([body], terms, lead=data.get("lead") or 0),
                    score=score if has_text else None,
                )
            )
        return hits

    def autocomplete(self, prefix: str, limit: int = 8) -> list[tuple[str, int]]:
        key = fold(prefix).strip()
        if len(key) < 2:
            return []
        with self._reading() as conn, self._budget(conn):
            return self._titles_starting(conn, key, limit)

    @staticmethod
    def _titles_starting(conn: sqlite3.Connection, key: str, limit: int) -> list[tuple[str, int]]:
        rows = conn.execute(
            "SELECT t.title, t.n FROM title_count t WHERE t.key IN ("
            " SELECT w.key FROM title_word w WHERE w.word >= :p AND w.word < :p || char(1114111)"
            ") AND t.n > 0 ORDER BY t.key >= :p AND t.key < :p || char(1114111) DESC, t.n DESC, t.title LIMIT :limit",
            {"p": key.split()[0] if " " not in key else key, "limit": limit},
        ).fetchall()
        if " " in key:
            rows = conn.execute(
                "SELECT title, n FROM title_count WHERE key >= :p AND key < :p || char(1114111) AND n > 0 "
                "ORDER BY n DESC, title LIMIT :limit",
                {"p": key, "limit": limit},
            ).fetchall()
        return [(t, n) for t, n in rows]

    # ---- the second kind: seeker profiles ------------------------------------------------------------------------

    @staticmethod
    def _delete_profile_rows(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for table, col in (("profile", "id"), ("profile_data", "id"), ("profile_term", "profile")):
                conn.execute(f"DELETE FROM {table} WHERE {col} IN ({marks})", chunk)
            conn.execute(f"DELETE FROM profile_fts WHERE rowid IN ({marks})", chunk)

    @staticmethod
    def _insert_profile_rows(conn: sqlite3.Connection, docs: Sequence[ProfileDocument]) -> None:
        rows: list[tuple[Any, ...]] = []
        data: list[tuple[int, str, str]] = []
        fts: list[tuple[int, str, str]] = []
        terms: list[tuple[str, str, int]] = []
        for d in docs:
            place = d.place
            rows.append(
                (
                    d.id, d.updated_at.timestamp(), d.available_from.toordinal() if d.available_from else None,
                    place["lat"] if place else None, place["lon"] if place else None, float(d.commute_km),
                    d.experience_years, d.qualification_rank,
                )
            )  # fmt: skip
            data.append((d.id, d.digest, d.display_json))
            fts.append((d.id, analysis.index_text(d.title_text), analysis.index_text(d.body_text)))
            for dim, values in (
                ("field", d.fields),
                ("area", d.areas),
                ("county", d.all_counties),
                ("named_county", d.counties),
                ("offer_type", d.offer_types),
                ("employment_type", d.employment_types),
                ("licence", d.licences),
                ("language", d.language_terms),
                ("blocked", tuple(str(c) for c in d.blocked_company_ids)),
            ):
                terms.extend((dim, v, d.id) for v in set(values))
        conn.executemany("INSERT INTO profile VALUES (?,?,?,?,?,?,?,?)", rows)
        conn.executemany("INSERT INTO profile_data VALUES (?,?,?)", data)
        conn.executemany("INSERT INTO profile_fts(rowid, title, body) VALUES (?,?,?)", fts)
        conn.executemany("INSERT OR IGNORE INTO profile_term VALUES (?,?,?)", terms)

    @staticmethod
    def _bump_profiles(conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO meta(k, v) VALUES ('profile_generation', '1') "
            "ON CONFLICT(k) DO UPDATE SET v = CAST(v AS INTEGER) + 1"
        )

    def add_profiles(self, docs: Sequence[ProfileDocument]) -> None:
        if not docs:
            return
        with self._writing() as conn:
            self._delete_profile_rows(conn, [d.id for d in docs])
            self._insert_profile_rows(conn, docs)
            self._bump_profiles(conn)

    def delete_profiles(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        if ids:
            with self._writing() as conn:
                self._delete_profile_rows(conn, ids)
                self._bump_profiles(conn)

    def rebuild_profiles(self, batches: Iterable[Sequence[ProfileDocument]], progress: Any = None) -> int:
        """Replace the profile tables in one transaction: searches see the old profiles until it commits."""
        n = 0
        with self._writing() as conn:
            for table in ("profile", "profile_data", "profile_term"):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM profile_fts")
            for batch in batches:
                self._insert_profile_rows(conn, batch)
                n += len(batch)
                if progress is not None:
                    progress(len(batch))
            self._bump_profiles(conn)
        return n

    def profile_digests(self) -> dict[int, str]:
        return dict(self._conn().execute("SELECT id, digest FROM profile_data"))

    def search_profiles(self, query: ProfileQuery) -> SearchResults[ProfileHit]:
        """The candidates from SQL (text, blocked company, the required filters), the rest in Python."""
        with self._reading() as conn:
            try:
                conn.execute("BEGIN")
                # The columns (rebuilt once per change of the profiles, not per search) and the word lists are
                # outside the budget.
                cols = self._profile_columns(conn)
                analysis.load()
                with self._budget(conn) as over:
                    return self._search_profiles(conn, cols, query, over)
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")

    def _profile_columns(self, conn: sqlite3.Connection) -> profile_columns.ProfileColumns:
        meta = dict(conn.execute("SELECT k, v FROM meta WHERE k IN ('epoch', 'profile_generation')").fetchall())
        key = (meta.get("epoch", ""), meta.get("profile_generation", "0"))
        # Shared by the process's threads: never changed, only replaced by a newer one.
        cols = self._profile_cols
        if cols is None or cols.key != key:
            cols = self._profile_cols = profile_columns.build(conn, key)
        return cols

    def _search_profiles(
        self, conn: sqlite3.Connection, cols: profile_columns.ProfileColumns, query: ProfileQuery, over: Any
    ) -> SearchResults[ProfileHit]:
        """Text from FTS5; filters, place semantics, facets, order and page over the in-memory columns."""
        words = analysis.query_words(query.q) if query.q.strip() else []
        base = np.ones(cols.size, dtype=np.bool_)
        title_masks: list[profile_columns.Mask] = []
        if words:
            exprs, _extra = self._word_expressions(conn, words, vocab="profile_fts_vocab")
            match = "SELECT rowid AS id FROM profile_fts WHERE profile_fts MATCH ?"
            base &= cols.mask_of(profile_columns.ids_of(conn, match, (" AND ".join(exprs),)))
            title_masks = [cols.mask_of(profile_columns.ids_of(conn, match, (f"title : {e}",))) for e in exprs]
            over()
        boost_words = analysis.query_words(query.boost) if query.boost.strip() else []
        boost_masks: list[profile_columns.Mask] = []
        if boost_words:
            exprs, _extra = self._word_expressions(conn, boost_words, vocab="profile_fts_vocab")
            match = "SELECT rowid AS id FROM profile_fts WHERE profile_fts MATCH ?"
            boost_masks = [cols.mask_of(profile_columns.ids_of(conn, match, (f"title : {e}",))) for e in exprs]
            over()
        if query.company_id is not None:
            # Enforced in the query itself: a blocked company never counts, pages or sees such a profile.
            base[cols.blocked.get(str(query.company_id), np.zeros(0, dtype=np.int64))] = False
        if query.available_by is not None:
            base &= cols.available <= query.available_by.toordinal()  # 0: at once
        if query.experience_min_years:
            base &= cols.experience >= query.experience_min_years
        if query.area:
            base &= cols.any_of("area", query.area)
        for dim, values in (("licence", query.licence), ("language", query.language)):
            for value in values:  # each one required
                base &= cols.value(dim, value)
        distance = None
        point, radius = query.point, query.effective_radius_km
        if point is not None and radius is not None:
            within = np.zeros_like(base)
            for place in (point, *query.more_points):
                to_place = cols.distances(place.lat, place.lon)
                distance = to_place if distance is None else distance
                with np.errstate(invalid="ignore"):
                    # Home within the radius asked, and the place within the candidate's reach: their commuting
                    # distance, or a county they named.
                    reach = to_place <= cols.commute
                    if place.county:
                        reach |= cols.value("named_county", place.county)
                    within |= (to_place <= radius) & reach
            base &= within
        chosen = {dim: cols.any_of(dim, getattr(query, dim)) for dim in PROFILE_FACETS if getattr(query, dim)}
        qualified = cols.qualification >= qualification_rank(query.qualification) if query.qualification else None
        final = base.copy()
        for mask in chosen.values():
            final &= mask
        if qualified is not None:
            final &= qualified
        total = int(np.count_nonzero(final))
        over()

        facets: dict[str, list[FacetValue]] = {}
        if query.facets:
            for dim in PROFILE_FACETS:
                within = base if qualified is None else base & qualified
                for other, mask in chosen.items():
                    if other != dim:
                        within = within & mask
                facets[dim] = self._profile_facet(cols, dim, within, set(getattr(query, dim)))
            for dim in ("licence", "language"):
                per_value = cols.masks.get(dim, {})
                if dim == "language":  # per language code (any level); a level is chosen as "en:B2"
                    per_value = {v: m for v, m in per_value.items() if ":" not in v}
                counts = {v: int(np.count_nonzero(final & m)) for v, m in per_value.items()}
                selected = {v.partition(":")[0] for v in getattr(query, dim)}
                facets[dim] = _facet_list(counts, selected)
            within = base
            for mask in chosen.values():
                within = within & mask
            ranks = cols.qualification[within]
            counts = {q: int(np.count_nonzero(ranks >= i + 1)) for i, q in enumerate(QUALIFICATIONS)}
            facets["qualification"] = [
                FacetValue(value=q, count=counts[q], selected=q == query.qualification)
                for q in QUALIFICATIONS
                if counts[q]
            ]
        over()

        positions = np.flatnonzero(final)
        sort = query.effective_sort
        updated, ids = cols.updated[positions], cols.ids[positions]
        scores = None
        if sort == "distance" and distance is not None:
            order = np.lexsort((-ids, -updated, distance[positions]))
        elif sort == "relevance" and (words or boost_words):
            # Per word TITLE_SCORE if it matches the headline or an occupation, else BODY_SCORE (as the postings);
            # a boost word TITLE_SCORE if it matches there, else nothing.
            scores = np.full(len(positions), BODY_SCORE * len(title_masks), dtype=np.int64)
            for mask in title_masks:
                scores += mask[positions] * (TITLE_SCORE - BODY_SCORE)
            for mask in boost_masks:
                scores += mask[positions] * TITLE_SCORE
            order = np.lexsort((-ids, -updated, -scores))
        else:
            order = np.lexsort((-ids, -updated))
        page = order[query.offset : query.offset + query.page_size]
        hits: list[ProfileHit] = []
        if len(page):
            page_ids = [int(i) for i in ids[page]]
            marks = ",".join("?" * len(page_ids))
            stored = dict(conn.execute(f"SELECT id, display FROM profile_data WHERE id IN ({marks})", page_ids))
            for at, pk in zip(page, page_ids, strict=True):
                hits.append(
                    ProfileHit.from_display(
                        pk,
                        json.loads(stored[pk]),
                        distance=None if distance is None else float(distance[positions[at]]),
                        score=None if scores is None else float(scores[at]),
                    )
                )
        return SearchResults(hits=hits, total=total, facets=facets, page=query.page, page_size=query.page_size)

    @staticmethod
    def _profile_facet(
        cols: profile_columns.ProfileColumns, dim: str, within: profile_columns.Mask, selected: set[str]
    ) -> list[FacetValue]:
        counts = {v: int(np.count_nonzero(within & m)) for v, m in cols.masks.get(dim, {}).items()}
        return _facet_list(counts, selected)


def _facet_list(counts: dict[str, int], selected: set[str]) -> list[FacetValue]:
    """Values with matches, most first."""
    return [
        FacetValue(value=v, count=n, selected=v in selected)
        for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if n
    ]
