"""search_reindex and search_check."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from jobs.models import JobPosting
from search.backends.base import BaseSearchBackend


def run(name: str, *args: str) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_reindex_builds_the_index_from_the_database(post: Any, backend: BaseSearchBackend) -> None:
    shown = [post(title="Koch (m/w/d)"), post(title="Bäcker (m/w/d)")]
    post(title="Entwurf", status="draft")
    backend.reset_index()
    assert backend.digests() == {}
    output = run("search_reindex", "--no-progress", "--batch-size", "1")
    assert "Indexed 2 postings" in output
    assert set(backend.digests()) == {p.pk for p in shown}
    assert "0 missing, 0 stale, 0 extra" in run("search_check")


@pytest.mark.parametrize("backend", ["elasticsearch"], indirect=True)
def test_reindex_on_elasticsearch_swaps_the_alias(post: Any, backend: BaseSearchBackend) -> None:
    """A new versioned index is built aside, then the alias moves to it and the old index is dropped."""
    post()
    before = backend._indices_behind_alias()  # type: ignore[attr-defined]
    run("search_reindex", "--no-progress")
    after = backend._indices_behind_alias()  # type: ignore[attr-defined]
    assert len(after) == 1
    assert after != before
    assert not backend.client.indices.exists(index=before[0])  # type: ignore[attr-defined]


def test_check_exits_non_zero_on_drift_and_fix_repairs(post: Any, backend: BaseSearchBackend) -> None:
    missing, stale = post(title="Koch (m/w/d)"), post(title="Bäcker (m/w/d)")
    backend.delete([missing.pk])
    backend.refresh()
    JobPosting.objects.filter(pk=stale.pk).update(title="Konditor (m/w/d)")
    with pytest.raises(CommandError, match="drifted"):
        run("search_check")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("search_check", stdout=out)
    assert "1 missing, 1 stale, 0 extra" in out.getvalue()
    assert f"missing: {missing.pk}" in out.getvalue()
    assert "Repaired." in run("search_check", "--fix")
    assert "The index matches the database." in run("search_check")
