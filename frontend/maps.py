"""The map of a search's places (frontend/_map.html) as one small view-model, for the results page and the home page:
where its GeoJSON comes from, the tile settings, and every place as a plain link, those with the most postings first
and the rest folded away (the map without JavaScript, without tiles, and for keyboard and assistive technology)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode

from search.selectors import PlaceCount, place_search_params

# Places listed under the map (the map shows them all).
MAP_LIST_TOP = 12


@dataclass(frozen=True)
class PlaceLink:
    name: str
    count: int
    href: str


@dataclass(frozen=True)
class MapView:
    data_url: str  # GeoJSON of every place (/api/v1/search/jobs/map/ with the search's parameters)
    places: tuple[PlaceLink, ...]  # the first MAP_LIST_TOP, most postings first
    rest: tuple[PlaceLink, ...]  # the others, folded away under the list: every place has a link without the map
    tile_url: str
    tile_attribution: str

    @property
    def total_places(self) -> int:
        return len(self.places) + len(self.rest)


def map_view(params: QueryDict, places: list[PlaceCount]) -> MapView:
    """The map of a search with these parameters (a QueryDict) and its places (search.selectors)."""
    page = reverse("frontend:job_search")
    # The map's data: the same search; its page does not change the places (one cached answer for every page).
    asked = [(k, v) for k, values in params.lists() if k not in ("page", "page_size") for v in values if v.strip()]
    data = reverse("search-jobs-map")
    links = tuple(
        PlaceLink(name=p.name, count=p.count, href=f"{page}?{urlencode(place_search_params(params, p))}")
        for p in places
    )
    return MapView(
        data_url=f"{data}?{urlencode(asked)}" if asked else data,
        places=links[:MAP_LIST_TOP],
        rest=links[MAP_LIST_TOP:],
        tile_url=settings.MAP_TILE_URL,
        tile_attribution=settings.MAP_TILE_ATTRIBUTION,
    )
