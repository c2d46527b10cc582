"""Finding quality in German: what a person types and what they expect first, the same on every backend.

Small, exact cases for the problem classes the relevance benchmark (bench/relevance.py) measures in bulk: a word at
the front of a compound, everyday words and abbreviations, words that name a structured value, company boilerplate,
and title matches above body matches. Where ranking is asked, the postings that must come later are the newer ones,
so that the newest-first tie-break cannot make a case pass by itself.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import CompanyFactory

from .helpers import days_ago, ids

pytestmark = pytest.mark.usefixtures("backend")

NEUTRAL = "<p>Wir freuen uns auf Ihre Bewerbung.</p>"


# ---- compounds both ways --------------------------------------------------------------------------------------------


def test_front_of_a_compound_finds_the_compound(post: Any) -> None:
    """ "Hotel" is the front of "Hotelfachmann": the posting is found although no word of it is "Hotel"."""
    wanted = post(
        title="Hotelfachmann (m/w/d)",
        field="63",
        description="<p>Sie arbeiten an der Rezeption, im Restaurant und auf der Etage unseres Hauses.</p>",
    )
    post(title="Elektroniker (m/w/d)", field="26", description=NEUTRAL)
    assert ids(q="hotel") == [wanted.pk]
    assert ids(q="Hotel") == [wanted.pk]


def test_front_of_a_hyphen_elided_compound_is_found(post: Any) -> None:
    """ "Kunststoff- und Kautschuktechnik" is "Kunststofftechnik und Kautschuktechnik": all three words find it."""
    wanted = post(
        title="Verfahrensmechaniker für Kunststoff- und Kautschuktechnik (m/w/d)",
        field="22",
        description="<p>Sie rüsten Spritzgießmaschinen und optimieren Prozessparameter.</p>",
    )
    post(title="Lagerist (m/w/d)", field="51", description=NEUTRAL)
    assert ids(q="Kunststoff") == [wanted.pk]
    assert ids(q="Kunststofftechnik") == [wanted.pk]
    assert ids(q="Kautschuk") == [wanted.pk]


def test_head_of_a_compound_ranks_the_occupation_above_a_body_mention(post: Any) -> None:
    """ "Optiker": the optician's posting first, not a mechanic's whose company text speaks of Optik."""
    optician = post(
        title="Augenoptiker (m/w/d)",
        field="82",
        description="<p>Sie beraten bei der Brillenwahl und führen Sehtests durch.</p>",
        date_posted=days_ago(10),
    )
    post(
        title="Industriemechaniker (m/w/d)",
        field="25",
        description="<p>Wir fertigen Optik und Feinmechanik für Optiker, Labore und Kliniken.</p>",
        date_posted=days_ago(0),
    )
    found = ids(q="Optiker")
    assert found and found[0] == optician.pk


def test_modifier_of_a_compound_finds_the_compound(post: Any) -> None:
    wanted = post(title="Küchenhilfe (m/w/d)", field="29", description="<p>Sie bereiten Salate und Beilagen vor.</p>")
    post(title="Verkäufer (m/w/d)", field="62", description=NEUTRAL)
    assert ids(q="Küche") == [wanted.pk]


# ---- everyday words -------------------------------------------------------------------------------------------------


def test_azubi_finds_an_apprenticeship(post: Any) -> None:
    wanted = post(
        title="Ausbildung zum Kfz-Mechatroniker (m/w/d)",
        field="25",
        offer_type="apprenticeship",
        description="<p>Sie lernen Wartung, Diagnose und Reparatur moderner Fahrzeuge.</p>",
    )
    post(title="Kfz-Mechatroniker (m/w/d)", field="25", description="<p>Inspektionen und Reparaturen.</p>")
    assert ids(q="Azubi") == [wanted.pk]
    assert ids(q="Azubi Kfz")[0] == wanted.pk


@pytest.mark.parametrize(
    ("asked", "title", "field"),
    [
        ("Kita", "Erzieher (m/w/d) für unsere Kindertagesstätte", "83"),
        ("MFA", "Medizinische Fachangestellte (m/w/d)", "81"),
        ("Bürokauffrau", "Kaufmann / Kauffrau für Büromanagement (m/w/d)", "71"),
        ("Gabelstapler", "Staplerfahrer (m/w/d)", "52"),
        ("Staplerfahrer", "Gabelstaplerfahrer (m/w/d)", "52"),
        ("Quereinsteiger", "Busfahrer (m/w/d) – Quereinstieg möglich", "52"),
        ("Arzthelferin", "MFA (m/w/d) für unsere Hausarztpraxis", "81"),
    ],
)
def test_everyday_word_finds_the_posting(post: Any, asked: str, title: str, field: str) -> None:
    wanted = post(title=title, field=field, description=NEUTRAL)
    post(title="Zerspanungsmechaniker (m/w/d)", field="24", description=NEUTRAL)
    assert ids(q=asked) == [wanted.pk]


def test_homeoffice_finds_mobile_work_in_the_text(post: Any) -> None:
    wanted = post(
        title="Sachbearbeiter Buchhaltung (m/w/d)",
        field="72",
        description="<p>Mobiles Arbeiten ist an zwei Tagen pro Woche möglich.</p>",
    )
    post(title="Lagerist (m/w/d)", field="51", description=NEUTRAL)
    assert ids(q="Homeoffice") == [wanted.pk]


# ---- words that name a structured value -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "having", "lacking"),
    [
        ("Teilzeit", {"employment_types": ["part_time"]}, {"employment_types": ["full_time"]}),
        ("Vollzeit", {"employment_types": ["full_time"]}, {"employment_types": ["part_time"]}),
        ("Minijob", {"employment_types": ["mini_job"]}, {"employment_types": ["full_time"]}),
        ("Schichtarbeit", {"employment_types": ["full_time", "shift"]}, {"employment_types": ["full_time"]}),
        ("Homeoffice", {"remote": "hybrid"}, {"remote": "none"}),
        ("Ausbildung", {"offer_type": "apprenticeship"}, {"offer_type": "job"}),
        ("Praktikum", {"offer_type": "internship", "contract": "fixed_term"}, {"offer_type": "job"}),
        ("befristet", {"contract": "fixed_term"}, {"contract": "permanent"}),
    ],
)
def test_word_naming_a_value_finds_postings_having_it(
    post: Any, asked: str, having: dict[str, Any], lacking: dict[str, Any]
) -> None:
    """The posting's text never says it; its structured value does."""
    text = "<p>Sie verkaufen Brot und Kuchen und beraten unsere Kundschaft.</p>"
    wanted = post(title="Verkäufer (m/w/d)", field="62", description=text, date_posted=days_ago(5), **having)
    post(title="Verkäufer (m/w/d)", field="62", description=text, date_posted=days_ago(0), **lacking)
    assert ids(q=asked) == [wanted.pk]


