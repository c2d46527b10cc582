"""JSON-LD in the shapes career sites publish it: @graph with other nodes first, @type arrays, @context only on the
root or as an object with prefixes or @vocab, nested mainEntity, ItemList wrappers, several script blocks."""

from __future__ import annotations

import json

from crawlers.extract.jsonld import extract_html
from crawlers.extract.schema import job_posting_nodes
from tests.crawlers.conftest import fixture_bytes


def _page(name: str) -> str:
    return fixture_bytes(name).decode("utf-8")


def test_a_yoast_graph_yields_its_postings_with_organization_and_place_resolved() -> None:
    postings, errors = extract_html(_page("jsonld_yoast_graph.html"), "https://bauhof.example/karriere/")
    assert errors == []
    assert [(p.title, p.key) for p in postings] == [
        ("Maurer (m/w/d)", "https://bauhof.example/karriere/#maurer"),
        ("Baggerfahrer (m/w/d)", "https://bauhof.example/karriere/#baggerfahrer"),
    ]
    for p in postings:
        (place,) = p.places
        assert (place.street, place.postal_code, place.locality) == ("Industriestraße 4", "99752", "Bleicherode")
    assert postings[0].employment_types == ["FULL_TIME"] and postings[1].employment_types == ["PART_TIME"]
    assert "Fliesen" in postings[0].description


def test_main_entity_and_item_list_wrappers_in_several_blocks() -> None:
    postings, errors = extract_html(_page("jsonld_mainentity_itemlist.html"), "https://pflege.example/jobs")
    assert errors == []
    assert [(p.title, p.url, p.key) for p in postings] == [
        ("Pflegefachkraft (m/w/d)", "https://pflege.example/stellen/pflegefachkraft", "PF-7"),
        (
            "Pflegehelfer (m/w/d)",
            "https://pflege.example/stellen/pflegehelfer",
            "https://pflege.example/stellen/pflegehelfer",
        ),
        (
            "Hauswirtschafter (m/w/d)",
            "https://pflege.example/stellen/hauswirtschaft",
            "https://pflege.example/stellen/hauswirtschaft",
        ),
    ]
    assert postings[2].places[0].text == "99706 Sondershausen"


def test_prefixed_and_vocab_contexts_full_iris_and_a_posting_given_twice() -> None:
    postings, errors = extract_html(_page("jsonld_prefixed_context.html"), "https://metallbau.example/jobs")
    assert errors == []
    (p,) = postings
    assert p.title == "Schweißer (m/w/d)"
    assert p.key == "https://metallbau.example/jobs/schweisser"
    assert (p.places[0].postal_code, p.places[0].locality) == ("99974", "Mühlhausen/Thüringen")


def test_type_names_in_every_spelling() -> None:
    for type_value in (
        "JobPosting",
        ["JobPosting"],
        ["Thing", "JobPosting"],
        "http://schema.org/JobPosting",
        "https://schema.org/JobPosting",
        "schema:JobPosting",
        ["http://www.schema.org/JobPosting"],
    ):
        nodes = list(job_posting_nodes({"@graph": [{"@type": "WebPage"}, {"@type": type_value, "title": "Koch"}]}))
        assert [n["title"] for n in nodes] == ["Koch"], type_value


def test_postings_without_ids_on_one_page_keep_apart() -> None:
    block = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "JobPosting", "title": "Koch (m/w/d)"},
            {"@type": "JobPosting", "title": "Kellner (m/w/d)"},
        ],
    }
    page = f'<script type="application/ld+json">{json.dumps(block)}</script>'
    postings, _ = extract_html(page, "https://gasthof.example/jobs")
    assert [p.key for p in postings] == [
        "https://gasthof.example/jobs#Koch (m/w/d)",
        "https://gasthof.example/jobs#Kellner (m/w/d)",
    ]


def test_a_reference_cycle_ends() -> None:
    graph = {
        "@graph": [
            {"@id": "#a", "@type": "JobPosting", "title": "Bäcker", "hiringOrganization": {"@id": "#b"}},
            {"@id": "#b", "@type": "Organization", "name": "Backstube", "subOrganization": {"@id": "#a"}},
        ]
    }
    (node,) = list(job_posting_nodes(graph))
    assert node["hiringOrganization"]["name"] == "Backstube"
