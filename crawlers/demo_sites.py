"""Generated career sites in the formats the crawler reads, for the local demo and the benchmark.

`site_routes(fmt, postings, prefix)` gives {path: (content type, body)}; `ENTRY[fmt]` is (entry path, kind).
Served on loopback only; the crawler reads them only when CRAWLER_ALLOWED_ADDRESSES names their address.
"""

from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FORMATS = ("jsonld", "personio", "softgarden", "greenhouse", "lever", "rss", "html")
ENTRY = {
    "jsonld": ("/karriere/", "auto"),
    "personio": ("/xml", "personio"),
    "softgarden": ("/jobs.feed.json", "auto"),
    "greenhouse": ("/v1/boards/demo/jobs", "auto"),
    "lever": ("/v0/postings/demo", "auto"),
    "rss": ("/", "auto"),  # the home page advertises the feed
    "html": ("/stellen/", "html"),
}
HTML_SELECTORS = {"item": "li.stelle", "title": "a", "place": ".ort"}

_TITLES = [
    "Zerspanungsmechaniker (m/w/d)",
    "Elektroniker für Betriebstechnik (m/w/d)",
    "Kaufmann für Büromanagement (m/w/d)",
    "Berufskraftfahrer (m/w/d) CE",
    "Pflegefachkraft (m/w/d)",
    "Koch (m/w/d)",
    "Fachkraft für Lagerlogistik (m/w/d)",
    "Softwareentwickler (m/w/d)",
    "Industriemechaniker (m/w/d)",
    "Erzieher (m/w/d)",
    "Maurer (m/w/d)",
    "Ausbildung Mechatroniker (m/w/d)",
    "Verkäufer (m/w/d) in Teilzeit",
    "Buchhalter (m/w/d)",
    "Tischler (m/w/d)",
]
# Places of the default region (Nordhausen, Kyffhäuserkreis, Unstrut-Hainich-Kreis), some of them under a postal code
# that several municipalities share (99752, 99755, 99947, 99974): the locality tells them apart.
_PLACES = [
    ("99734", "Nordhausen"),
    ("99706", "Sondershausen"),
    ("99974", "Mühlhausen"),
    ("99947", "Bad Langensalza"),
    ("99752", "Bleicherode"),
    ("99755", "Ellrich"),
    ("06556", "Artern"),
    ("06567", "Bad Frankenhausen"),
]


@dataclass(frozen=True)
class DemoPosting:
    ident: str
    title: str
    postal_code: str
    city: str
    date: str
    salary: int

    @property
    def slug(self) -> str:
        return self.ident.lower()