def test_value_word_with_an_occupation_asks_for_both(post: Any) -> None:
    wanted = post(title="Pflegefachkraft (m/w/d)", field="81", description=NEUTRAL, employment_types=["part_time"],
                  date_posted=days_ago(5))  # fmt: skip
    post(title="Pflegefachkraft (m/w/d)", field="81", description=NEUTRAL, employment_types=["full_time"],
         date_posted=days_ago(0))  # fmt: skip
    post(title="Koch (m/w/d)", field="29", description=NEUTRAL, employment_types=["part_time"])
    found = ids(q="Pflegefachkraft Teilzeit")
    assert found and found[0] == wanted.pk


# ---- boilerplate counts less than the posting's own text ------------------------------------------------------------

INTRO = (
    "<p>Sauberland steht seit 1992 für Qualität und Sauberkeit: Wir übernehmen die Reinigung und Pflege von Büros, "
    "Praxen, Schulen und Grünanlagen in ganz Mittelthüringen.</p>"
)


def test_company_intro_does_not_outrank_the_occupation(post: Any) -> None:
    """Company A's intro says "Pflege" in all five postings; company B has a care posting: B first, A not above it."""
    cleaner = CompanyFactory(slug="sauberland", name="Sauberland Gebäudeservice GmbH")
    carer = CompanyFactory(slug="pflegezentrum", name="Pflegezentrum Am Kyffhäuser gGmbH")
    titles = ["Reinigungskraft (m/w/d)", "Gebäudereiniger (m/w/d)", "Objektleiter (m/w/d)", "Hausmeister (m/w/d)",
              "Glasreiniger (m/w/d)"]  # fmt: skip
    intros = [
        post(cleaner, title=t, field="54", description=f"{INTRO}<p>Objekt Nr. {i}: Sie arbeiten in festen Teams.</p>",
             date_posted=days_ago(0))
        for i, t in enumerate(titles)
    ]  # fmt: skip
    wanted = post(
        carer,
        title="Pflegefachkraft (m/w/d)",
        field="81",
        description="<p>Sie versorgen unsere Bewohnerinnen und Bewohner im Wohnbereich.</p>",
        date_posted=days_ago(10),
    )
    found = ids(q="Pflege")
    assert found[0] == wanted.pk, f"boilerplate postings {[p.pk for p in intros]} first: {found}"


