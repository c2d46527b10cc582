"""The Scrapy spider for bench/crawl.py (bench only): same parsing functions as the project, Scrapy's downloader."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response

from crawlers.demo_sites import HTML_SELECTORS
from crawlers.discover import FEED_KINDS, ats_feed
from crawlers.extract import ExtractError
from crawlers.harvest import Follow, read_detail, read_start


class JobSpider(scrapy.Spider):
    name = "jobs"
    entries: ClassVar[list[tuple[str, str]]] = []
    postings_found: ClassVar[int] = 0

    async def start(self) -> Any:  # Scrapy ≥ 2.13
        for request in self.start_requests():
            yield request

    def start_requests(self) -> Iterator[scrapy.Request]:
        for url, kind in self.entries:
            if kind == "auto" and (ats := ats_feed(url)):
                kind, url = ats
            yield scrapy.Request(url, callback=self.parse_start, cb_kwargs={"kind": kind}, dont_filter=True)

    def _count(self, n: int) -> None:
        type(self).postings_found += n

    def parse_start(self, response: Response, kind: str) -> Iterator[scrapy.Request]:
        ctype = response.headers.get("Content-Type", b"").decode("latin-1")
        selectors = HTML_SELECTORS if kind == "html" else None
        try:
            step = read_start(response.url, response.body, ctype, kind=kind, selectors=selectors, max_pages=200)
        except ExtractError as exc:
            self.logger.error("%s: %s", response.url, exc)
            return
        if step.feed is not None:
            feed_kind, feed_url = step.feed
            yield scrapy.Request(feed_url, callback=self.parse_start, cb_kwargs={"kind": feed_kind})
            return
        seen = {p.key for p in step.postings}
        self._count(len(seen))
        if step.kind not in FEED_KINDS:
            for follow in step.follow:
                yield scrapy.Request(follow.url, callback=self.parse_detail, cb_kwargs={"follow": follow})

    def parse_detail(self, response: Response, follow: Follow) -> None:
        ctype = response.headers.get("Content-Type", b"").decode("latin-1")
        self._count(len(read_detail(follow, response.url, response.body, ctype)))