def demo_postings(
    seed: int, n: int = 5, *, titles: list[str] | None = None, places: list[tuple[str, str]] | None = None
) -> list[DemoPosting]:
    """`n` postings with titles and places (postal code, locality) drawn from the given lists, else generic ones."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        postal, city = rnd.choice(places or _PLACES)
        out.append(
            DemoPosting(
                f"J{seed}-{i}",
                rnd.choice(titles or _TITLES),
                postal,
                city,
                f"2026-{rnd.randint(9, 11):02d}-{rnd.randint(1, 28):02d}",
                rnd.randint(28, 60) * 100,
            )
        )
    return out


def company_demo_postings(company: Any, seed: int, n: int = 5) -> list[DemoPosting]:
    """Postings that fit a demo company: roles of its trade (jobs.demo.company_roles of its hiring fields in
    jobs.demo_data), at its own municipality; a company that is not in the demo data gets the generic ones."""
    from jobs.demo import company_roles
    from jobs.demo_data import COMPANIES

    fields = next((c[6] for c in COMPANIES if c[0] == company.slug), [])
    titles = [f"{role[0]} (m/w/d)" for field in fields for role in company_roles(company.slug, field)]
    home = company.municipality
    places = None
    if home is not None:
        postal = company.postal_code or next(iter(home.postal_code_list), "")
        places = [(postal, home.short_name)]
    return demo_postings(seed, n, titles=titles or None, places=places)


def _desc(p: DemoPosting) -> str:
    return (
        f"<p>Wir suchen Sie als <strong>{html.escape(p.title)}</strong> in {p.city}.</p>"
        "<ul><li>Unbefristeter Vertrag</li><li>30 Tage Urlaub</li></ul>"
    )


def _jobposting(p: DemoPosting, url: str) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": p.title,
        "description": _desc(p),
        "identifier": {"@type": "PropertyValue", "value": p.ident},
        "datePosted": p.date,
        "employmentType": "FULL_TIME",
        "url": url,
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "postalCode": p.postal_code,
                "addressLocality": p.city,
                "addressCountry": "DE",
            },
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "EUR",
            "value": {"@type": "QuantitativeValue", "value": p.salary, "unitText": "MONTH"},
        },
    }


def _page(title: str, body: str, head: str = "") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{html.escape(title)}</title>{head}'
        f"</head><body><main>{body}</main></body></html>"
    ).encode()


def site_routes(fmt: str, postings: list[DemoPosting], prefix: str = "") -> dict[str, tuple[str, bytes]]:
    """The pages of one company's career site in the given format, under `prefix` ("" or "/slug")."""
    p = prefix
    routes: dict[str, tuple[str, bytes]] = {"/robots.txt": ("text/plain", b"User-agent: *\nAllow: /\n")}
    htm = "text/html; charset=utf-8"
    if fmt == "jsonld":
        links = "".join(f'<li><a href="{p}/karriere/{x.slug}">{html.escape(x.title)}</a></li>' for x in postings)
        routes[f"{p}/karriere/"] = (htm, _page("Karriere", f"<h1>Offene Stellen</h1><ul>{links}</ul>"))
        for x in postings:
            ld = json.dumps(_jobposting(x, f"{p}/karriere/{x.slug}"), ensure_ascii=False)
            routes[f"{p}/karriere/{x.slug}"] = (
                htm,
                _page(x.title, _desc(x), f'<script type="application/ld+json">{ld}</script>'),
            )
    elif fmt == "personio":
        positions = "".join(
            f"<position><id>{x.ident}</id><office>{x.city}</office><name>{html.escape(x.title)}</name>"
            f"<jobDescriptions><jobDescription><name>Aufgaben</name><value><![CDATA[{_desc(x)}]]></value>"
            f"</jobDescription></jobDescriptions><employmentType>permanent</employmentType><schedule>full-time</schedule>"
            f"<createdAt>{x.date}T08:00:00+01:00</createdAt></position>"
            for x in postings
        )
        routes[f"{p}/xml"] = (
            "application/xml; charset=utf-8",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<workzag-jobs>{positions}</workzag-jobs>'.encode(),
        )
    elif fmt == "softgarden":
        feed = {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "dataFeedElement": [
                {"@type": "DataFeedItem", "item": _jobposting(x, f"{p}/job/{x.slug}")} for x in postings
            ],
        }
        routes[f"{p}/jobs.feed.json"] = ("application/json", json.dumps(feed, ensure_ascii=False).encode())
    elif fmt == "greenhouse":
        jobs = [
            {
                "id": i + 1000,
                "title": x.title,
                "updated_at": f"{x.date}T08:00:00-05:00",
                "location": {"name": x.city},
                "absolute_url": f"{p}/jobs/{x.slug}",
                "content": html.escape(_desc(x)),
            }
            for i, x in enumerate(postings)
        ]
        routes[f"{p}/v1/boards/demo/jobs"] = (
            "application/json",
            json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}).encode(),
        )
    elif fmt == "lever":
        posts = [
            {
                "id": x.ident,
                "text": x.title,
                "categories": {"location": x.city, "commitment": "Vollzeit"},
                "description": _desc(x),
                "lists": [],
                "hostedUrl": f"{p}/jobs/{x.slug}",
                "workplaceType": "onsite",
            }
            for x in postings
        ]
        routes[f"{p}/v0/postings/demo"] = ("application/json", json.dumps(posts, ensure_ascii=False).encode())
    elif fmt == "rss":
        items = "".join(
            f"<item><title>{html.escape(x.title)}</title><link>{p}/job/{x.slug}</link>"
            f'<guid isPermaLink="false">{x.ident}</guid>'
            f"<pubDate>Mon, 03 Nov 2026 07:00:00 +0100</pubDate><description><![CDATA[{_desc(x)}]]></description>"
            f"<job_listing:location>{x.postal_code} {x.city}</job_listing:location>"
            "<job_listing:job_type>Vollzeit</job_listing:job_type></item>"
            for x in postings
        )
        routes[f"{p}/"] = (
            htm,
            _page(
                "Start", "<h1>Willkommen</h1>", f'<link rel="alternate" type="application/rss+xml" href="{p}/feed/">'
            ),
        )
        routes[f"{p}/feed/"] = (
            "application/rss+xml; charset=utf-8",
            (
                '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:job_listing="https://example.org/job_listing/">'
                f"<channel><title>Jobs</title><link>{p}/</link>{items}</channel></rss>"
            ).encode(),
        )
    elif fmt == "html":
        items = "".join(
            f'<li class="stelle"><a href="{p}/stellen/{x.slug}">{html.escape(x.title)}</a>'
            f'<span class="ort">{x.city}</span></li>'
            for x in postings
        )
        routes[f"{p}/stellen/"] = (htm, _page("Stellen", f"<ul>{items}</ul>"))
        for x in postings:
            routes[f"{p}/stellen/{x.slug}"] = (htm, _page(x.title, f"<h1>{html.escape(x.title)}</h1>{_desc(x)}"))
    else:
        raise ValueError(f"unknown demo format {fmt!r}")
    return routes


def absolutize(routes: dict[str, tuple[str, bytes]], origin: str) -> dict[str, tuple[str, bytes]]:
    """Feeds carry absolute URLs in the wild: put the origin in front of the site's own paths."""
    out = {}
    for path, (ctype, body) in routes.items():
        if "json" in ctype or "xml" in ctype:
            body = body.replace(b'"/', f'"{origin}/'.encode()).replace(b"<link>/", f"<link>{origin}/".encode())
        out[path] = (ctype, body)
    return out


class DemoHandler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[str, bytes]] = {}
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        found = self.routes.get(self.path.split("?")[0])
        ctype, body = found if found else ("text/plain", b"not found")
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(routes: dict[str, tuple[str, bytes]], host: str, port: int) -> ThreadingHTTPServer:
    handler = type("Handler", (DemoHandler,), {"routes": routes})
    return ThreadingHTTPServer((host, port), handler)
