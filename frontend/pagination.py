"""The pager under every paged list (frontend/_pagination.html): which page numbers it shows and where they lead."""

from __future__ import annotations

import math

from django.http import QueryDict

PAGE_SIZE = 20

# A page number and its link; None stands for a gap ("…").
PageLink = tuple[int | None, str]


def last_page(total: int, *, page_size: int = PAGE_SIZE) -> int:
    """The number of the last page of `total` items: 1 for an empty list, which still has a (first) page."""
    return max(1, math.ceil(total / page_size))


class Pages(list[PageLink]):
    """The pager's links, and the links of the pages before and after the current one ("" on the first/last)."""

    previous: str = ""
    next: str = ""


def page_links(params: QueryDict, page: int, last: int) -> Pages:
    """Page numbers around the current one, first and last, with gaps (None); each with its link, which keeps the
    other parameters and leaves `page` out for the first page (one URL per page); and the previous and next page."""
    wanted = sorted(p for p in {1, last, page - 1, page, page + 1} if 1 <= p <= last)
    rest = params.copy()
    rest.pop("page", None)
    base = rest.urlencode()
    pages = Pages()
    for p in wanted:
        previous = pages[-1][0] if pages else None
        if previous is not None and p - previous > 1:
            pages.append((None, ""))
        query = base if p == 1 else f"{base}&page={p}" if base else f"page={p}"
        pages.append((p, f"?{query}"))
        if p == page - 1:
            pages.previous = f"?{query}"
        elif p == page + 1:
            pages.next = f"?{query}"
    return pages
