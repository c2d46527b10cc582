"""The region's face on the home page, network pages, the Ausbildung entry, the legal pages, and the error pages."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from PIL import Image

from legal.models import LegalPage, LegalSection
from regions.models import Region
from tests.factories import CompanyFactory, NetworkFactory, make_posting
from tests.frontend.conftest import soup

pytestmark = pytest.mark.django_db

ERFURT = "16051000"
BAD_LANGENSALZA = "16064003"


def _png(width: int = 600, height: int = 300) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (90, 140, 80)).save(out, format="PNG")
    return out.getvalue()


def _erfurt_workplace() -> list[dict[str, str]]:
    return [{"municipality": ERFURT, "postal_code": "99084", "street": ""}]


class TestRegionFace:
    def test_home_shows_the_default_region(self, client_de, company_a, indexed):
        network = NetworkFactory(slug="optonet", name="OptoNet")
        company_a.networks.add(network)
        NetworkFactory(slug="elsewhere", name="Anderswo-Netz").companies.add(
            CompanyFactory(slug="erfurter", municipality_id=ERFURT)
        )
        indexed(company_a, title="Zerspanungsmechaniker (m/w/d)")
        indexed(company_a, title="Ausbildung Mechatroniker (m/w/d)", offer_type="apprenticeship")

        page = soup(client_de.get("/"))
        face = page.find("section", class_="region-face")
        assert face is not None
        text = face.get_text(" ", strip=True)
        assert "Nordthüringen" in text
        assert "zwischen Harz, Kyffhäuser und Hainich" in text  # the shipped tagline
        image = face.find("img")
        assert image["src"].startswith("/media/regions/") and "Kyffhäuserdenkmal" in image["alt"]
        # Its three counties, with the open postings in each (both postings are in Nordhausen).
        links = {a["href"]: a.parent.get_text(" ", strip=True) for a in face.find_all("a")}
        assert "(2)" in links["/jobs/?county=16062"]
        assert "(0)" in links["/jobs/?county=16065"] and "/jobs/?county=16064" in links
        # Its networks (members in the region only), linked to their pages.
        assert "/netzwerke/optonet/" in links and "/netzwerke/elsewhere/" not in links
        assert "/ausbildung/" in links and "1 " in face.find(class_="region-training").get_text()
        # The search form comes first.
        html = str(page)
        assert html.index('role="search"') < html.index('class="region-face"')

    def test_english_texts_with_german_fallback(self):
        region = Region.objects.get(is_default=True)
        english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/").content.decode()
        assert "Work where others go on holiday" in english
        region.tagline_en = ""
        region.save()
        from config.caching import Generation, bump

        bump(Generation.REFERENCE)
        english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/").content.decode()
        assert "Arbeiten, wo andere Urlaub machen" in english

    def test_intro_is_sanitized(self):
        region = Region.objects.get(is_default=True)
        region.intro = (
            '<p onclick="x()">Hallo <script>alert(1)</script><img src=x onerror=y><a href="javascript:z">z</a></p>'
        )
        region.save()
        region.refresh_from_db()
        assert "script" not in region.intro and "onclick" not in region.intro and "<img" not in region.intro
        assert "javascript" not in region.intro and "Hallo" in region.intro

    def test_operator_edits_the_face_in_the_admin_and_the_home_page_follows(self, operator, client_de):
        region = Region.objects.get(is_default=True)
        client_de.get("/")  # the page is cached now
        admin = Client()
        admin.force_login(operator)
        url = f"/admin/regions/region/{region.pk}/change/"
        assert admin.get(url).status_code == 200
        form = {
            "name": region.name,
            "slug": region.slug,
            "is_default": "on",
            "counties": [c.pk for c in region.counties.all()],
            "tagline": "Neue Zeile für die Region",
            "intro": "<p>Neu</p>",
            "image_alt": "Ein grünes Bild",
            "tagline_en": "",
            "intro_en": "",
            "image_alt_en": "",
        }
        not_an_image = SimpleUploadedFile("bild.png", b"<svg onload='x'></svg>", content_type="image/png")
        r = admin.post(url, {**form, "image": not_an_image})
        assert r.status_code == 200 and "image" in r.context["adminform"].form.errors
        with override_settings(REGION_IMAGE_MAX_BYTES=1000):
            big = SimpleUploadedFile("bild.png", _png(), content_type="image/png")
            r = admin.post(url, {**form, "image": big})
        assert r.status_code == 200 and "image" in r.context["adminform"].form.errors
        r = admin.post(url, {**form, "image": SimpleUploadedFile("bild.png", _png(), content_type="image/png")})
        assert r.status_code == 302, r.context["adminform"].form.errors if r.context else r
        page = soup(client_de.get("/"))
        face = page.find("section", class_="region-face")
        assert "Neue Zeile für die Region" in face.get_text()
        assert face.find("img")["alt"] == "Ein grünes Bild"

    def test_an_image_needs_a_description(self, operator):
        region = Region.objects.get(is_default=True)
        admin = Client()
        admin.force_login(operator)
        r = admin.post(
            f"/admin/regions/region/{region.pk}/change/",
            {
                "name": region.name,
                "slug": region.slug,
                "is_default": "on",
                "counties": [c.pk for c in region.counties.all()],
                "tagline": "x",
                "intro": "",
                "image_alt": "",
                "image": SimpleUploadedFile("b.png", _png(), content_type="image/png"),
            },
        )
        assert r.status_code == 200 and "image_alt" in r.context["adminform"].form.errors


class TestNetworkPage:
    def test_members_postings_and_pagination(self, client_de, company_a, company_b):
        network = NetworkFactory(slug="automotive", name="Automotive Thüringen", website="https://auto.example")
        network.description = "Zulieferer und Hersteller."
        network.save()
        company_a.networks.add(network)
        pending = CompanyFactory(slug="wartend", name="Wartend GmbH", status="pending")
        pending.networks.add(network)
        for i in range(20):
            make_posting(company_a, title=f"Stelle A {i}")
        make_posting(
            company_a, title="Die älteste Stelle", date_posted=datetime.date.today() - datetime.timedelta(days=5)
        )
        make_posting(company_b, title="Nicht im Netzwerk")

        r = client_de.get("/netzwerke/automotive/")
        assert r.status_code == 200
        page = soup(r)
        assert "Automotive Thüringen" in page.title.get_text()
        assert "Zulieferer" in page.find("meta", attrs={"name": "description"})["content"]
        assert page.find("h1").get_text() == "Automotive Thüringen"
        assert page.find("a", href="/companies/firma-a/") is not None
        assert page.find("a", href="/companies/wartend/") is None  # not approved: not a member in public
        assert page.find("a", href="https://auto.example") is not None
        cards = page.select("ul.cards > li.card")
        assert len(cards) == 20 and "Nicht im Netzwerk" not in r.content.decode()
        assert page.find("a", href="?page=2") is not None

        second = soup(client_de.get("/netzwerke/automotive/?page=2"))
        assert [c.h3.get_text() for c in second.select("ul.cards > li.card")] == ["Die älteste Stelle"]
        assert client_de.get("/netzwerke/automotive/?page=1").status_code == 302
        bad = client_de.get("/netzwerke/automotive/?page=abc")
        assert bad.status_code == 400 and "page" in bad.content.decode().lower()
        assert client_de.get("/netzwerke/automotive/?page=3").status_code == 404
        assert client_de.get("/netzwerke/gibt-es-nicht/").status_code == 404

    def test_linked_from_company_page_and_list(self, client_de, company_a):
        network = NetworkFactory(slug="pflege-netz", name="Pflegenetz Nord")
        company_a.networks.add(network)
        assert soup(client_de.get("/companies/firma-a/")).find("a", href="/netzwerke/pflege-netz/") is not None
        listing = soup(client_de.get("/companies/?network=pflege-netz"))
        assert listing.find("a", href="/netzwerke/pflege-netz/") is not None

    def test_a_new_posting_shows_at_once(self, client_de, company_a):
        company_a.networks.add(NetworkFactory(slug="n1", name="N1"))
        assert "Neue Stelle" not in client_de.get("/netzwerke/n1/").content.decode()
        make_posting(company_a, title="Neue Stelle")
        assert "Neue Stelle" in client_de.get("/netzwerke/n1/").content.decode()


class TestApprenticeships:
    def test_soonest_start_first_undated_last_region_only(self, client_de, company_a):
        def training(title: str, starts: datetime.date | None, **extra):  # type: ignore[no-untyped-def]
            return make_posting(company_a, title=title, offer_type="apprenticeship", starts_on=starts, **extra)

        training("Ohne Datum", None)
        training("September", datetime.date(2027, 9, 1), field="81")
        training("August", datetime.date(2027, 8, 1))
        training(
            "Langensalza",
            datetime.date(2027, 8, 15),
            workplaces=[{"municipality": BAD_LANGENSALZA, "postal_code": "99947", "street": ""}],
        )
        training("In Erfurt", datetime.date(2027, 8, 1), workplaces=_erfurt_workplace())
        make_posting(company_a, title="Keine Ausbildung")

        r = client_de.get("/ausbildung/")
        assert r.status_code == 200
        page = soup(r)
        titles = [c.h3.get_text() for c in page.select("ul.cards > li.card")]
        assert titles == ["August", "Langensalza", "September", "Ohne Datum"]
        assert "1. August 2027" in page.select("ul.cards > li.card")[0].get_text()
        assert "Nordthüringen" in page.find("h1").get_text()
        assert page.find("a", href="/jobs/?offer_type=apprenticeship&county=16062") is not None
        assert page.find("a", href="/jobs/?offer_type=apprenticeship&county=16064") is not None
        assert page.find("a", href="/jobs/?offer_type=apprenticeship&county=16051") is None
        assert page.find("a", href="/jobs/?offer_type=apprenticeship&field=81") is not None

    def test_empty(self, client_de):
        r = client_de.get("/ausbildung/")
        assert r.status_code == 200 and not soup(r).select("ul.cards > li.card")


class TestLegalPages:
    @pytest.mark.parametrize(
        ("url", "title", "keys"),
        [
            ("/impressum/", "Impressum", ["anbieter", "kontakt", "verantwortlich"]),
            (
                "/datenschutz/",
                "Datenschutzerklärung",
                [
                    "verantwortlicher",
                    "rechtsgrundlagen",
                    "server-logs",
                    "cookies",
                    "speicherdauer",
                    "bewerberprofile",
                    "rechte",
                ],
            ),
        ],
    )
    def test_default_templates_in_both_languages(self, client_de, url, title, keys):
        page = soup(client_de.get(url))
        assert page.find("h1").get_text() == title
        assert [s["id"] for s in page.select("article section[id]")] == keys
        assert "[" in page.get_text()  # a template: the operator fills in the brackets
        english = soup(Client(HTTP_ACCEPT_LANGUAGE="en").get(url))
        assert english.find("h1").get_text() in ("Imprint", "Privacy policy")
        assert english.html["lang"] == "en"

    def test_cookies_section_names_only_the_necessary_cookies(self, client_de):
        text = soup(client_de.get("/datenschutz/")).find(id="cookies").get_text()
        assert "Sitzung" in text and "CSRF" in text and "Sprache" in text

    def test_footer_links_on_every_page(self, client_de):
        for url in ("/", "/jobs/", "/companies/", "/ausbildung/", "/impressum/", "/gibt-es-nicht/"):
            footer = soup(client_de.get(url)).find("footer")
            assert footer.find("a", href="/impressum/") is not None, url
            assert footer.find("a", href="/datenschutz/") is not None, url

    def test_operator_text_is_sanitized_and_a_section_can_be_added(self, client_de):
        page = LegalPage.objects.get(kind="datenschutz")
        LegalSection.objects.create(
            page=page,
            key="profile",
            position=55,
            heading="Profile",
            body='<p>Profile werden gelöscht.<script>alert(1)</script></p><iframe src="x"></iframe>',
        )
        html = client_de.get("/datenschutz/")
        ids = [s["id"] for s in soup(html).select("article section[id]")]
        assert ids.index("profile") == ids.index("speicherdauer") + 1
        assert "<script>alert" not in html.content.decode() and "<iframe" not in html.content.decode()

    def test_missing_page_is_404(self, client_de):
        LegalPage.objects.filter(kind="impressum").delete()
        assert client_de.get("/impressum/").status_code == 404


def _boom(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("kaputt")


class TestErrorPages:
    @override_settings(DEBUG=False)
    def test_missing_page_is_our_404(self, client_de):
        r = client_de.get("/gibt-es-nicht/")
        assert r.status_code == 404
        page = soup(r)
        assert page.find("h1").get_text() == "Seite nicht gefunden"
        assert page.find("a", href="/jobs/") is not None

    @override_settings(DEBUG=False, ROOT_URLCONF="tests.frontend.urls_error")
    def test_a_failing_view_is_our_500_not_the_debug_page(self, django_assert_num_queries):
        client = Client(raise_request_exception=False)
        with django_assert_num_queries(0):  # nothing but a static template: works with the database down
            r = client.get("/boom/")
        assert r.status_code == 500
        text = r.content.decode()
        assert "Entschuldigung, da ist etwas schiefgegangen." in text and "Sorry, something went wrong" in text
        assert "Traceback" not in text and "kaputt" not in text and "RuntimeError" not in text
        assert 'href="/impressum/"' in text and 'href="/datenschutz/"' in text  # the legal links, as in every footer
