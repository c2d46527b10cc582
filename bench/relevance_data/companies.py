"""The relevance set's employers and the postings each one publishes.

FICTIONAL: every company, intro, address and posting here is invented for the relevance benchmark. Places are real
Thuringian municipalities (AGS from the gazetteer). Each company opens and closes every posting with the same
paragraphs, as real employers do; several of those intros use words a seeker also types (Pflege, Service, Qualität,
Technik, Optik, Hotel), which is what the boilerplate queries test.

A posting is "role:flags", flags separated by "+":
  ft pt mini shift   employment types (none given: full-time)
  appr intern        offer type (roles named ausb_* are apprenticeships, praktikum_* internships by default)
  fix                fixed-term contract
  hyb remote         hybrid / fully remote work
  qe                 the text welcomes career changers in so many words ("Quereinsteiger")
  qe2                the text says the same without the word (no experience in the trade needed)
  tz ho              the text says "Teilzeit" / "Homeoffice" (most part-time and remote postings do not)
  @N                 the company's Nth place instead of its first
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Company:
    slug: str
    name: str
    places: tuple[str, ...]  # municipality AGS; the first is the seat
    intro: str
    offer: tuple[str, ...]
    outro: str
    postings: tuple[str, ...]


def _c(slug: str, name: str, places: list[str], intro: str, offer: list[str], outro: str, postings: str) -> Company:
    return Company(slug, name, tuple(places), intro, tuple(offer), outro, tuple(postings.split()))


ERFURT, GERA, JENA, SUHL, WEIMAR = "16051000", "16052000", "16053000", "16054000", "16055000"
HEILIGENSTADT, LEINEFELDE, NORDHAUSEN = "16061045", "16061115", "16062041"
BAD_SALZUNGEN, EISENACH, BAD_LANGENSALZA = "16063003", "16063105", "16064003"
MUEHLHAUSEN, SONDERSHAUSEN, ARTERN = "16064046", "16065067", "16065086"
MEININGEN, SCHMALKALDEN, ZELLA_MEHLIS = "16066042", "16066063", "16066092"
GOTHA, OHRDRUF, SOEMMERDA, HILDBURGHAUSEN = "16067029", "16067053", "16068051", "16069024"
ARNSTADT, ILMENAU, APOLDA, SONNEBERG = "16070004", "16070029", "16071001", "16072018"
RUDOLSTADT, SAALFELD, EISENBERG, HERMSDORF = "16073076", "16073077", "16074018", "16074041"
POESSNECK, SCHLEIZ, GREIZ, ALTENBURG = "16075085", "16075098", "16076022", "16077001"

COMPANIES: list[Company] = [
    _c("pflegezentrum-kyffhaeuser", "Pflegezentrum Am Kyffhäuser gGmbH", [SONDERSHAUSEN, ARTERN],
       "Das Pflegezentrum Am Kyffhäuser bietet seit 1998 stationäre Pflege, Tagespflege und betreutes Wohnen für "
       "120 Seniorinnen und Senioren in Sondershausen und Artern.",
       ["Vergütung nach AVR mit Jahressonderzahlung", "30 Tage Urlaub", "Betriebliche Altersvorsorge"],
       "Wir freuen uns auf Ihre Bewerbung – gern auch kurz per WhatsApp.",
       "pflegefachkraft pflegefachkraft:pt pflegefachkraft:shift+@2 altenpfleger:pt+tz pflegehelfer:pt+qe "
       "pflegehelfer:mini ausb_pflege betreuungskraft:pt kuechenhilfe:mini reinigungskraft:pt+@2"),
    _c("sauberland", "Sauberland Gebäudeservice GmbH", [ERFURT, ARNSTADT, GOTHA],
       "Sauberland steht seit 1992 für Qualität, Sauberkeit und Service: Wir übernehmen die Reinigung und Pflege "
       "von Büros, Praxen, Schulen und Grünanlagen in ganz Mittelthüringen.",
       ["Pünktliche Bezahlung über Tarif", "Arbeitskleidung und Reinigungsmittel stellen wir", "Feste Objekte"],
       "Rufen Sie einfach an oder kommen Sie in unserem Büro in Erfurt vorbei.",
       "reinigungskraft:mini reinigungskraft:pt+@2 reinigungskraft:mini+@3 reinigungskraft:pt+qe "
       "gebaeudereiniger gebaeudereiniger:shift objektleiter hausmeister:pt gaertner:fix"),
    _c("webwerk", "Webwerk Digitalagentur GmbH", [WEIMAR, ERFURT],
       "Webwerk ist eine Digitalagentur aus Weimar mit 30 Köpfen. Wir entwickeln Websites, Shops und Kampagnen für "
       "Mittelstand, Kultur und Tourismus in Thüringen.",
       ["Flexible Arbeitszeiten", "Weiterbildungsbudget", "Team-Events in Weimar"],
       "Schick uns deine Unterlagen oder dein Portfolio – wir melden uns innerhalb einer Woche.",
       "online_marketing:hyb online_marketing:pt+hyb webentwickler:remote webentwickler:hyb+ho "
       "mediengestalter mediengestalter:pt praktikum_marketing softwareentwickler:remote"),
    _c("saaletal-klinik", "Saaletal-Klinik Rudolstadt GmbH", [RUDOLSTADT, SAALFELD],
       "Die Saaletal-Klinik versorgt mit 420 Betten und 14 Fachabteilungen jährlich über 20.000 Patientinnen und "
       "Patienten in der Region Saalfeld-Rudolstadt.",
       ["Vergütung nach TVöD", "Kita-Plätze in Kliniknähe", "Fort- und Weiterbildung"],
       "Bewerben Sie sich online über unser Karriereportal.",
       "krankenpfleger:shift krankenpfleger:pt+shift krankenpfleger:shift+@2 pflegefachkraft:fix ausb_pflege "
       "ausb_pflege:@2 physio physio:pt stationshilfe:mini stationshilfe:pt mfa:pt "
       "praktikum_it:intern+fix"),
    _c("praxis-sommer", "Hausarztpraxis Dr. med. Sommer", [NORDHAUSEN],
       "Unsere hausärztliche Gemeinschaftspraxis in der Nordhäuser Innenstadt betreut Familien aus Nordhausen und "
       "Umgebung seit über zwanzig Jahren.",
       ["Keine Wochenenddienste", "Übertarifliche Bezahlung", "Ein herzliches Team"],
       "Bitte senden Sie Ihre Bewerbung an unsere Praxisleitung.",
       "mfa mfa:pt mfa:pt+tz ausb_mfa"),
    _c("zahnarzt-lindenhof", "Zahnarztpraxis am Lindenhof", [GOTHA],
       "Die Zahnarztpraxis am Lindenhof in Gotha verbindet moderne Zahnmedizin mit persönlicher Betreuung.",
       ["Moderne Praxis mit digitalem Röntgen", "Fortbildungen"],
       "Wir freuen uns, Sie kennenzulernen.",
       "zfa zfa:pt mfa:pt"),
    _c("optik-brennecke", "Optik Brennecke", [JENA, WEIMAR, APOLDA],
       "Optik Brennecke ist Ihr Augenoptiker mit drei Fachgeschäften in Jena, Weimar und Apolda – seit 1965 in "
       "Familienhand.",
       ["Mitarbeiterrabatt auf Brillen", "Geregelte Öffnungszeiten"],
       "Wir freuen uns auf Ihre Bewerbung.",
       "augenoptiker augenoptiker:pt+@2 augenoptiker:@3 ausb_augenoptiker verkaeufer:mini"),
    _c("jenaer-praezisionsoptik", "Jenaer Präzisionsoptik GmbH", [JENA, HERMSDORF],
       "Die Jenaer Präzisionsoptik entwickelt und fertigt Optik für Medizintechnik, Halbleiterindustrie und Raumfahrt. "
       "Mit 350 Beschäftigten stehen wir in der Tradition der Jenaer Optik und Feinmechanik.",
       ["Tarifbindung IG Metall", "Jobticket", "Betriebskantine"],
       "Bewerben Sie sich mit Angabe Ihres frühestmöglichen Eintrittstermins.",
       "feinoptiker feinoptiker:shift optikmontage:shift optikmontage:fix+qe2 industriemechaniker "
       "elektroniker_betrieb:shift qualitaetspruefer:@2 softwareentwickler:hyb ausb_industriemechaniker "
       "industriekaufmann"),
    _c("thueringer-kunststofftechnik", "Thüringer Kunststofftechnik GmbH", [SCHMALKALDEN, ZELLA_MEHLIS],
       "Wir sind ein Zulieferer der Automobil- und Medizintechnik und verarbeiten mit 180 Beschäftigten jährlich "
       "8.000 Tonnen Kunststoff im Spritzguss.",
       ["Schichtzulagen", "Urlaubs- und Weihnachtsgeld", "Moderne Fertigung"],
       "Schicken Sie uns Ihre Unterlagen per E-Mail.",
       "verfahrensmechaniker_kunststoff:shift verfahrensmechaniker_kunststoff:@2 ausb_verfahrensmechaniker "
       "maschinenbediener_kunststoff:shift+qe maschinenbediener_kunststoff:shift+fix werkzeugmechaniker "
       "qualitaetspruefer:shift schichtleiter:shift staplerfahrer:shift"),
    _c("hotel-wartburgblick", "Hotel Wartburgblick", [EISENACH],
       "Das Hotel Wartburgblick ist ein familiengeführtes Vier-Sterne-Hotel mit 85 Zimmern, Restaurant und "
       "Wellnessbereich zu Füßen der Wartburg.",
       ["Kostenlose Verpflegung im Dienst", "Trinkgeld", "Vergünstigte Übernachtungen für Mitarbeitende"],
       "Wir freuen uns darauf, Sie als Gastgeber kennenzulernen.",
       "hotelfach hotelfach:pt ausb_hotelfach rezeption:shift rezeption:pt housekeeping:pt housekeeping:mini "
       "koch:shift servicekraft:mini fruehstueck:mini"),
    _c("landgasthof-linde", "Landgasthof Zur Linde", [ILMENAU],
       "Seit vier Generationen kochen wir in unserem Landgasthof am Rande des Thüringer Waldes Thüringer Klöße, "
       "Rostbrätel und Wild aus der Region.",
       ["Geregelte Arbeitszeiten, montags Ruhetag", "Familiäres Team"],
       "Melden Sie sich gern telefonisch.",
       "koch koch:pt servicekraft:mini servicekraft:pt+qe kuechenhilfe:mini"),
    _c("elektro-hoffmann", "Elektro Hoffmann GmbH", [GERA, GREIZ],
       "Elektro Hoffmann ist Ihr Meisterbetrieb für Elektrotechnik in Ostthüringen: Gebäudetechnik, Photovoltaik und "
       "Service für Industrie und Privatkunden.",
       ["Firmenwagen", "Übertarifliche Bezahlung", "Moderne Messtechnik"],
       "Bewerben Sie sich – gern auch ohne Anschreiben.",
       "elektroniker_gebaeude elektroniker_gebaeude:@2 elektroniker_gebaeude:qe2 montageelektriker "
       "ausb_elektroniker anlagenmechaniker_shk buerokaufmann:pt"),
    _c("mitteldeutsche-logistik", "Mitteldeutsche Logistik GmbH", [ERFURT, ARNSTADT],
       "Im Güterverkehrszentrum Erfurt lagern und versenden wir Waren für Handel und Industrie – 45.000 "
       "Palettenstellplätze, 200 Mitarbeitende.",
       ["Schichtzulagen", "Jobrad", "Kostenlose Parkplätze"],
       "Einfach bewerben, wir melden uns innerhalb von 48 Stunden.",
       "staplerfahrer:shift staplerfahrer:shift+@2 staplerfahrer:qe lagerhelfer:shift lagerhelfer:mini "
       "lagerhelfer:fix+qe2 fachkraft_lagerlogistik:shift ausb_lager kommissionierer:mini kommissionierer:pt "
       "berufskraftfahrer disponent buerokaufmann"),
    _c("autohaus-kyffhaeuser", "Autohaus am Kyffhäuser GmbH", [SONDERSHAUSEN, NORDHAUSEN],
       "Service und Technik aus einer Hand: Das Autohaus am Kyffhäuser ist Vertragspartner zweier Marken und bietet "
       "Verkauf, Werkstatt und Karosserieservice an zwei Standorten.",
       ["Leistungsprämie", "Dienstwagen zu Sonderkonditionen", "Schulungen beim Hersteller"],
       "Wir freuen uns auf Ihre Bewerbung.",
       "kfz_mechatroniker kfz_mechatroniker:@2 ausb_kfz ausb_kfz:@2 serviceberater_kfz automobilkaufmann "
       "buerokaufmann:pt"),
    _c("metallbau-rennsteig", "Metallbau Rennsteig GmbH", [SUHL, ZELLA_MEHLIS],
       "Qualität aus Suhl seit 1990: Wir fertigen Stahl- und Metallbau, Treppen und Sonderkonstruktionen für Kunden "
       "in ganz Deutschland.",
       ["Urlaubsgeld", "Arbeitskleidung", "Sicherer Arbeitsplatz"],
       "Bewerben Sie sich schriftlich oder per E-Mail.",
       "schweisser schweisser:shift metallbauer metallbauer:@2 ausb_metallbauer zerspanungsmechaniker "
       "cnc_fraeser:shift produktionshelfer:qe"),
    _c("praezisionsteile-nord", "Präzisionsteile Nordthüringen GmbH", [NORDHAUSEN, SONDERSHAUSEN],
       "Wir fertigen Dreh- und Frästeile für den Maschinenbau in Serien von 10 bis 100.000 Stück. Technik, Präzision "
       "und Qualität sind unser Anspruch.",
       ["Schichtzulagen", "Tarifnahe Vergütung", "Betriebliche Krankenversicherung"],
       "Wir freuen uns auf Ihre Bewerbung.",
       "zerspanungsmechaniker:shift zerspanungsmechaniker:@2 cnc_fraeser:shift industriemechaniker "
       "qualitaetsmanager qualitaetspruefer produktionshelfer:shift+qe2 ausb_industriemechaniker schichtleiter:shift"),
    _c("kinderland", "Kinderland Thüringen e.V.", [WEIMAR, APOLDA, ERFURT],
       "Kinderland Thüringen e.V. ist Träger von zwölf Kindertageseinrichtungen in Weimar, Apolda und Erfurt. Unsere "
       "Häuser arbeiten nach dem Thüringer Bildungsplan.",
       ["Vergütung angelehnt an TVöD SuE", "Fachberatung und Supervision"],
       "Bewerben Sie sich bei unserer Geschäftsstelle.",
       "erzieher erzieher:pt+@2 erzieher:pt+@3 erzieher:fix kinderpfleger:pt praktikum_erzieher:intern+fix "
       "sozialpaedagoge:pt kuechenhilfe:mini"),
    _c("wohnstaetten-unstrut", "Wohnstätten Unstrut gGmbH", [MUEHLHAUSEN, BAD_LANGENSALZA],
       "Wir begleiten 240 Menschen mit Behinderung beim Wohnen, Arbeiten und in der Freizeit in Mühlhausen und Bad "
       "Langensalza.",
       ["Tarifvertrag", "Dienstplan mit Wunschdiensten"],
       "Wir freuen uns auf Sie.",
       "heilerziehungspfleger:shift heilerziehungspfleger:pt+shift pflegehelfer:pt sozialpaedagoge "
       "betreuungskraft:mini hausmeister"),
    _c("stadtwerke-ilmtal", "Stadtwerke und Verkehrsbetriebe Ilmtal GmbH", [ILMENAU, ARNSTADT],
       "Wir versorgen Ilmenau und Arnstadt mit Strom, Wärme und Wasser und betreiben den Stadtbusverkehr.",
       ["TV-V", "Jobticket", "Betriebliche Altersvorsorge"],
       "Bewerbungen bitte über unser Online-Formular.",
       "busfahrer:shift+qe busfahrer:pt+shift elektroniker_betrieb anlagenmechaniker_shk buerokaufmann ausb_buero "
       "sachbearbeiter_buchhaltung personal:hyb it_admin:hyb"),
    _c("steuerkanzlei-meier", "Steuerkanzlei Meier & Partner", [ERFURT, SOEMMERDA],
       "Als Steuerberatungskanzlei betreuen wir mittelständische Unternehmen, Landwirte und Privatpersonen in Erfurt "
       "und Sömmerda.",
       ["Fortbildungen", "Gleitzeit"],
       "Wir freuen uns auf Ihre Bewerbung.",
       "steuerfach:hyb steuerfach:pt+hyb+@2 ausb_steuer sachbearbeiter_buchhaltung:pt+hyb buerokaufmann:pt "
       "buerokaufmann:mini"),
    _c("saale-software", "Saale Software GmbH", [JENA, ERFURT],
       "Wir entwickeln Software für Labore und Kliniken. Uns verbindet die Begeisterung für Technik und der Anspruch "
       "an Qualität.",
       ["Büro mitten in Jena", "Weiterbildung", "Moderne Hardware"],
       "Bewirb dich mit Lebenslauf und gern einem Link zu deinem Code.",
       "softwareentwickler:hyb softwareentwickler:remote softwareentwickler:pt+remote+ho webentwickler:hyb "
       "it_admin ausb_fiae ausb_fiae:@2 praktikum_it:intern+fix personal:pt"),
    _c("landbrot", "Bäckerei Landbrot Thüringen", [GOTHA, OHRDRUF, ARNSTADT],
       "Die Bäckerei Landbrot backt seit 1924 mit Sauerteig und Zutaten aus der Region und betreibt 18 Filialen im "
       "Landkreis Gotha und im Ilm-Kreis.",
       ["Mitarbeiterrabatt", "Urlaubsgeld"],
       "Sprechen Sie uns einfach in einer Filiale an.",
       "baecker:shift ausb_baecker verkaeufer_baeckerei:pt verkaeufer_baeckerei:mini+@2 "
       "verkaeufer_baeckerei:pt+tz+@3 auslieferungsfahrer:mini kuechenhilfe:pt"),
    _c("frischemarkt-moeller", "Frischemarkt Möller", [ARNSTADT, SOEMMERDA, MEININGEN],
       "Frischemarkt Möller führt sieben Lebensmittelmärkte mit frischer Theke, regionalem Sortiment und Service, "
       "der von Herzen kommt.",
       ["Tarifbindung Einzelhandel", "Personalrabatt"],
       "Bewerben Sie sich im Markt oder online.",
       "verkaeufer verkaeufer:pt+@2 verkaeufer:pt+@3 kassierer:mini kassierer:pt ausb_einzelhandel marktleiter "
       "lagerhelfer:mini"),
    _c("weissbach-bau", "Bauunternehmen Gebr. Weißbach GmbH", [ALTENBURG, GERA],
       "Die Gebr. Weißbach bauen seit 1991 Wohnhäuser, Gewerbebauten und Straßen im Altenburger Land und in Gera.",
       ["Übertarifliche Bezahlung", "Firmenfahrzeug zur Baustelle"],
       "Bewerben Sie sich telefonisch oder per Post.",
       "maurer maurer:@2 ausb_maurer bauleiter tiefbau tiefbau:qe2 buerokaufmann:pt"),
    _c("holzwerk-eichsfeld", "Tischlerei Holzwerk Eichsfeld", [HEILIGENSTADT, LEINEFELDE],
       "Aus dem Eichsfeld in ganz Thüringen: Wir fertigen Möbel, Treppen und Innenausbau nach Maß.",
       ["Eigene Werkstatt mit CNC-Bearbeitungszentrum", "Familiäres Team"],
       "Wir freuen uns auf Sie.",
       "tischler tischler:@2 ausb_tischler kuechenmonteur kuechenmonteur:qe"),
    _c("haarmonie", "Friseursalon Haarmonie", [GOTHA, BAD_SALZUNGEN],
       "Haarmonie steht für Pflege, Schnitt und Farbe in zwei Salons in Gotha und Bad Salzungen.",
       ["Provision", "Schulungen"],
       "Komm vorbei oder ruf uns an.",
       "friseur friseur:pt+@2 ausb_friseur verkaeufer:mini"),
    _c("gruenwerk", "Grünwerk Garten- und Landschaftsbau", [GERA, EISENBERG],
       "Grünwerk plant, baut und pflegt Gärten, Parks und Außenanlagen in Ostthüringen.",
       ["Ganzjährige Beschäftigung", "Moderne Maschinen"],
       "Wir freuen uns auf Ihre Bewerbung.",
       "gaertner gaertner:fix gaertner:qe2+@2 tiefbau hausmeister:mini"),
    _c("verpackungswerk-poessneck", "Thüringer Verpackungswerke GmbH", [POESSNECK, SCHLEIZ],
       "Wir stellen mit 260 Beschäftigten Faltschachteln und Verpackungen für die Lebensmittelindustrie her.",
       ["Schichtzulagen", "Kantine", "Betriebsrente"],
       "Wir freuen uns auf Ihre Bewerbung.",
       "maschinenfuehrer:shift maschinenfuehrer:shift+qe produktionshelfer:shift+fix staplerfahrer "
       "industriekaufmann elektroniker_betrieb:shift ausb_industriemechaniker"),
]  # fmt: skip
