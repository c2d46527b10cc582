from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from companies.models import Company
from crawlers.demo_sites import ENTRY, FORMATS, HTML_SELECTORS, absolutize, company_demo_postings, serve, site_routes
from crawlers.pipeline import source_add


class Command(BaseCommand):
    help = (
        "Serve generated career sites of a few demo companies on 127.0.0.1 (each in another format) and register "
        "them as crawl sources. The crawler reads them only when CRAWLER_ALLOWED_ADDRESSES names 127.0.0.1:PORT."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8001)
        parser.add_argument("--companies", type=int, default=4, help="how many approved companies get a site")
        parser.add_argument("--no-register", action="store_true", help="only serve; do not create CrawlSources")
        parser.add_argument("--once", action="store_true", help="register and exit without serving (for scripts)")

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        origin = f"http://127.0.0.1:{port}"
        companies = list(
            Company.objects.approved().select_related("municipality").order_by("slug")[: options["companies"]]
        )
        if not companies:
            raise CommandError("No approved companies: run `manage.py seed_demo` first.")
        formats = ["jsonld", "personio", "rss", "html", "greenhouse", "softgarden", "lever"]
        assert set(formats) == set(FORMATS)
        routes: dict[str, tuple[str, bytes]] = {}
        for i, company in enumerate(companies):
            fmt = formats[i % len(formats)]
            prefix = f"/{company.slug}"
            routes.update(
                absolutize(site_routes(fmt, company_demo_postings(company, seed=i + 1, n=5), prefix=prefix), origin)
            )
            entry, kind = ENTRY[fmt]
            url = f"{origin}{prefix}{entry}"
            if not options["no_register"]:
                source_add(
                    company=company,
                    url=url,
                    kind=kind,
                    selectors=HTML_SELECTORS if kind == "html" else None,
                    by_operator=True,
                )
            self.stdout.write(f"{company.slug:<30} {fmt:<11} {url}")
        if f"127.0.0.1:{port}" not in settings.CRAWLER_ALLOWED_ADDRESSES:
            self.stdout.write(
                self.style.WARNING(
                    f"CRAWLER_ALLOWED_ADDRESSES does not name 127.0.0.1:{port}: crawls of these sites will be "
                    f"refused. Start the worker with CRAWLER_ALLOWED_ADDRESSES=127.0.0.1:{port} to crawl the demo."
                )
            )
        if options["once"]:
            return
        httpd = serve(routes, "127.0.0.1", port)
        self.stdout.write(self.style.SUCCESS(f"Serving demo career sites on {origin} (Ctrl-C stops)."))
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            httpd.server_close()
