import pytest
from django.core.management import call_command

from regions.models import County, Municipality, PostalLocality, Region
from regions.selectors import PlaceNotFound, place_resolve, place_search

pytestmark = pytest.mark.django_db


def test_gazetteer_is_complete_and_reload_is_idempotent():
    counts = (County.objects.count(), Municipality.objects.count(), PostalLocality.objects.count())
    assert counts == (22, 605, 1041)
    call_command("load_regions", verbosity=0)
    assert (County.objects.count(), Municipality.objects.count(), PostalLocality.objects.count()) == counts


def test_default_region_is_nordthueringen():
    region = Region.objects.default()
    assert region is not None and region.name == "Nordthüringen"
    assert set(region.counties.values_list("name", flat=True)) == {
        "Landkreis Nordhausen",
        "Kyffhäuserkreis",
        "Unstrut-Hainich-Kreis",
    }


def test_operator_edits_of_the_default_region_survive_a_reload():
    region = Region.objects.default()
    region.counties.add(County.objects.get(name="Erfurt"))
    call_command("load_regions", verbosity=0)
    assert region.counties.filter(name="Erfurt").exists()


@pytest.mark.parametrize("typed", ["muehlhausen", "Mühlhausen", "MÜHLHAUSEN", "muhlhausen", "Mühlhausen/Thüringen"])
def test_place_found_case_and_umlaut_insensitively(typed):
    assert place_search(q=typed)[0].name == "Mühlhausen/Thüringen"
    assert place_resolve(query=typed).municipality_ags == "16064046"


def test_ambiguous_name_shows_the_county():
    labels = [p.label for p in place_search(q="Eichenberg")]
    assert len(labels) == 2
    assert all("(" in label for label in labels)
    assert labels != [labels[0]] * 2


def test_place_found_by_postal_code():
    places = place_search(q="99734")
    assert places[0].name == "Nordhausen" and places[0].postal_code == "99734"
    assert place_resolve(query="06567").name.startswith("Bad Frankenhausen")


def test_unknown_place_suggests_close_names():
    with pytest.raises(PlaceNotFound) as exc:
        place_resolve(query="Nordhausn")
    assert "Nordhausen" in exc.value.suggestions


def test_places_api(api):
    r = api.get("/api/v1/regions/places/", {"q": "sonders"})
    assert r.status_code == 200
    assert r.json()[0]["name"] == "Sondershausen"
    assert r.json()[0]["county_name"] == "Kyffhäuserkreis"
    assert api.get("/api/v1/regions/places/").status_code == 400
    assert api.get("/api/v1/regions/places/", {"q": "x" * 101}).status_code == 400


def test_counties_api(api):
    r = api.get("/api/v1/regions/counties/")
    assert r.status_code == 200
    assert len(r.json()) == 22
    assert {"ags": "16062", "name": "Landkreis Nordhausen"}.items() <= r.json()[10].items() or any(
        c["ags"] == "16062" for c in r.json()
    )
