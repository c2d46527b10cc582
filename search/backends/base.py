"""The search backend interface (after Wagtail's search backends) and how the configured one is chosen.

A backend holds two kinds of documents in one engine, each in its own tables (embedded) or index (Elasticsearch):
job postings (IndexDocument, asked with SearchQuery) and seeker profiles (ProfileDocument, asked with ProfileQuery).
Both share the German analysis (search.analysis) and the place/radius parsing (search.query).

Which operation covers which kind:
- `reset_index()` and `drop()` cover BOTH kinds (the whole index starts empty);
- `rebuild(batches)` rebuilds the postings only, `rebuild_profiles(batches)` the profiles only (each aside and
  swapped where the engine has aliases); search_reindex runs both unless told one kind (--only);
- `add_bulk`/`delete`/`search`/`autocomplete`/`digests` are the postings', `add_profiles`/`delete_profiles`/
  `search_profiles`/`profile_digests` the profiles'; `refresh()` makes recent writes of both kinds searchable.
"""

from __future__ import annotations

import datetime
import functools
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string

from ..documents import IndexDocument
from ..profile_documents import ProfileDocument
from ..query import SEARCH_TIME_BUDGET_SECONDS, ProfileQuery, SearchQuery
from ..results import Hit, ProfileHit, SearchResults


class SearchBackendError(RuntimeError):
    """The engine could not be reached, failed or refused the request: callers answer 503, never 500."""


class SearchTimeout(SearchBackendError):
    """The search took longer than its time budget and was given up."""


# How long a client is asked to wait before trying again when the search is unavailable (Retry-After, seconds).
RETRY_AFTER_SECONDS = 60
# Relevance of a posting, the same on every backend: each query word scores where it matches best: a whole word of
# the title, a part of a compound in the title ("Hotel" in "Hotelfachmann"), the posting's own description, or only
# text the company repeats in most of its postings (search.documents: boilerplate). Among equal sums, newest first.
SCORE_TITLE, SCORE_TITLE_PART, SCORE_BODY, SCORE_BOILERPLATE = 10, 5, 2, 1

# The operations every backend offers; each is wrapped so that an engine failure leaves it as SearchBackendError.
_GUARDED = (
    "reset_index", "add_bulk", "delete", "search", "autocomplete", "digests", "rebuild", "refresh",
    "add_profiles", "delete_profiles", "search_profiles", "profile_digests", "rebuild_profiles",
)  # fmt: skip


def _guard(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def guarded(self: BaseSearchBackend, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except SearchBackendError:
            raise
        except self.engine_errors as exc:
            raise SearchBackendError(f"{self.name}: {exc.__class__.__name__}: {exc}") from exc

    guarded._engine_guarded = True  # type: ignore[attr-defined]
    return guarded


class BaseSearchBackend(ABC):
    """Add, delete and search documents; every backend answers the same SearchQuery with SearchResults.

    Every failure of the engine behind a backend (a corrupt or unreadable file, a folder that cannot be created, a
    server that is down or answers errors) leaves the backend as SearchBackendError: a subclass names the exception
    classes by which its engine fails in `engine_errors`, and its public operations are wrapped when the class is
    defined, so no operation added or changed later can let one through as a 500.
    """

    name = "base"
    # Behaviour a backend (or the server behind it) cannot offer, with the reason: the behaviour suite skips
    # exactly these, saying why. The embedded backend leaves it empty.
    unsupported: dict[str, str] = {}
    engine_errors: ClassVar[tuple[type[Exception], ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in _GUARDED:
            method = cls.__dict__.get(name)
            if method is not None and not getattr(method, "_engine_guarded", False):
                setattr(cls, name, _guard(method))

    def __init__(self, params: dict[str, Any]):
        self.params = params
        # Seconds one search (or autocomplete) may take in the engine; see search.query.SEARCH_TIME_BUDGET_SECONDS.
        self.time_budget = float(params.get("TIME_BUDGET") or SEARCH_TIME_BUDGET_SECONDS)

    @abstractmethod
    def reset_index(self) -> None:
        """Drop everything and start with an empty index."""

    @abstractmethod
    def add_bulk(self, docs: Sequence[IndexDocument]) -> None:
        """Add or replace many documents."""

    def add(self, doc: IndexDocument) -> None:
        self.add_bulk([doc])

    @abstractmethod
    def delete(self, ids: Iterable[int]) -> None:
        """Remove documents by posting id (missing ids are fine)."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResults[Hit]:
        """Hits, total and facets for the query."""

    @abstractmethod
    def autocomplete(self, prefix: str, limit: int = 8) -> list[tuple[str, int]]:
        """Job titles starting (at any word) with `prefix`, with how many postings carry them."""

    @abstractmethod
    def digests(self) -> dict[int, str]:
        """Every indexed posting id with the digest of what is stored: what search_check compares."""

    def rebuild(self, batches: Iterable[Sequence[IndexDocument]], progress: Any = None) -> int:
        """Build a fresh index from all documents. Backends with aliases build aside and swap."""
        self.reset_index()
        n = 0
        for batch in batches:
            self.add_bulk(batch)
            n += len(batch)
            if progress is not None:
                progress(len(batch))
        self.refresh()
        return n

    # ---- the second kind: seeker profiles --------------------------------------------------------------------

    @abstractmethod
    def add_profiles(self, docs: Sequence[ProfileDocument]) -> None:
        """Add or replace profile documents."""

    @abstractmethod
    def delete_profiles(self, ids: Iterable[int]) -> None:
        """Remove profiles by id (missing ids are fine)."""

    @abstractmethod
    def search_profiles(self, query: ProfileQuery) -> SearchResults[ProfileHit]:
        """Profile hits, total and facets; never a profile that blocked query.company_id."""

    @abstractmethod
    def profile_digests(self) -> dict[int, str]:
        """Every indexed profile id with the digest of what is stored."""

    @abstractmethod
    def rebuild_profiles(self, batches: Iterable[Sequence[ProfileDocument]], progress: Any = None) -> int:
        """Replace every profile document by these (the postings stay as they are)."""

    def refresh(self) -> None:
        """Make recent writes searchable (a no-op where writes are immediately visible)."""
        return None

    def ping(self) -> bool:
        return True

    def close(self) -> None:
        return None

    def size_bytes(self) -> int:
        return 0

    @staticmethod
    def today(query: SearchQuery) -> datetime.date:
        return query.today or timezone.localdate()


_backends: dict[str, BaseSearchBackend] = {}


def backend_from_config(conf: dict[str, Any]) -> BaseSearchBackend:
    """A backend from a configuration dict: BACKEND (dotted path) plus that backend's parameters."""
    conf = dict(conf)
    cls = import_string(conf.pop("BACKEND"))
    return cls(conf)  # type: ignore[no-any-return]


def get_search_backend(alias: str = "default") -> BaseSearchBackend:
    """The configured backend (one instance per process and alias)."""
    backend = _backends.get(alias)
    if backend is None:
        backend = _backends[alias] = backend_from_config(settings.SEARCH_BACKENDS[alias])
    return backend


def reset_backends() -> None:
    """Close and forget the configured backends, so the next use reads the settings again."""
    for backend in list(_backends.values()):
        backend.close()
    _backends.clear()


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "SEARCH_BACKENDS":
        reset_backends()
