"""The default region's face as shipped: text and picture the operator replaces in the admin (Regions)."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# Keyed by the region's slug (settings.REGIOJOBS_DEFAULT_REGION); the picture is a file in regions/data/.
REGION_FACES: dict[str, dict[str, str]] = {
    "nordthueringen": {
        "tagline": "Arbeiten, wo andere Urlaub machen: zwischen Harz, Kyffhäuser und Hainich.",
        "tagline_en": "Work where others go on holiday: between the Harz, the Kyffhäuser and the Hainich.",
        "intro": (
            "<p>Nordthüringen – der Landkreis Nordhausen, der Kyffhäuserkreis und der Unstrut-Hainich-Kreis – "
            "verbindet starke mittelständische Unternehmen mit viel Natur und kurzen Wegen. Maschinenbau, "
            "Metallverarbeitung, Lebensmittel, Gesundheit und Pflege, Handwerk und Logistik suchen Fachkräfte "
            "und Auszubildende.</p>"
            "<ul><li>Bezahlbares Wohnen, Kita-Plätze und Schulen in der Nähe</li>"
            "<li>Hochschule Nordhausen und duale Studiengänge mit Betrieben der Region</li>"
            "<li>Nationalpark Hainich, Südharz und Kyffhäuser vor der Haustür</li>"
            "<li>Gute Verbindungen nach Erfurt, Göttingen, Halle und Kassel</li></ul>"
        ),
        "intro_en": (
            "<p>Northern Thuringia – the districts of Nordhausen, Kyffhäuserkreis and Unstrut-Hainich-Kreis – "
            "combines strong medium-sized companies with lots of nature and short distances. Mechanical "
            "engineering, metalworking, food, health and care, crafts and logistics are looking for skilled "
            "workers and apprentices.</p>"
            "<ul><li>Affordable housing, childcare and schools close by</li>"
            "<li>Nordhausen University of Applied Sciences and dual study programmes with the region's companies</li>"
            "<li>The Hainich National Park, the southern Harz and the Kyffhäuser on your doorstep</li>"
            "<li>Good connections to Erfurt, Göttingen, Halle and Kassel</li></ul>"
        ),
        "image": "nordthueringen.png",
        "image_alt": (
            "Zeichnung: Hügel und Wald, das Kyffhäuserdenkmal am Horizont, eine Kleinstadt mit Kirchturm, "
            "eine Werkhalle und ein Fluss."
        ),
        "image_alt_en": (
            "Drawing: hills and woods, the Kyffhäuser monument on the horizon, a small town with a church tower, "
            "a factory hall and a river."
        ),
    },
}