def test_boilerplate_ranks_below_text_unique_to_the_posting(post: Any) -> None:
    """A posting whose own text speaks of Pflege ranks above postings that only share their company's intro."""
    cleaner = CompanyFactory(slug="sauberland", name="Sauberland Gebäudeservice GmbH")
    intros = [
        post(cleaner, title=t, field="54", description=f"{INTRO}<p>Sie arbeiten in festen Objekten ({t}).</p>",
             date_posted=days_ago(0))
        for t in ("Reinigungskraft (m/w/d)", "Gebäudereiniger (m/w/d)", "Objektleiter (m/w/d)")
    ]  # fmt: skip
    own = post(
        CompanyFactory(slug="wohnstaetten", name="Wohnstätten Unstrut gGmbH"),
        title="Betreuungsassistent (m/w/d)",
        field="83",
        description="<p>Sie unterstützen unsere Fachkräfte bei der Pflege und im Alltag der Bewohner.</p>",
        date_posted=days_ago(10),
    )
    found = ids(q="Pflege")
    assert found and found[0] == own.pk, f"boilerplate postings {[p.pk for p in intros]} first: {found}"


def test_website_maintenance_is_not_care(post: Any) -> None:
    """ "Pflege der Website" is a body word of a marketing job: a care posting's title ranks above it."""
    care = post(title="Pflegehelfer (m/w/d)", field="81", description=NEUTRAL, date_posted=days_ago(10))
    marketing = post(
        title="Online-Marketing-Manager (m/w/d)",
        field="92",
        description="<p>Pflege der Website und unserer Social-Media-Kanäle, Planung von Kampagnen.</p>",
        date_posted=days_ago(0),
    )
    found = ids(q="Pflege")
    assert found[0] == care.pk, f"the marketing job {marketing.pk} ranks first"


# ---- where the word is ----------------------------------------------------------------------------------------------


def test_title_match_ranks_above_body_match(post: Any) -> None:
    welder = post(
        title="Schweißer (m/w/d)", field="24", description="<p>Stahlkonstruktionen nach Zeichnung.</p>",
        date_posted=days_ago(10),
    )  # fmt: skip
    fitter = post(
        title="Metallbauer (m/w/d)",
        field="24",
        description="<p>Sie montieren Geländer; als Schweißer arbeiten Sie im MAG-Verfahren.</p>",
        date_posted=days_ago(0),
    )
    assert ids(q="Schweißer") == [welder.pk, fitter.pk]


def test_whole_word_in_the_title_ranks_above_a_compound_part(post: Any) -> None:
    """The title saying "Lager" as a word is what was asked; "Lagerlogistik" only contains it."""
    whole = post(title="Mitarbeiter Lager (m/w/d)", field="51", description=NEUTRAL, date_posted=days_ago(10))
    part = post(title="Fachkraft für Lagerlogistik (m/w/d)", field="51", description=NEUTRAL, date_posted=days_ago(0))
    assert ids(q="Lager") == [whole.pk, part.pk]
