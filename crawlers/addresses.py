"""Which network addresses the crawler may connect to: the rule of the SSRF guard, in one place.

An address passes only if it and every IPv4 address embedded in it (IPv4-mapped and -compatible, 6to4, Teredo
server and client, NAT64, ISATAP) are global unicast addresses. Written by hand because no maintained library
applies such a rule to httpx/httpcore connections; `ipaddress` supplies the building blocks, and the explicit
network list below does not depend on how a given Python version defines `is_global`.

The one exception is an exact `host:port` named in CRAWLER_ALLOWED_ADDRESSES (the demo career sites of `make run`,
a test's own server), and only for sources the operator added.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Endpoint = tuple[IPAddress, int]

# Special-purpose ranges that are never a website's address (IANA special-purpose registries, RFC 6890 and later).
NOT_PUBLIC_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",  # "this network"
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, incl. the cloud metadata service 169.254.169.254
        "172.16.0.0/12",
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation
        "192.88.99.0/24",  # 6to4 relay anycast (deprecated)
        "192.168.0.0/16",
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation
        "203.0.113.0/24",  # documentation
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, incl. broadcast
        "::/96",  # unspecified, loopback and the deprecated IPv4-compatible addresses
        "::ffff:0:0/96",  # IPv4-mapped (checked as the IPv4 address they carry)
        "64:ff9b:1::/48",  # NAT64 local use
        "100::/64",  # discard
        "2001::/23",  # IETF protocol assignments: Teredo, benchmarking, ORCHID
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation
        "5f00::/16",  # SRv6 segment identifiers
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
    )
)
GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")
NAT64_WELL_KNOWN = ipaddress.ip_network("64:ff9b::/96")
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_LOW32 = 0xFFFFFFFF
_LOW64 = (1 << 64) - 1


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """Every IPv4 address an IPv6 address carries and would be delivered to (tunnels and translators)."""
    found: list[ipaddress.IPv4Address] = []
    value = int(ip)
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if value >> 32 == 0:  # IPv4-compatible ::a.b.c.d
        found.append(ipaddress.IPv4Address(value & _LOW32))
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found += list(ip.teredo)  # (server, client); the client is stored inverted and `teredo` undoes that
    if ip in NAT64_WELL_KNOWN or ip in NAT64_LOCAL:
        found.append(ipaddress.IPv4Address(value & _LOW32))
    interface_id = value & _LOW64
    if (interface_id >> 32) & 0xFCFFFFFF == 0x00005EFE:  # ISATAP: …:0000:5efe:a.b.c.d (u/g bits may be set)
        found.append(ipaddress.IPv4Address(interface_id & _LOW32))
    return list(dict.fromkeys(found))


def _not_public(ip: IPAddress) -> str | None:
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_link_local:
        return "a link-local address"
    for network in NOT_PUBLIC_NETWORKS:
        if ip.version == network.version and ip in network:
            return f"in the special-purpose range {network}"
    if isinstance(ip, ipaddress.IPv6Address) and ip in NAT64_WELL_KNOWN:
        return None  # a translator's name for the IPv4 address it carries, which is checked instead
    if isinstance(ip, ipaddress.IPv6Address) and ip not in GLOBAL_UNICAST_V6:
        return "outside the global unicast range 2000::/3"
    if ip.is_private or ip.is_reserved or not ip.is_global:
        return "not a public address"
    return None


def address_refusal(address: str, port: int | None = None, *, allowed: frozenset[Endpoint] = frozenset()) -> str | None:
    """Why the crawler must not connect to `address` (on `port`), or None if it may."""
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return f"{address!r} is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1 on a dual-stack socket
    if port is not None and (ip, port) in allowed:
        return None
    reason = _not_public(ip)
    if reason:
        return f"{ip} is {reason}"
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in embedded_ipv4(ip):
            reason = _not_public(inner)
            if reason:
                return f"{ip} carries {inner}, which is {reason}"
    return None


def parse_endpoints(entries: Iterable[str]) -> frozenset[Endpoint]:
    """`["127.0.0.1:8001", "[::1]:8001"]` → {(address, port)}; a malformed entry is a configuration error."""
    endpoints = set()
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        host, sep, port = entry.rpartition(":")
        host = host.removeprefix("[").removesuffix("]")
        try:
            ip: IPAddress = ipaddress.ip_address(host)
            number = int(port)
            if not sep or not 0 < number < 65536:
                raise ValueError(port)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"CRAWLER_ALLOWED_ADDRESSES: {entry!r} is not an IP address with a port, e.g. 127.0.0.1:8001"
            ) from exc
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        endpoints.add((ip, number))
    return frozenset(endpoints)
