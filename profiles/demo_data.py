"""Content of the demo's job seekers: fictitious people of Nordthüringen and what they are looking for.

Occupations follow the region's industries (optics, plastics, automotive suppliers, metal, care, logistics, trades,
office, IT), each with its KldB 2010 field; places weigh the three counties of the region over the rest of Thuringia.
"""

# KldB field, job title (male form), (female form), typical skills, licences that come with the job
OCCUPATIONS: list[tuple[str, str, str, list[str], list[str]]] = [
    ("24", "Zerspanungsmechaniker", "Zerspanungsmechanikerin",
     ["CNC-Drehen", "CNC-Fräsen", "Heidenhain", "Siemens Sinumerik", "Messtechnik", "Technisches Zeichnen"], []),
    ("24", "Industriemechaniker", "Industriemechanikerin",
     ["Instandhaltung", "Hydraulik", "Pneumatik", "Schweißen", "Montage", "Fehlersuche"], ["forklift"]),
    ("24", "Metallbauer", "Metallbauerin",
     ["MAG-Schweißen", "WIG-Schweißen", "Stahlbau", "Montage", "Technisches Zeichnen"], []),
    ("24", "Werkzeugmechaniker", "Werkzeugmechanikerin",
     ["Spritzgusswerkzeuge", "Erodieren", "Schleifen", "CNC-Fräsen", "Messtechnik"], []),
    ("22", "Verfahrensmechaniker Kunststoff- und Kautschuktechnik",
     "Verfahrensmechanikerin Kunststoff- und Kautschuktechnik",
     ["Spritzguss", "Werkzeugwechsel", "Arburg", "Engel", "Qualitätsprüfung", "Schichtarbeit"], ["forklift"]),
    ("22", "Maschinen- und Anlagenführer", "Maschinen- und Anlagenführerin",
     ["Anlagenbedienung", "Rüsten", "Qualitätskontrolle", "SAP", "Schichtarbeit"], ["forklift"]),
    ("22", "Tischler", "Tischlerin", ["Möbelbau", "CNC-Bearbeitung", "Innenausbau", "Montage"], ["B"]),
    ("25", "Kfz-Mechatroniker", "Kfz-Mechatronikerin",
     ["Fahrzeugdiagnose", "Hochvolt-Systeme", "Bremsen", "Klimaanlagen", "Reifenservice"], ["B"]),
    ("25", "Land- und Baumaschinenmechatroniker", "Land- und Baumaschinenmechatronikerin",
     ["Hydraulik", "Motorinstandsetzung", "Diagnose", "Schweißen"], ["B", "C1"]),
    ("25", "Mechaniker Automobilzulieferung", "Mechanikerin Automobilzulieferung",
     ["Montage", "Prüfstände", "Lean Production", "5S", "Qualitätssicherung"], []),
    ("26", "Mechatroniker", "Mechatronikerin",
     ["SPS-Programmierung", "Siemens S7", "Robotik", "Fehlersuche", "Pneumatik"], []),
    ("26", "Elektroniker für Betriebstechnik", "Elektronikerin für Betriebstechnik",
     ["Elektrofachkraft", "Schaltschrankbau", "SPS", "Instandhaltung", "Messtechnik"], ["B"]),
    ("26", "Elektroniker Energie- und Gebäudetechnik", "Elektronikerin Energie- und Gebäudetechnik",
     ["Elektroinstallation", "Photovoltaik", "KNX", "E-Check"], ["B"]),
    ("27", "Techniker Maschinenbau", "Technikerin Maschinenbau",
     ["SolidWorks", "AutoCAD", "Arbeitsvorbereitung", "Qualitätsmanagement", "Projektarbeit"], ["B"]),
    ("27", "Ingenieur Optik", "Ingenieurin Optik",
     ["Optikdesign", "Zemax", "Messtechnik", "Laserphysik", "Englisch im Beruf"], ["B"]),
    ("93", "Feinoptiker", "Feinoptikerin", ["Polieren", "Linsenfertigung", "Interferometrie", "Reinraum"], []),
    ("82", "Augenoptiker", "Augenoptikerin", ["Refraktion", "Kontaktlinsen", "Brillenanpassung", "Beratung"], []),
    ("81", "Pflegefachmann", "Pflegefachfrau",
     ["Grundpflege", "Behandlungspflege", "Wundversorgung", "Pflegedokumentation", "Schichtdienst"], ["B"]),
    ("81", "Pflegehelfer", "Pflegehelferin", ["Grundpflege", "Mobilisation", "Betreuung", "Schichtdienst"], ["B"]),
    ("81", "Medizinischer Fachangestellter", "Medizinische Fachangestellte",
     ["Praxisorganisation", "Blutabnahme", "Abrechnung", "Terminplanung"], []),
    ("83", "Erzieher", "Erzieherin", ["Kleinkindpädagogik", "Elternarbeit", "Sprachförderung", "Dokumentation"], []),
    ("83", "Heilerziehungspfleger", "Heilerziehungspflegerin",
     ["Assistenz im Alltag", "Pflege", "Tagesstruktur", "Dokumentation"], ["B"]),
    ("51", "Fachkraft für Lagerlogistik", "Fachkraft für Lagerlogistik",
     ["Kommissionierung", "Wareneingang", "SAP", "Inventur", "Scanner"], ["forklift"]),
    ("51", "Kaufmann für Spedition und Logistikdienstleistung", "Kauffrau für Spedition und Logistikdienstleistung",
     ["Tourenplanung", "Zollabwicklung", "Frachtpapiere", "Englisch im Beruf"], ["B"]),
    ("52", "Berufskraftfahrer", "Berufskraftfahrerin",
     ["Nah- und Fernverkehr", "Ladungssicherung", "Fahrerkarte", "ADR-Schein"], ["B", "C", "CE"]),
    ("52", "Busfahrer", "Busfahrerin", ["Linienverkehr", "Fahrgastbetreuung", "Fahrerkarte"], ["B", "D"]),
    ("34", "Anlagenmechaniker Sanitär-, Heizungs- und Klimatechnik",
     "Anlagenmechanikerin Sanitär-, Heizungs- und Klimatechnik",
     ["Heizungsbau", "Wärmepumpen", "Sanitärinstallation", "Kundendienst"], ["B"]),
    ("32", "Maurer", "Maurerin", ["Mauerwerksbau", "Betonbau", "Putzarbeiten", "Schalung"], ["B"]),
    ("33", "Maler und Lackierer", "Malerin und Lackiererin",
     ["Fassadengestaltung", "Tapezieren", "Spachteltechnik", "Wärmedämmung"], ["B"]),
    ("33", "Fliesenleger", "Fliesenlegerin", ["Fliesen verlegen", "Abdichtung", "Natursteinarbeiten"], ["B"]),
    ("71", "Kaufmann für Büromanagement", "Kauffrau für Büromanagement",
     ["MS Office", "Buchhaltung", "Terminplanung", "Korrespondenz", "DATEV"], []),
    ("71", "Industriekaufmann", "Industriekauffrau",
     ["SAP", "Einkauf", "Auftragsabwicklung", "Excel", "Englisch im Beruf"], []),
    ("72", "Buchhalter", "Buchhalterin", ["DATEV", "Lohnbuchhaltung", "Jahresabschluss", "Excel"], []),
    ("43", "Fachinformatiker Systemintegration", "Fachinformatikerin Systemintegration",
     ["Linux", "Windows Server", "Netzwerke", "Active Directory", "Virtualisierung"], ["B"]),
    ("43", "Softwareentwickler", "Softwareentwicklerin",
     ["Python", "Java", "SQL", "Git", "Webentwicklung", "Scrum"], []),
    ("62", "Verkäufer", "Verkäuferin", ["Kundenberatung", "Kasse", "Warenpräsentation", "Warenannahme"], []),
    ("63", "Koch", "Köchin", ["Regionale Küche", "HACCP", "Menüplanung", "Gemeinschaftsverpflegung"], []),
    ("54", "Gebäudereiniger", "Gebäudereinigerin", ["Unterhaltsreinigung", "Glasreinigung", "Reinigungsmaschinen"], []),
    ("29", "Fachkraft für Lebensmitteltechnik", "Fachkraft für Lebensmitteltechnik",
     ["Produktionsanlagen", "Hygiene", "HACCP", "Qualitätskontrolle"], ["forklift"]),
    ("21", "Verfahrensmechaniker Glastechnik", "Verfahrensmechanikerin Glastechnik",
     ["Glasschmelze", "Anlagenbedienung", "Qualitätsprüfung", "Schichtarbeit"], []),
]  # fmt: skip

