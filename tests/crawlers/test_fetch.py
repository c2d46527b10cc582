"""The fetch stage against real local servers: politeness, retries, limits and the SSRF guard."""

from __future__ import annotations

import gzip
import time
import zlib

import pytest

from crawlers.fetch import FetchConfig, Fetcher, FetchError, HostGate, decode_body
from tests.crawlers.server import LocalServer


def test_user_agent_and_robots_are_honoured(server: LocalServer, fetcher: Fetcher) -> None:
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.add("/jobs", "<html>ok</html>")
    server.add("/private/jobs", "<html>secret</html>")
    page = fetcher.get(server.url("/jobs"))
    assert page.status == 200 and page.text == "<html>ok</html>"
    with pytest.raises(FetchError) as err:
        fetcher.get(server.url("/private/jobs"))
    assert err.value.reason == "robots"
    assert server.hits("/private/jobs") == 0
    assert server.hits("/robots.txt") == 1  # cached for the run
    ua = next(h for p, h in server.requests if p == "/jobs")["User-Agent"]
    assert ua.startswith("regiojobs-crawler/") and "+http" in ua


def test_robots_group_for_our_token_denies_everything(server: LocalServer, fetcher: Fetcher) -> None:
    server.add("/robots.txt", "User-agent: regiojobs-crawler\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    server.add("/", "<html>home</html>")
    with pytest.raises(FetchError) as err:
        fetcher.get(server.url("/"))
    assert err.value.reason == "robots"


def test_crawl_delay_spaces_requests(server: LocalServer, fetcher: Fetcher) -> None:
    server.add("/robots.txt", "User-agent: *\nCrawl-delay: 0.4\n", content_type="text/plain")
    server.add("/a", "a")
    server.add("/b", "b")
    fetcher.get(server.url("/a"))
    started = time.monotonic()
    fetcher.get(server.url("/b"))
    assert time.monotonic() - started >= 0.35


def test_robots_unreachable_means_stay_away(server: LocalServer, fetcher: Fetcher) -> None:
    server.add("/robots.txt", "oops", status=503)
    server.add("/jobs", "<html>ok</html>")
    with pytest.raises(FetchError) as err:
        fetcher.get(server.url("/jobs"))
    assert err.value.reason == "robots"
    assert server.hits("/jobs") == 0


def test_429_with_retry_after_is_waited_for(server: LocalServer, fetcher: Fetcher) -> None:
    calls = []

    def limited(_req):  # type: ignore[no-untyped-def]
        calls.append(time.monotonic())
        if len(calls) == 1:
            return 429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"slow down"
        return 200, {"Content-Type": "text/html"}, b"<html>fine</html>"

    server.handle("/jobs", limited)
    page = fetcher.get(server.url("/jobs"))
    assert page.text == "<html>fine</html>"
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.95
    assert fetcher.stats.statuses["429"] == 1


def test_retry_after_beyond_the_cap_gives_up(server: LocalServer, fetcher: Fetcher) -> None:
    server.add("/jobs", "busy", status=503, headers={"Retry-After": "3600"})
    with pytest.raises(FetchError) as err:
        fetcher.get(server.url("/jobs"))
    assert err.value.status == 503 and "Retry-After" in str(err.value)
    assert server.hits("/jobs") == 1


def test_flapping_500_is_retried_then_succeeds(server: LocalServer, fetcher: Fetcher) -> None:
    answers = iter([500, 502, 200])

    def flapping(_req):  # type: ignore[no-untyped-def]
        status = next(answers)
        return status, {"Content-Type": "text/html"}, b"<html>up</html>" if status == 200 else b"down"

    server.handle("/jobs", flapping)
    assert fetcher.get(server.url("/jobs")).text == "<html>up</html>"
    assert fetcher.stats.statuses == {"404": 1, "500": 1, "502": 1, "200": 1}  # 404: no robots.txt


def test_persistent_500_fails_after_the_retries(server: LocalServer, fetcher: Fetcher, config: FetchConfig) -> None:
    server.add("/jobs", "down", status=500)
    with pytest.raises(FetchError) as err:
        fetcher.get(server.url("/jobs"))
    assert err.value.status == 500
    assert server.hits("/jobs") == config.max_retries + 1


def test_404_is_not_retried(server: LocalServer, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError) as err:
        fetcher.get(server.url("/gone"))
    assert err.value.status == 404 and server.hits("/gone") == 1


def test_slow_response_past_the_read_timeout(server: LocalServer, fetcher: Fetcher, config: FetchConfig) -> None:
    server.add("/slow", "<html>late</html>", delay=config.read_timeout + 0.7)
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetcher.get(server.url("/slow"))
    assert err.value.reason == "timeout"
    assert time.monotonic() - started < (config.read_timeout + 0.7) * (config.max_retries + 1)


def test_total_budget_stops_a_slow_source(server: LocalServer) -> None:
    config = FetchConfig.from_settings(budget=0.8, read_timeout=5.0)
    server.add("/slow", "<html>late</html>", delay=2.0)
    started = time.monotonic()
    with Fetcher(config, gate=HostGate()) as fetcher, pytest.raises(FetchError):
        fetcher.get(server.url("/slow"))
    assert time.monotonic() - started < 1.8


def test_50_mb_body_is_cut_off(server: LocalServer, fetcher: Fetcher, config: FetchConfig) -> None:
    chunk = b"<p>" + b"x" * (1024 * 1024 - 3)

    def body():  # type: ignore[no-untyped-def]
        for _ in range(50):
            yield chunk

    server.add("/huge", body(), headers={"Content-Length": str(50 * 1024 * 1024)})
    with pytest.raises(FetchError) as err:
        fetcher.get(server.url("/huge"))
    assert err.value.reason == "too_large"
    server.add("/huge-chunked", body())  # no Content-Length: the cap applies while streaming
    with pytest.raises(FetchError) as err:
        fetcher.get(server.url("/huge-chunked"))
    assert err.value.reason == "too_large"


def test_gzip_bomb_is_stopped_at_the_decoded_cap(server: LocalServer, fetcher: Fetcher) -> None:
    bomb = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)  # 200 MiB of zeros in ~200 KB
    assert len(bomb) < 300 * 1024
    server.add("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError) as err:
        fetcher.get(server.url("/bomb"))
    assert err.value.reason == "too_large"


def test_gzip_and_deflate_bodies_are_decoded(server: LocalServer, fetcher: Fetcher) -> None:
    server.add("/gz", gzip.compress(b"<html>gzip</html>"), headers={"Content-Encoding": "gzip"})
    server.add("/zlib", zlib.compress(b"<html>zlib</html>"), headers={"Content-Encoding": "deflate"})
    raw = zlib.compressobj(wbits=-15)
    server.add("/raw", raw.compress(b"<html>raw</html>") + raw.flush(), headers={"Content-Encoding": "deflate"})
    assert fetcher.get(server.url("/gz")).text == "<html>gzip</html>"
    assert fetcher.get(server.url("/zlib")).text == "<html>zlib</html>"
    assert fetcher.get(server.url("/raw")).text == "<html>raw</html>"
    assert "gzip" in next(h for p, h in server.requests if p == "/gz")["Accept-Encoding"]


def test_conditional_get_returns_not_modified(server: LocalServer, fetcher: Fetcher) -> None:
    def conditional(req):  # type: ignore[no-untyped-def]
        if req.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"ETag": '"v1"', "Content-Type": "application/json"}, b"[]"

    server.handle("/feed", conditional)
    first = fetcher.get(server.url("/feed"), feed=True)
    assert first.status == 200 and first.headers["etag"] == '"v1"'
    again = fetcher.get(server.url("/feed"), feed=True, etag='"v1"')
    assert again.not_modified and again.status == 304


