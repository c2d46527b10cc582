"""The SSRF guard as a class: every address the crawler connects to, and every IPv4 address hidden inside it, must
be public; the only exception is an exact address:port the settings name, and only for the operator's sources."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from crawlers.addresses import address_refusal, embedded_ipv4, parse_endpoints
from crawlers.fetch import FetchConfig, Fetcher, FetchError, HostGate
from crawlers.models import CrawlSource, Outcome
from crawlers.pipeline import crawl_source, source_add
from tests.crawlers.server import LocalServer
from tests.crawlers.test_pipeline import detail, jsonld_page

REFUSED = [
    # plain non-public IPv4 and IPv6
    "10.0.0.1",
    "172.16.3.4",
    "192.168.0.1",
    "100.64.0.1",
    "169.254.169.254",
    "127.0.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "240.0.0.1",
    "255.255.255.255",
    "192.0.2.1",
    "198.51.100.7",
    "203.0.113.9",
    "198.18.0.1",
    "192.88.99.1",
    "::",
    "::1",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "fec0::1",  # site-local (deprecated), "global" to Python 3.11
    "ff02::1",
    "2001:db8::1",
    "3fff::1",  # documentation (RFC 9637), "global" to Python 3.11
    "5f00::1",  # SRv6
    "100::1",
    "2001:2::1",  # benchmarking
    # IPv4 inside IPv6
    "::ffff:10.0.0.1",
    "::ffff:127.0.0.1",
    "::a9fe:a9fe",  # IPv4-compatible 169.254.169.254
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254 (the example)
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:c0a8:101:1::5",  # 6to4 of 192.168.1.1
    "2001:0:808:808:0:0:80ff:fffe",  # Teredo: server 8.8.8.8, obfuscated client 127.0.0.1
    "2001:0:a00:1::1",  # Teredo: server 10.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b:1::a00:1",  # NAT64 local-use prefix
    "2a00:1450:4001:82b:0:5efe:a00:1",  # ISATAP interface id carrying 10.0.0.1 under a global prefix
    "2a00:1450:4001:82b:200:5efe:a9fe:a9fe",  # ISATAP (u bit set) carrying 169.254.169.254
]

PUBLIC = [
    "93.184.215.14",
    "8.8.8.8",
    "2a00:1450:4001:82b::200e",
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8",  # IPv4-mapped public address
    "2002:808:808::1",  # 6to4 of a public address
    "64:ff9b::808:808",  # NAT64 (DNS64 network) of a public address
]


@pytest.mark.parametrize("address", REFUSED)
def test_non_public_addresses_and_public_wrappers_of_them_are_refused(address: str) -> None:
    assert address_refusal(address, 80) is not None


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address: str) -> None:
    assert address_refusal(address, 443) is None


def test_the_embedded_ipv4_addresses_are_named() -> None:
    import ipaddress

    teredo = embedded_ipv4(ipaddress.IPv6Address("2001:0:808:808:0:0:80ff:fffe"))
    assert [str(a) for a in teredo] == ["8.8.8.8", "127.0.0.1"]
    refusal = address_refusal("2002:a9fe:a9fe::1")
    assert refusal is not None and "169.254.169.254" in refusal


def test_an_allowed_entry_is_one_address_and_one_port_only() -> None:
    allowed = parse_endpoints(["127.0.0.1:8001", "[::1]:8001"])
    assert address_refusal("127.0.0.1", 8001, allowed=allowed) is None
    assert address_refusal("::ffff:127.0.0.1", 8001, allowed=allowed) is None
    assert address_refusal("::1", 8001, allowed=allowed) is None
    assert address_refusal("127.0.0.1", 8002, allowed=allowed) is not None  # another port of the same host
    assert address_refusal("127.0.0.2", 8001, allowed=allowed) is not None
    assert address_refusal("127.0.0.1", None, allowed=allowed) is not None
    with pytest.raises(Exception, match="CRAWLER_ALLOWED_ADDRESSES"):
        parse_endpoints(["127.0.0.1"])


def test_a_hostname_resolving_to_a_6to4_wrapper_of_the_metadata_service_is_not_connected(
    server: LocalServer, config: FetchConfig
) -> None:
    # Public DNS cannot exist here: the resolver hook answers as a hostile DNS server would.
    def dns(host: str, port: int) -> list[str]:
        return ["2002:a9fe:a9fe::1"]

    with Fetcher(config, resolver=dns, gate=HostGate()) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get("http://jobs.example.com/karriere")
    assert err.value.reason == "blocked" and "169.254.169.254" in str(err.value)


def test_another_loopback_port_stays_closed_even_through_a_redirect(server: LocalServer, config: FetchConfig) -> None:
    """The issue's reproduction: with the demo's address allowed, a private listener on another port was readable."""
    private = LocalServer().start()
    try:
        private.add("/secret", "<html>internal admin</html>")
        server.add("/jobs", "", status=302, headers={"Location": private.url("/secret")})
        with Fetcher(config, gate=HostGate()) as fetcher:
            with pytest.raises(FetchError) as err:
                fetcher.get(private.url("/secret"))
            assert err.value.reason == "blocked"
            with pytest.raises(FetchError) as err:
                fetcher.get(server.url("/jobs"))
            assert err.value.reason == "blocked"
        assert private.requests == []
    finally:
        private.stop()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/karriere",  # even the address the settings allow
        "http://localhost:{port}/karriere",
        "http://169.254.169.254/latest/meta-data/",
        "http://[2002:a9fe:a9fe::1]/",
        "http://[::ffff:10.0.0.1]:8080/jobs",
        "http://10.1.2.3/jobs",
    ],
)
def test_a_company_users_source_must_be_public(server: LocalServer, company_a: Any, url: str) -> None:
    with pytest.raises(ValidationError) as err:
        source_add(company=company_a, url=url.format(port=server.port))
    assert "url" in err.value.message_dict
    assert not CrawlSource.objects.exists()


@pytest.mark.django_db
def test_the_company_area_refuses_a_loopback_source_and_says_why(server: LocalServer, member_a: Any) -> None:
    from django.test import Client

    from tests.frontend.conftest import field_error

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member_a)
    response = client.post(
        "/company-area/firma-a/sources/new/", {"url": f"http://localhost:{server.port}/", "kind": "auto"}
    )
    assert response.status_code in (200, 400)
    assert "not a public internet address" in field_error(response, "id_url")
    assert not CrawlSource.objects.exists()


@pytest.mark.django_db
def test_a_users_source_gets_no_exception_when_crawled(server: LocalServer, company_a: Any) -> None:
    """Even if a user's source reaches an allowed address later (DNS changed after it was added), it is refused."""
    server.add("/karriere", jsonld_page(links=[("/karriere/1", "Maurer (m/w/d)")]))
    server.add("/karriere/1", detail("E-1", "Maurer (m/w/d)"))
    users = CrawlSource.objects.create(company=company_a, url=server.url("/karriere"))
    run = crawl_source(users)
    assert run.outcome == Outcome.FAILED and run.found == 0
    assert any("loopback" in e["reason"] for e in run.errors), run.errors
    assert server.requests == []
    operators = source_add(company=company_a, url=server.url("/karriere?op"), by_operator=True)
    assert crawl_source(operators).outcome == Outcome.OK


def test_a_malformed_allowed_address_is_reported_at_start_up(settings: Any) -> None:
    from crawlers.apps import allowed_addresses_check

    settings.CRAWLER_ALLOWED_ADDRESSES = ["127.0.0.1:8001"]
    assert allowed_addresses_check() == []
    settings.CRAWLER_ALLOWED_ADDRESSES = ["localhost"]
    assert [e.id for e in allowed_addresses_check()] == ["crawlers.E001"]