# The share of each occupation: the region's big employers (metal, plastics, care, logistics) more often.
OCCUPATION_WEIGHTS = {
    "24": 3, "22": 3, "25": 2, "26": 2, "27": 1, "93": 1, "82": 1, "81": 3, "83": 1, "51": 3, "52": 2, "34": 1,
    "32": 1, "33": 1, "71": 2, "72": 1, "43": 1, "62": 1, "63": 1, "54": 1, "29": 1, "21": 1,
}  # fmt: skip

# Municipality AGS and weight: Nordhausen, the Kyffhäuserkreis, the Unstrut-Hainich-Kreis, then the rest of
# Thuringia.
PLACES: list[tuple[str, int]] = [
    ("16062041", 30), ("16062066", 5), ("16062005", 3), ("16062065", 3), ("16062064", 2), ("16062063", 2),
    ("16062049", 2), ("16062054", 1), ("16062062", 1),
    ("16065067", 12), ("16065003", 5), ("16065086", 4), ("16065087", 2), ("16065014", 2), ("16065089", 2),
    ("16064046", 14), ("16064003", 6), ("16064074", 2), ("16064077", 1),
    ("16051000", 5), ("16055000", 2), ("16053000", 2), ("16067029", 2), ("16063105", 2), ("16068051", 2),
    ("16061045", 2), ("16061115", 2), ("16070029", 1), ("16052000", 1),
]  # fmt: skip