@pytest.mark.parametrize("target", ["http://10.0.0.1/jobs", "http://169.254.169.254/latest/meta-data/"])
def test_redirect_to_a_private_or_metadata_address_is_refused(
    server: LocalServer, fetcher: Fetcher, target: str
) -> None:
    server.add("/jobs", "", status=302, headers={"Location": target})
    with pytest.raises(FetchError) as err:
        fetcher.get(server.url("/jobs"))
    assert err.value.reason == "blocked"
    assert target.split("/")[2] in str(err.value)


def test_hostname_resolving_to_a_private_address_is_refused(server: LocalServer, config: FetchConfig) -> None:
    # The one thing that cannot exist here is public DNS: the resolver hook answers like a hostile DNS would.
    resolved = []

    def dns(host: str, port: int) -> list[str]:
        resolved.append(host)
        return ["93.184.215.14", "192.168.1.20"] if host == "jobs.example.com" else ["127.0.0.1"]

    with Fetcher(config, resolver=dns, gate=HostGate()) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get("http://jobs.example.com/karriere")
    assert err.value.reason == "blocked" and "192.168.1.20" in str(err.value)
    assert resolved == ["jobs.example.com"]  # resolved once; nothing was connected


def test_loopback_is_refused_unless_its_address_and_port_are_allowed(server: LocalServer) -> None:
    server.add("/", "<html>local</html>")
    strict = FetchConfig.from_settings(allowed_addresses=())
    with Fetcher(strict, gate=HostGate()) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(server.url("/"))
    assert err.value.reason == "blocked"
    assert server.requests == []


