"""German relevance, the same on every backend: compounds both ways, everyday words, structured values in words,
and a company's boilerplate ranking below what a posting says itself (the `backend` fixture runs each test once
per backend)."""

from __future__ import annotations

from typing import Any

import pytest

from search.indexing import index_reconcile
from tests.factories import CompanyFactory

from .helpers import days_ago, find, ids

pytestmark = pytest.mark.usefixtures("backend")


# ---- compounds, both ways -----------------------------------------------------------------------------------------


def test_the_front_of_a_compound_finds_it(post: Any) -> None:
    hotel = post(title="Hotelfachmann (m/w/d)", field="63")
    plastics = post(title="Verfahrensmechaniker Kunststofftechnik (m/w/d)", field="22")
    post(title="Lagerist (m/w/d)", field="51")
    assert ids(q="Hotel") == [hotel.pk]
    assert ids(q="Hotelfachfrau") == [hotel.pk]
    assert ids(q="Kunststoff") == [plastics.pk]
    assert ids(q="Verfahrensmechaniker") == [plastics.pk]


def test_a_head_ranks_its_compound_above_a_mention_in_the_text(post: Any) -> None:
    optician = post(title="Augenoptiker (m/w/d)", field="82", date_posted=days_ago(9))
    mention = post(title="Verkäufer (m/w/d)", field="62", description="<p>Neben unserem Optiker im Center.</p>",
                   date_posted=days_ago(0))  # fmt: skip
    assert ids(q="Optiker") == [optician.pk, mention.pk]


def test_the_whole_word_ranks_above_a_part_of_a_compound(post: Any) -> None:
    body = post(title="Koch (m/w/d)", field="29", description="<p>Küche in unserem Hotel am Markt.</p>",
                date_posted=days_ago(0))  # fmt: skip
    part = post(title="Hotelfachmann (m/w/d)", field="63", date_posted=days_ago(1))
    whole = post(title="Rezeption Hotel Erfurt (m/w/d)", field="63", date_posted=days_ago(5))
    assert ids(q="Hotel") == [whole.pk, part.pk, body.pk]


def test_words_do_not_split_into_short_or_unknown_parts(post: Any) -> None:
    post(title="Verkäufer (m/w/d)", field="62", description="<p>Im Verkauf unserer Filiale.</p>")
    post(title="Softwareentwickler (m/w/d)", field="43", description="<p>Unternehmen in Jena.</p>")
    assert ids(q="Kauf") == []
    assert ids(q="Ware") == []
    assert ids(q="nehmen") == []


# ---- everyday words -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "title", "text"),
    [
        ("Azubi", "Auszubildende Elektroniker (m/w/d)", "Start im August."),
        ("Kita", "Erzieher (m/w/d)", "Für unsere Kindertagesstätte in Nordhausen."),
        ("Minijob", "Reinigungskraft (m/w/d)", "Als geringfügige Beschäftigung, abends."),
        ("Homeoffice", "Sachbearbeiter Buchhaltung (m/w/d)", "Mobiles Arbeiten ist an zwei Tagen möglich."),
        ("Quereinsteiger", "Busfahrer (m/w/d)", "Quereinstieg möglich, wir bilden Sie aus."),
        ("MFA", "Medizinische Fachangestellte (m/w/d)", "Praxis in Erfurt."),
        ("Bürokauffrau", "Kaufmann für Büromanagement (m/w/d)", "Verwaltung."),
        ("Gabelstapler", "Gabelstaplerfahrer (m/w/d)", "Lager in Sondershausen."),
        ("Staplerfahrer", "Gabelstaplerfahrer (m/w/d)", "Lager in Sondershausen."),
    ],
)
def test_everyday_words_find_the_postings_they_mean(post: Any, typed: str, title: str, text: str) -> None:
    wanted = post(title=title, description=f"<p>{text}</p>", field="71")
    post(title="Zerspanungsmechaniker (m/w/d)", field="24", description="<p>CNC-Fertigung in Ellrich.</p>")
    assert ids(q=typed) == [wanted.pk]


def test_a_word_naming_a_structured_value_finds_the_postings_having_it(post: Any) -> None:
    part_time = post(title="Verkäufer (m/w/d)", field="62", employment_types=["part_time"])
    said = post(title="Koch (m/w/d)", field="29", description="<p>Auch in Teilzeit möglich.</p>")
    full_time = post(title="Lagerist (m/w/d)", field="51", employment_types=["full_time"])
    intern = post(title="Marketing (m/w/d)", field="92", offer_type="internship")
    trainee = post(title="Elektroniker (m/w/d)", field="26", offer_type="apprenticeship")
    fixed = post(title="Gärtner (m/w/d)", field="11", contract="fixed_term")
    hybrid = post(title="Buchhalter (m/w/d)", field="72", remote="hybrid")
    assert sorted(ids(q="Teilzeit")) == sorted([part_time.pk, said.pk])
    assert find(q="Teilzeit").total >= find(employment_type=["part_time"]).total
    assert full_time.pk in ids(q="Vollzeit")
    assert ids(q="Praktikum") == [intern.pk]
    assert ids(q="Azubi") == [trainee.pk]
    assert ids(q="befristet") == [fixed.pk]
    assert ids(q="Homeoffice") == [hybrid.pk]
    assert ids(q="remote") == [hybrid.pk]


# ---- boilerplate ----------------------------------------------------------------------------------------------------

_INTRO = (
    "Wir sind eine erfahrene Agentur für die Pflege von Websites und Onlineshops in ganz Thüringen. "
    "Bei uns erwarten Sie flache Hierarchien und ein familiäres Team."
)


def test_text_a_company_repeats_in_most_postings_ranks_below_a_postings_own_text(post: Any) -> None:
    agency = CompanyFactory()
    repeated = [
        post(company=agency, title=title, field="92", date_posted=days_ago(0),
             description=f"<p>{_INTRO}</p><p>{task}</p>")
        for title, task in (("Marketing Manager (m/w/d)", "Sie planen Kampagnen."),
                            ("Reinigungskraft (m/w/d)", "Sie reinigen unsere Büros."),
                            ("Grafiker (m/w/d)", "Sie gestalten Anzeigen."))
    ]  # fmt: skip
    care = post(title="Betreuungskraft (m/w/d)", field="81", date_posted=days_ago(6),
                description="<p>Sie übernehmen die Pflege und Betreuung unserer Bewohner.</p>")  # fmt: skip
    titled = post(title="Pflegefachkraft (m/w/d)", field="81", date_posted=days_ago(20))
    index_reconcile()  # the agency's earlier postings learn that their introduction is shared
    found = ids(q="Pflege")
    assert found[:2] == [titled.pk, care.pk]
    assert sorted(found[2:]) == sorted(p.pk for p in repeated)  # still found, below


def test_boilerplate_still_counts_where_it_is_all_a_posting_says(post: Any) -> None:
    agency = CompanyFactory()
    first = post(company=agency, title="Grafiker (m/w/d)", field="92", description=f"<p>{_INTRO}</p>")
    second = post(company=agency, title="Texter (m/w/d)", field="92", description=f"<p>{_INTRO}</p>")
    index_reconcile()
    assert sorted(ids(q="Onlineshops")) == sorted([first.pk, second.pk])
    assert find(q="Grafiker Onlineshops").total == 1


def test_a_typo_finds_the_front_of_a_compound(post: Any) -> None:
    hotel = post(title="Hotelfachmann (m/w/d)", field="63")
    post(title="Lagerist (m/w/d)", field="51")
    assert ids(q="Hotle") == [hotel.pk]
