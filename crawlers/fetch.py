"""Fetching pages politely and safely: robots.txt, per-host pacing, retries, size caps and the SSRF guard.

Input: a URL. Output: a `Page` (final URL, status, headers, decoded body) or a `FetchError` saying why not.
A `Fetcher` serves one crawl of one source: it keeps the robots.txt answers, the time budget and the counts.
"""

from __future__ import annotations

import codecs
import contextlib
import email.utils
import random
import re
import socket
import ssl
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from protego import Protego

from .addresses import Endpoint, address_refusal, parse_endpoints

Resolver = Callable[[str, int], list[str]]

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512 * 1024
CHUNK = 64 * 1024


class FetchError(Exception):
    """A page could not be fetched; `reason` is a short code, `detail` says more for the run's error list."""

    def __init__(self, reason: str, detail: str = "", *, url: str = "", status: int | None = None) -> None:
        self.reason = reason
        self.detail = detail
        self.url = url
        self.status = status
        super().__init__(f"{reason}: {detail}" if detail else reason)

    @property
    def retryable(self) -> bool:
        return self.reason in {"timeout", "connect"} or (self.reason == "http_status" and self.status in RETRY_STATUSES)


class BlockedAddressError(Exception):
    """The SSRF guard refused an address (raised inside the connection layer, so nothing was connected)."""


@dataclass(frozen=True)
class FetchConfig:
    user_agent: str = "regiojobs-crawler/1.0"
    # host:port entries the guard lets through although they are not public (CRAWLER_ALLOWED_ADDRESSES).
    allowed_addresses: tuple[str, ...] = ()
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    budget: float = 300.0
    host_delay: float = 2.0
    host_jitter: float = 1.0
    max_crawl_delay: float = 30.0
    max_retries: int = 3
    backoff_base: float = 1.0
    max_retry_after: float = 120.0
    max_redirects: int = 5
    max_html_bytes: int = 5 * 1024 * 1024
    max_feed_bytes: int = 20 * 1024 * 1024

    @classmethod
    def from_settings(cls, **overrides: Any) -> FetchConfig:
        from django.conf import settings

        values = {
            "user_agent": settings.CRAWLER_USER_AGENT,
            "allowed_addresses": tuple(settings.CRAWLER_ALLOWED_ADDRESSES),
            "connect_timeout": settings.CRAWLER_CONNECT_TIMEOUT,
            "read_timeout": settings.CRAWLER_READ_TIMEOUT,
            "budget": settings.CRAWLER_SOURCE_BUDGET,
            "host_delay": settings.CRAWLER_HOST_DELAY,
            "host_jitter": settings.CRAWLER_HOST_JITTER,
            "max_crawl_delay": settings.CRAWLER_MAX_CRAWL_DELAY,
            "max_retries": settings.CRAWLER_MAX_RETRIES,
            "backoff_base": settings.CRAWLER_BACKOFF_BASE,
            "max_retry_after": settings.CRAWLER_MAX_RETRY_AFTER,
            "max_redirects": settings.CRAWLER_MAX_REDIRECTS,
            "max_html_bytes": settings.CRAWLER_MAX_HTML_BYTES,
            "max_feed_bytes": settings.CRAWLER_MAX_FEED_BYTES,
        }
        values.update(overrides)
        return cls(**values)

    @property
    def robots_token(self) -> str:
        """The product token robots.txt groups are matched against ("regiojobs-crawler")."""
        return self.user_agent.split("/")[0].split()[0]