def test_redirect_chain_is_followed_and_limited(server: LocalServer, fetcher: Fetcher) -> None:
    for i in range(7):
        server.add(f"/r{i}", "", status=301, headers={"Location": f"/r{i + 1}"})
    server.add("/r7", "<html>end</html>")
    server.add("/short", "", status=302, headers={"Location": "/r5"})
    assert fetcher.get(server.url("/short")).url == server.url("/r7")
    with pytest.raises(FetchError) as err:
        fetcher.get(server.url("/r0"))
    assert err.value.reason == "redirects"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/"])
def test_only_http_and_https(fetcher: Fetcher, url: str) -> None:
    with pytest.raises(FetchError) as err:
        fetcher.get(url)
    assert err.value.reason == "scheme"


def test_iso_8859_15_page_is_decoded_without_mojibake(server: LocalServer, fetcher: Fetcher) -> None:
    text = "<html><body>Bäcker für Brötchen, Gehalt 2.500 €</body></html>"
    server.add("/latin", text.encode("iso-8859-15"), content_type="text/html; charset=ISO-8859-15")
    page = fetcher.get(server.url("/latin"))
    assert "Bäcker für Brötchen, Gehalt 2.500 €" in page.text


def test_header_charset_wins_over_meta_and_bom_wins_over_both() -> None:
    body = '<meta charset="utf-8"><p>Größe</p>'.encode("iso-8859-15")
    assert "Größe" in decode_body(body, "text/html; charset=iso-8859-15")[0]
    meta_only = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15"><p>€</p>'.encode(
        "iso-8859-15"
    )
    assert "€" in decode_body(meta_only, "text/html")[0]
    bom = "\ufeff<p>Übung</p>".encode()
    assert decode_body(bom, "text/html; charset=iso-8859-1")[0] == "<p>Übung</p>"
    assert decode_body("<p>Straße</p>".encode(), "text/html")[0] == "<p>Straße</p>"


def test_redirected_robots_txt_is_followed(server: LocalServer, fetcher: Fetcher) -> None:
    server.add("/robots.txt", "", status=301, headers={"Location": "/robots-live.txt"})
    server.add("/robots-live.txt", "User-agent: *\nDisallow: /intern/\n", content_type="text/plain")
    server.add("/intern/jobs", "<html>x</html>")
    with pytest.raises(FetchError) as err:
        fetcher.get(server.url("/intern/jobs"))
    assert err.value.reason == "robots"
