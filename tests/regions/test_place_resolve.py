"""What a typed place means (regions.selectors.place_resolve): whole names, never a silent prefix; near misses."""

import pytest

from regions.selectors import PlaceNotFound, max_place_typos, place_resolve, place_search
from regions.text import typo_distance

pytestmark = pytest.mark.django_db


def test_a_complete_word_never_resolves_to_a_longer_name():
    with pytest.raises(PlaceNotFound) as exc:
        place_resolve(query="Berlin")
    assert exc.value.correction is None
    assert "Berlingerode" not in exc.value.suggestions
    # The autocomplete still offers it by its prefix.
    assert place_search(q="Berlin")[0].name == "Berlingerode"


def test_prefixes_do_not_resolve_but_whole_names_and_short_forms_do():
    with pytest.raises(PlaceNotFound):
        place_resolve(query="Sondersh")
    assert place_resolve(query="Berlingerode").name == "Berlingerode"
    assert place_resolve(query="sondershausen").name == "Sondershausen"
    assert place_resolve(query="Mühlhausen").name == "Mühlhausen/Thüringen"
    assert place_resolve(query="Langensalza").name == "Bad Langensalza"
    assert place_resolve(query="Frankenhausen").name == "Bad Frankenhausen/Kyffhäuser"
    assert place_resolve(query="Neundorf (bei Schleiz)").name == "Neundorf (bei Schleiz)"


def test_postal_codes_and_postal_code_with_name_resolve():
    assert place_resolve(query="99734").name == "Nordhausen"
    assert place_resolve(query="99734 Nordhausen").name == "Nordhausen"
    with pytest.raises(PlaceNotFound):
        place_resolve(query="10115")


def test_a_shared_name_needs_its_county():
    with pytest.raises(PlaceNotFound) as exc:
        place_resolve(query="Eichenberg")
    assert exc.value.ambiguous and exc.value.correction is None
    assert len(exc.value.suggestions) == 2
    # Each suggestion resolves to its own place, as do "Name, County" and "Name (County)".
    resolved = {place_resolve(query=label).municipality_ags for label in exc.value.suggestions}
    assert len(resolved) == 2
    county = place_resolve(query=exc.value.suggestions[0]).county_name
    assert place_resolve(query=f"Eichenberg, {county}").municipality_ags in resolved
    with pytest.raises(PlaceNotFound):
        place_resolve(query="Eichenberg (Erfurt)")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("Nordhasuen", "Nordhausen"), ("Sonderhausen", "Sondershausen"), ("Mühlhasuen", "Mühlhausen/Thüringen"),
     ("muhlhasuen", "Mühlhausen/Thüringen"), ("Nordhausn", "Nordhausen")],
)  # fmt: skip
def test_a_near_miss_is_corrected_when_only_one_place_is_that_close(typed, meant):
    with pytest.raises(PlaceNotFound) as exc:
        place_resolve(query=typed)
    assert exc.value.correction is not None and exc.value.correction.name == meant
    assert exc.value.suggestions == [exc.value.correction.label]


def test_an_ambiguous_near_miss_is_only_suggested():
    # "Eichenbrg" is one typo from both Eichenbergs: no guess, both offered.
    with pytest.raises(PlaceNotFound) as exc:
        place_resolve(query="Eichenbrg")
    assert exc.value.correction is None and len(exc.value.suggestions) == 2


def test_typo_distance_counts_typos():
    assert typo_distance("nordhasuen", "nordhausen", 2) == 1
    assert typo_distance("berlin", "berlingerode", 2) == 3
    assert typo_distance("abcd", "abcd", 0) == 0
    assert typo_distance("ab", "ba", 1) == 1
    assert typo_distance("kitten", "sitting", 5) == 3
    assert max_place_typos("Gera") == 0 and max_place_typos("Plauen") == 1 and max_place_typos("Nordhausen") == 2


@pytest.mark.parametrize("town", ["Chemnitz", "Würzburg", "Northeim", "Göttingen", "Sangerhausen", "Wernigerode"])
def test_towns_outside_thuringia_are_not_taken_for_a_thuringian_one(town):
    with pytest.raises(PlaceNotFound) as exc:
        place_resolve(query=town)
    assert exc.value.correction is None