# (first names female, first names male, last names, mother tongue and the German level); most seekers grew up here.
PEOPLE: list[tuple[list[str], list[str], list[str], str, list[str]]] = [
    (
        ["Anja", "Katrin", "Sandra", "Nicole", "Julia", "Lisa", "Franziska", "Stefanie", "Christin", "Sabrina",
         "Jana", "Melanie", "Claudia", "Susanne", "Laura", "Lea", "Sophie", "Anne", "Maria", "Heike", "Ines",
         "Kerstin", "Yvonne", "Nadine", "Tina", "Doreen", "Madlen", "Josephine", "Vanessa", "Jessica"],
        ["Thomas", "Michael", "Andreas", "Stefan", "Daniel", "Sebastian", "Christian", "Martin", "Tobias", "Marcel",
         "Kevin", "Patrick", "René", "Sven", "Ronny", "Steffen", "Tom", "Lukas", "Felix", "Jonas", "Paul", "Max",
         "Florian", "Dirk", "Uwe", "Jens", "Mario", "Enrico", "Maik", "Robert"],
        ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
         "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Krüger",
         "Hartmann", "Lange", "Werner", "Lehmann", "Köhler", "Kaiser", "Fuchs", "Walther", "Böttcher", "Heinemann",
         "Kühn", "Sauerbrey", "Ehrhardt", "Hesse", "Apel", "Rothe", "Trautmann", "Pöhler", "Möller", "Jahn"],
        "de",
        ["native"],
    ),
    (
        ["Olena", "Iryna", "Tetiana", "Natalia", "Oksana", "Yuliia"],
        ["Oleksandr", "Andrii", "Serhii", "Dmytro", "Mykola", "Yurii"],
        ["Kovalenko", "Bondarenko", "Shevchenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko", "Marchenko"],
        "uk",
        ["A2", "B1", "B1", "B2"],
    ),
    (
        ["Agnieszka", "Katarzyna", "Magdalena", "Joanna"],
        ["Piotr", "Tomasz", "Krzysztof", "Marek"],
        ["Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Zając"],
        "pl",
        ["B1", "B2", "B2", "C1"],
    ),
    (
        ["Rania", "Amira", "Lina", "Huda"],
        ["Ahmad", "Mohammad", "Omar", "Khaled", "Yousef"],
        ["Al-Hassan", "Haddad", "Khalil", "Nasser", "Saleh", "Darwish"],
        "ar",
        ["A2", "B1", "B1", "B2", "C1"],
    ),
    (
        ["Emily", "Priya"],
        ["James", "Arjun"],
        ["Taylor", "Walker", "Sharma", "Patel"],
        "en",
        ["A2", "B1"],
    ),
]  # fmt: skip
# How many seekers of every hundred come from each group of PEOPLE.
PEOPLE_WEIGHTS = [80, 9, 5, 4, 2]

ABOUT = [
    "<p>Ich bin zuverlässig, arbeite gern im Team und suche eine Stelle in meiner Nähe.</p>",
    "<p>Nach meiner Elternzeit möchte ich wieder einsteigen, gern in Teilzeit.</p>",
    "<p>Ich suche eine neue Herausforderung mit Perspektive und bilde mich gern weiter.</p>",
    "<p>Schichtarbeit ist für mich kein Problem. Ich bin flexibel und packe mit an.</p>",
    "<p>Ich habe viele Jahre Erfahrung und möchte mein Wissen in einem festen Team einbringen.</p>",
    "<p>Ich bin vor kurzem in die Region gezogen und suche eine Stelle in meinem Beruf.</p>",
    "<p>Gern arbeite ich selbstständig und übernehme Verantwortung.</p>",
    "<p>Ich suche eine Stelle mit geregelten Arbeitszeiten, die sich mit der Familie vereinbaren lässt.</p>",
]

HEADLINES = [
    "{title} mit {years} Jahren Erfahrung",
    "{title} sucht neue Stelle im Raum {place}",
    "Erfahrene Fachkraft: {title}",
    "{title}, flexibel und zuverlässig",
]