# --- SSRF guard ---------------------------------------------------------------------------------------------------


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.NetworkBackend):
    """Resolves a host once, refuses it unless every address passes `address_refusal`, and connects to the
    checked address (never resolving again, so DNS rebinding cannot slip another address in).
    Every connection of every redirect hop and retry goes through here.

    TLS still verifies the certificate against the host name, because httpcore passes the original name
    as server_hostname when it upgrades the stream.
    """

    def __init__(self, *, allowed: frozenset[Endpoint] = frozenset(), resolver: Resolver | None = None) -> None:
        self._inner = httpcore.SyncBackend()
        self._allowed = allowed
        self._resolver = resolver or system_resolver

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = self._resolver(host, port)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        if not addresses:
            raise httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            refusal = address_refusal(address, port, allowed=self._allowed)
            if refusal:
                raise BlockedAddressError(f"{host} resolves to {address}: {refusal}")
        last: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> Any:
        raise BlockedAddressError("unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


_SSL_CONTEXT: ssl.SSLContext | None = None
_SSL_LOCK = threading.Lock()


def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context per process: loading the CA store costs tens of milliseconds each time."""
    global _SSL_CONTEXT
    with _SSL_LOCK:
        if _SSL_CONTEXT is None:
            _SSL_CONTEXT = ssl.create_default_context()
        return _SSL_CONTEXT


def guarded_client(config: FetchConfig, resolver: Resolver | None = None) -> httpx.Client:
    context = _ssl_context()
    transport = httpx.HTTPTransport(verify=context, retries=0)
    # httpx offers no public hook for the network backend; the pool is rebuilt with the guarded one.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=context,
        max_connections=20,
        max_keepalive_connections=10,
        keepalive_expiry=5.0,
        http1=True,
        http2=False,
        retries=0,
        network_backend=GuardedBackend(allowed=parse_endpoints(config.allowed_addresses), resolver=resolver),
    )
    return httpx.Client(transport=transport, trust_env=False, follow_redirects=False)


# --- Politeness ---------------------------------------------------------------------------------------------------


class HostGate:
    """One request at a time per host within this process, with a pause (and jitter) between requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hosts: dict[str, tuple[threading.Lock, list[float]]] = {}

    def _entry(self, host: str) -> tuple[threading.Lock, list[float]]:
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = (threading.Lock(), [0.0])
            return self._hosts[host]

    @contextlib.contextmanager
    def slot(self, host: str, *, delay: float, jitter: float, deadline: float) -> Iterator[None]:
        lock, next_at = self._entry(host)
        if not lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise FetchError("budget", f"waited too long for {host}")
        try:
            wait = next_at[0] - time.monotonic()
            if wait > 0:
                if time.monotonic() + wait > deadline:
                    raise FetchError("budget", "the time budget ends before the host may be asked again")
                time.sleep(wait)
            yield
        finally:
            next_at[0] = time.monotonic() + delay + (random.uniform(0, jitter) if jitter else 0.0)
            lock.release()


HOST_GATE = HostGate()


# --- Decoding -----------------------------------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# What browsers actually mean by these labels (WHATWG Encoding): Latin-1 pages are windows-1252.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_of(content_type: str) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


def decode_body(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Text and codec of a body: a BOM first, then the HTTP charset (it wins over <meta>), then meta/XML, then UTF-8."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace"), name
    head = body[:4096]
    candidates = [_codec(charset_of(content_type))]
    meta = _META_CHARSET.search(head)
    decl = _XML_DECL.search(head)
    candidates += [_codec(meta.group(1).decode("ascii")) if meta else None]
    candidates += [_codec(decl.group(1).decode("ascii")) if decl else None]
    for candidate in candidates:
        if candidate:
            return body.decode(candidate, errors="replace"), candidate
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace"), "cp1252"


class _BodyDecoder:
    """Undoes Content-Encoding chunk by chunk, never producing more than the cap (a gzip bomb stops early)."""

    def __init__(self, encoding: str) -> None:
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._z = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self._z = zlib.decompressobj(32 + zlib.MAX_WBITS)  # auto-detects gzip and zlib headers
            self._raw_fallback = encoding == "deflate"
        else:
            raise FetchError("encoding", f"unsupported Content-Encoding {encoding!r}")
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        """Decoded bytes of `data`, at most `room + 1` of them (one more than the room signals the overflow)."""
        if self._z is None:
            return data[: room + 1]
        out = bytearray()
        buf = data
        try:
            while buf and len(out) <= room:
                try:
                    out += self._z.decompress(buf, room + 1 - len(out))
                except zlib.error:
                    if self._raw_fallback and not self._started:
                        self._z = zlib.decompressobj(-zlib.MAX_WBITS)  # "deflate" sent without the zlib header
                        self._raw_fallback = False
                        continue
                    raise
                self._started = True
                buf = self._z.unconsumed_tail
        except zlib.error as exc:
            raise FetchError("encoding", f"corrupt compressed body: {exc}") from exc
        return bytes(out)


# --- Pages and the fetcher ----------------------------------------------------------------------------------------


@dataclass
class Page:
    url: str
    status: int
    headers: httpx.Headers
    body: bytes
    not_modified: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @cached_property
    def decoded(self) -> tuple[str, str]:
        return decode_body(self.body, self.content_type)

    @property
    def text(self) -> str:
        return self.decoded[0]

    @property
    def encoding(self) -> str:
        return self.decoded[1]


@dataclass
class FetchStats:
    pages: int = 0
    bytes: int = 0
    statuses: Counter[str] = field(default_factory=Counter)


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


class Fetcher:
    """Fetches for one crawl of one source. Not shared between threads; the host gate is."""

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        resolver: Resolver | None = None,
        gate: HostGate | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        self.config = config or FetchConfig.from_settings()
        self.deadline = time.monotonic() + self.config.budget
        self.stats = FetchStats()
        self._gate = gate or HOST_GATE
        self._client = client or guarded_client(self.config, resolver)
        self._own_client = client is None
        self._robots: dict[str, Protego | None] = {}

    def close(self) -> None:
        if self._own_client:
            self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # robots.txt -----------------------------------------------------------------------------------------------------

    def robots(self, url: str) -> Protego | None:
        """The parsed robots.txt of the URL's origin; None means "no rules" (it does not exist)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            try:
                page = self._robots_txt(origin + "/robots.txt")
                self._robots[origin] = Protego.parse(page.text)
            except FetchError as exc:
                if exc.reason in ("blocked", "scheme"):
                    raise  # the host itself is off limits; say so rather than blame robots.txt
                if exc.status is not None and 400 <= exc.status < 500:
                    self._robots[origin] = None  # no robots.txt: everything is allowed
                else:
                    # An unreachable or failing robots.txt means "stay away" for now (as Google does).
                    self._robots[origin] = Protego.parse("User-agent: *\nDisallow: /")
        return self._robots[origin]

    def _robots_txt(self, url: str) -> Page:
        """robots.txt, following redirects (as search engines do), each hop through the same guard."""
        for _hop in range(self.config.max_redirects + 1):
            _check_url(url)
            page = self._fetch(url, max_bytes=ROBOTS_MAX_BYTES, delay=self.config.host_delay)
            location = page.headers.get("location")
            if page.status not in REDIRECT_STATUSES or not location:
                return page
            url = urljoin(url, location.strip())
        raise FetchError("redirects", "robots.txt redirects too often", url=url)

    def _host_delay(self, url: str) -> float:
        rules = self._robots.get(self._origin(url))
        delay = self.config.host_delay
        if rules is not None:
            crawl_delay = rules.crawl_delay(self.config.robots_token)
            if crawl_delay:
                delay = max(delay, min(float(crawl_delay), self.config.max_crawl_delay))
        return delay

    @staticmethod
    def _origin(url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    def sitemaps(self, url: str) -> list[str]:
        rules = self.robots(url)
        return list(rules.sitemaps) if rules is not None else []

    def allowed(self, url: str) -> bool:
        rules = self.robots(url)
        return rules is None or rules.can_fetch(url, self.config.robots_token)

    # fetching -------------------------------------------------------------------------------------------------------

    def get(self, url: str, *, feed: bool = False, etag: str = "", last_modified: str = "") -> Page:
        """A 2xx page (or a 304 when a validator was given), following redirects; raises FetchError otherwise."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        max_bytes = self.config.max_feed_bytes if feed else self.config.max_html_bytes
        for _hop in range(self.config.max_redirects + 1):
            _check_url(url)
            if not self.allowed(url):
                raise FetchError("robots", "robots.txt disallows this URL", url=url)
            page = self._fetch(url, max_bytes=max_bytes, headers=headers, delay=self._host_delay(url))
            if page.status in REDIRECT_STATUSES:
                location = page.headers.get("location")
                if not location:
                    raise FetchError("http_status", "redirect without Location", url=url, status=page.status)
                url = urljoin(url, location.strip())
                continue
            return page
        raise FetchError("redirects", f"more than {self.config.max_redirects} redirects", url=url)

    def _fetch(self, url: str, *, max_bytes: int, headers: dict[str, str] | None = None, delay: float) -> Page:
        """One URL with retries (no redirects followed); 2xx, 3xx and 304 come back, the rest raise."""
        attempts = self.config.max_retries + 1
        for attempt in range(attempts):
            wait = self.config.backoff_base * (2**attempt) * (1 + random.random() / 2)
            try:
                page = self._once(url, max_bytes=max_bytes, headers=headers or {}, delay=delay)
            except FetchError as exc:
                if not exc.retryable or attempt == attempts - 1:
                    raise
            else:
                if page.status < 400:
                    return page
                error = FetchError("http_status", f"HTTP {page.status}", url=url, status=page.status)
                if not error.retryable or attempt == attempts - 1:
                    raise error
                retry_after = _retry_after(page.headers.get("retry-after"))
                if retry_after is not None:
                    if retry_after > self.config.max_retry_after:
                        raise FetchError(
                            "http_status",
                            f"HTTP {page.status}, Retry-After {retry_after:.0f}s is too long",
                            url=url,
                            status=page.status,
                        )
                    wait = max(wait, retry_after)
            if time.monotonic() + wait > self.deadline:
                raise FetchError("budget", "no time left for another attempt", url=url)
            time.sleep(wait)
        raise FetchError("budget", "no attempts left", url=url)  # not reached: the loop returns or raises

    def _once(self, url: str, *, max_bytes: int, headers: dict[str, str], delay: float) -> Page:
        host = (urlsplit(url).hostname or "").lower()
        request_headers = {
            "User-Agent": self.config.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.9,*/*;q=0.8",
            **headers,
        }
        with self._gate.slot(host, delay=delay, jitter=self.config.host_jitter, deadline=self.deadline):
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError("budget", "the time budget for this source is used up", url=url)
            timeout = httpx.Timeout(
                connect=min(self.config.connect_timeout, remaining),
                read=min(self.config.read_timeout, remaining),
                write=min(self.config.read_timeout, remaining),
                pool=min(self.config.connect_timeout, remaining),
            )
            try:
                with self._client.stream("GET", url, headers=request_headers, timeout=timeout) as response:
                    self.stats.statuses[str(response.status_code)] += 1
                    body = b""
                    if response.status_code < 300 and response.status_code != 204:
                        body = self._read_capped(response, max_bytes, url)
                    page = Page(
                        url=url,
                        status=response.status_code,
                        headers=response.headers,
                        body=body,
                        not_modified=response.status_code == 304,
                    )
            except BlockedAddressError as exc:
                raise FetchError("blocked", str(exc), url=url) from exc
            except httpx.TimeoutException as exc:
                raise FetchError("timeout", f"{type(exc).__name__}", url=url) from exc
            except (httpx.TransportError, httpx.DecodingError, httpx.InvalidURL) as exc:
                raise FetchError("connect", f"{type(exc).__name__}: {exc}", url=url) from exc
        if page.status < 300:
            self.stats.pages += 1
            self.stats.bytes += len(page.body)
        return page

    def _read_capped(self, response: httpx.Response, max_bytes: int, url: str) -> bytes:
        encoding = response.headers.get("content-encoding", "")
        length = response.headers.get("content-length", "")
        if not encoding and length.isdigit() and int(length) > max_bytes:
            raise FetchError("too_large", f"Content-Length {length} exceeds {max_bytes} bytes", url=url)
        decoder = _BodyDecoder(encoding)
        out = bytearray()
        for chunk in response.iter_raw(CHUNK):
            if time.monotonic() > self.deadline:
                raise FetchError("budget", "the time budget ended while reading", url=url)
            out += decoder.feed(chunk, max_bytes - len(out))
            if len(out) > max_bytes:
                raise FetchError("too_large", f"the decoded body exceeds {max_bytes} bytes", url=url)
        return bytes(out)


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError("scheme", f"only http and https are fetched, not {parts.scheme or 'a relative URL'}", url=url)
    if not parts.hostname:
        raise FetchError("scheme", "the URL has no host", url=url)
    if parts.username or parts.password:
        raise FetchError("scheme", "URLs with credentials are not fetched", url=url)
