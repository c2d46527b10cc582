"""Hook the job services call after commit. The search issue replaces this with the index update task."""

from __future__ import annotations

from collections.abc import Sequence


def index_update_enqueue(posting_ids: Sequence[int]) -> None:
    """Called once per committed change with the ids of the postings that changed."""
    return None
