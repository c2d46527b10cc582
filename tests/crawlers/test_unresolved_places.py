"""Places a crawled posting names that the gazetteer does not know are recorded for the operator (without streets)."""

from __future__ import annotations

import pytest

from crawlers.normalize import Gazetteer, workplaces
from crawlers.pipeline import crawl_source, source_add
from crawlers.types import RawPlace, RawPosting
from moderation.models import UnresolvedPlace
from tests.crawlers.server import LocalServer
from tests.crawlers.test_pipeline import detail, jsonld_page

pytestmark = pytest.mark.django_db


def test_the_gazetteer_counts_what_it_could_not_find():
    gaz = Gazetteer()
    raw = RawPosting(
        title="Maurer",
        places=[
            RawPlace(locality="Hintertupfingen", street="Hauptstraße 1"),
            RawPlace(postal_code="99734", locality="Nordhausen"),
            RawPlace(locality="Wien", country="AT"),  # abroad: not ours to resolve
            RawPlace(locality="Hintertupfingen", street="Nebenweg 2"),
        ],
    )
    assert [w["municipality"] for w in workplaces(raw, gaz, fallback_ags=None)] == ["16062041"]
    assert dict(gaz.unresolved) == {"Hintertupfingen": 2}


def test_a_crawl_records_unresolved_places_per_source(server: LocalServer, company_a) -> None:  # type: ignore[no-untyped-def]
    server.add("/karriere", jsonld_page(links=[("/karriere/1", "1"), ("/karriere/2", "2")]))
    server.add("/karriere/1", detail("A-1", "Maurer (m/w/d)", postal="", locality="Hintertupfingen"))
    server.add("/karriere/2", detail("A-2", "Elektriker (m/w/d)"))
    source = source_add(by_operator=True, company=company_a, url=server.url("/karriere"))
    crawl_source(source)
    place = UnresolvedPlace.objects.get()
    assert (place.source_id, place.text, place.count) == (source.pk, "Hintertupfingen", 1)
    crawl_source(source)
    place.refresh_from_db()
    assert place.count == 2 and place.last_seen > place.first_seen
