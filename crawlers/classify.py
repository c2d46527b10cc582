"""Occupational field (KldB 2010 two-digit group) of a posting from its title, else its description.

Rules, not a model: an ordered list of word stems per group, checked against the folded title; the first rule that
matches wins, so specific compounds ("Kfz-Mechatroniker", "Bäckereifachverkäufer") come before their generic
parts ("Mechatroniker", "Bäcker"). `crawlers/data/field_labels.csv` holds the labelled titles the accuracy is
measured on (tests/crawlers/test_classify.py).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from regions.text import fold

LABELS_PATH = Path(__file__).parent / "data" / "field_labels.csv"

# (KldB group, stems). Stems are folded (ä → ae, ß → ss), lower case; hyphens and slashes become spaces.
RULES: list[tuple[str, tuple[str, ...]]] = [
    # Specific compounds that would otherwise fall to a generic stem below.
    ("62", ("fachverkaeufer", "baeckereiverkaeufer", "baeckereifachverkaeufer", "kaufmann im einzelhandel",
            "kauffrau im einzelhandel", "einzelhandel", "verkaeufer", "kassierer", "filialleit")),
    ("25", ("kfz", "kraftfahrzeug", "fahrzeugmechatron", "karosserie", "zweiradmechatron", "baumaschinenmechatron",
            "land und baumaschinen", "landmaschinen", "fluggeraetmechan", "flugzeugmechan", "industriemechaniker",
            "maschinenbauingenieur", "maschinenbautechniker", "servicetechniker maschinenbau", "maschinenbau mechan")),
    ("34", ("kaeltetechnik", "kaelteanlagenbau", "anlagenmechaniker shk", "anlagenmechaniker fuer sanitaer",
            " shk", "sanitaer", "heizungsbau", "heizung", "klimatechnik", "installateur", "klempner", "hausmeister",
            "haustechnik", "gebaeudetechniker", "schornsteinfeger", "abwassertechnik", "wasserversorgungstechnik",
            "ver und entsorg", "rohr kanal und industrieservice")),
    ("26", ("elektroni", "elektrik", "elektroingenieur", "elektrotechni", "elektroanlagen", "elektromonteur",
            "mechatronik", "mechatroniker", "sps", "automatisierungstechni", "energieelektron")),
    ("52", ("berufskraftfahrer", "kraftfahrer", "lkw", "busfahrer", "staplerfahrer", "gabelstapler", "kranfuehrer",
            "triebfahrzeugfuehrer", "lokfuehrer", "lokomotivfuehrer", "auslieferungsfahrer", "baumaschinenfuehrer",
            "fahrer")),
    ("51", ("lagerlogistik", "fachlagerist", "lagermitarbeiter", "lagerhelfer", "lagerist", "kommissionier",
            "spedition", "logistik", "disponent", "zusteller", "versandmitarbeiter", "lager")),
    ("41", ("chemielaborant", "biologielaborant", "laborant", "chemikant", "chemiker", "physiker", "pharmakant",
            "mathematiker", "biotechnolog", "biolog", "labor")),
    ("27", ("technischer zeichner", "technische zeichner", "technischer produktdesign", "konstrukteur",
            "konstruktion ingenieur", "qualitaets", "qualitaetspruef", "arbeitsvorbereit", "produktionsplan",
            "fertigungsplan", "entwicklungsingenieur", "pruefingenieur", "prueftechniker", "versuchs")),
    ("93", ("raumausstatter", "visuelles marketing", "innenarchitekt", "goldschmied", "silberschmied",
            "instrumentenbauer", "orgelbauer", "kunsthandwerk", "produktdesigner")),
    ("92", ("marketing", "redakteur", "journalist", "social media", "oeffentlichkeitsarbeit", "pressesprecher",
            "kommunikationsmanager", "content manager", "pr referent", "werbung", "texter")),
    ("24", ("zerspanung", "cnc", "fraeser", "dreher", "schweiss", "metallbau", "konstruktionsmechan",
            "werkzeugmechan", "werkzeugmacher", "giesserei", "oberflaechenbeschicht", "galvani", "feinwerkmechan",
            "schlosser", "blechbearbeit", "metallbearbeit", "stanz", "schleifer")),
    ("22", ("kunststoff", "kautschuk", "tischler", "schreiner", "holzmechan", "holzbearbeit", "spritzguss")),
    ("23", ("medientechnologe druck", "drucker", "druckerei", "mediengestalter digital", "mediengestalter print",
            "buchbinder", "packmitteltechnolog", "papiertechnolog", "verpackungsmittel", "siebdruck")),
    ("21", ("glasmacher", "glastechnik", "glasveredl", "steinmetz", "keramik", "aufbereitungsmechan", "bergbau",
            "bergmann")),
    ("28", ("schneider", "naeher", "naeherin", "textil", "schuhmacher", "leder", "polsterer")),
    ("29", ("baecker", "konditor", "fleischer", "metzger", "koch", "koechin", "lebensmitteltechn", "brauer",
            "maelzer", "molkerei", "kuechenhilfe")),
    ("31", ("architekt", "bauzeichner", "bauingenieur", "bauleiter", "bauleitung", "vermessung", "geomatiker",
            "stadtplaner", "tragwerksplan")),
    ("32", ("maurer", "strassenbau", "betonbau", "dachdecker", "gleisbau", "tiefbau", "hochbau", "rohrleitungsbau",
            "geruestbau", "kanalbau", "brunnenbau", "bauhelfer", "bauarbeiter", "baufacharbeiter")),
    ("33", ("maler", "lackierer", "trockenbau", "fliesenleger", "zimmerer", "zimmermann", "bodenleger",
            "parkettleger", "estrichleger", "stuckateur", "glaser", "rollladen", "fassadenbau")),
    ("42", ("umweltingenieur", "umweltschutz", "umwelttechni", "geologe", "geolog", "geograf", "geograph")),
    ("43", ("informatik", "software", "developer", "entwickler", "programmier", "it administrator", "it support",
            "systemadministrator", "administrator", "devops", "sap", "data scientist", "data engineer",
            "it spezialist", "it berater", "netzwerk", "cloud", "frontend", "backend", " it ")),
    ("53", ("sicherheitsmitarbeiter", "sicherheitsdienst", "werkschutz", "schutz und sicherheit", "security",
            "wachmann", "objektschutz", "feuerwehr", "polizei", "brandschutz")),
    ("54", ("reinigung", "gebaeudereinig", "raumpfleg", "putzkraft", "reinigungskraft")),
    ("61", ("einkaeufer", "einkauf", "vertrieb", "key account", "aussendienst", "gross und aussenhandel",
            "grosshandel", "sales", "account manager")),
    ("63", ("hotelfach", "hotel", "rezeption", "servicekraft", "restaurantfach", "restaurant", "gastgewerbe",
            "gastronomie", "kellner", "barkeeper", "reiseverkehr", "touris", "housekeeping", "zimmermaedchen")),
    ("72", ("buchhalter", "buchhaltung", "steuerfach", "steuerberat", "bankkauf", "controller", "controlling",
            "versicherungskauf", "finanz", "lohnbuchhalt", "bilanzbuchhalt", "entgeltabrechn")),
    ("73", ("verwaltungsfach", "verwaltung", "rechtsanwalt", "jurist", "notarfach", "justiz", "syndikus",
            "sachbearbeiter verwaltung", "bibliothek")),
    ("11", ("landwirt", "tierwirt", "forstwirt", "pferdewirt", "melker", "agrar", "tierpfleg", "fischwirt",
            "baumpflege", "landwirtschaft", "forst")),
    ("83", ("erzieher", "sozialpaedagog", "sozialarbeit", "heilerziehung", "kinderpfleg", "hauswirtschaft",
            "paedagogische fachkraft", "kita", "sozialassist", "schulbegleit", "integrationshelfer", "pfarrer")),
    ("82", ("altenpfleg", "altenpflegehelfer", "friseur", "kosmetik", "zahntechnik", "augenoptik",
            "orthopaedietechni", "hoerakusti", "betreuungskraft", "alltagsbegleit", "medizintechni")),
    ("81", ("krankenpfleg", "pflegefach", "pflegekraft", "krankenschwester", "medizinische fachangestellte",
            "zahnmedizinische", "physiotherap", "ergotherap", "logopaed", "notfallsanitaeter", "rettungssanitaeter",
            "arzt", "aerzt", "hebamme", "apotheker", "pharmazeutisch", "pflegehelfer", "pflege", "therapeut")),
    ("84", ("lehrer", "lehrkraft", "dozent", "fahrlehrer", "fitnesstrainer", "ausbilder", "trainer", "nachhilfe")),
    ("71", ("geschaeftsfuehr", "assistenz", "bueromanagement", "buerokauf", "industriekauf", "personalreferent",
            "personal", "recruit", "sekretaer", "office", "unternehmensberat", "projektmanager", "human resources",
            "hr ", "kaufmaennisch", "buero")),
    ("94", ("veranstaltungstechn", "musiker", "schauspieler", "moderator", "kameramann", "tontechnik",
            "buehnentechn")),
    ("91", ("volkswirt", "soziolog", "historiker", "dolmetscher", "uebersetzer")),
    ("12", ("gaertner", "florist", "garten und landschaftsbau", "galabau", "baumschul", "landschaftsgaertner")),
    ("01", ("soldat", "bundeswehr")),
]  # fmt: skip

_COMPILED = RULES
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _normalized(text: str) -> str:
    return " " + _NON_WORD.sub(" ", fold(text)).strip() + " "


def classify_title(title: str) -> str | None:
    text = _normalized(title)
    for code, stems in _COMPILED:
        if any(stem in text for stem in stems):
            return code
    return None


def classify(title: str, description: str = "") -> str | None:
    """The KldB two-digit group for a posting, or None when neither title nor description says enough."""
    code = classify_title(title)
    if code or not description:
        return code
    # The description mentions many things; take the group most of its sentences point to, if one stands out.
    counts: Counter[str] = Counter()
    for sentence in re.split(r"[.!?\n]|<[^>]+>", description[:20000]):
        found = classify_title(sentence) if sentence.strip() else None
        if found:
            counts[found] += 1
    if not counts:
        return None
    (best, n), *rest = [*counts.most_common(2), ("", 0)]
    return best if n >= 2 and n > rest[0][1] else None


@dataclass(frozen=True)
class Accuracy:
    total: int
    correct: int
    unclassified: int
    misses: list[tuple[str, str, str | None]]

    @property
    def rate(self) -> float:
        return self.correct / self.total if self.total else 0.0


def labelled_titles(path: Path = LABELS_PATH) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [(row["title"], row["code"]) for row in csv.DictReader(fh)]


def measure_accuracy(rows: list[tuple[str, str]] | None = None) -> Accuracy:
    rows = rows if rows is not None else labelled_titles()
    misses = []
    correct = unclassified = 0
    for title, expected in rows:
        got = classify(title)
        if got == expected:
            correct += 1
        else:
            unclassified += got is None
            misses.append((title, expected, got))
    return Accuracy(total=len(rows), correct=correct, unclassified=unclassified, misses=misses)
