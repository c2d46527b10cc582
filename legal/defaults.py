"""The legal pages as first installed: templates the operator completes in the admin (the parts in [brackets]).

Used by the data migration that creates them; kept here (not in the migration) so that a test can check them."""

from __future__ import annotations

NOTE_DE = (
    "<p><strong>Vorlage:</strong> Der Betreiber ergänzt die Angaben in [eckigen Klammern] und prüft den Text "
    "rechtlich, bevor die Seite öffentlich geht.</p>"
)
NOTE_EN = (
    "<p><strong>Template:</strong> the operator completes the parts in [brackets] and has the text checked "
    "before the site goes public. The German version is the binding one.</p>"
)

# kind: (title, title_en, intro, intro_en, [(key, heading, heading_en, body, body_en), …])
PAGES: dict[str, tuple[str, str, str, str, list[tuple[str, str, str, str, str]]]] = {
    "impressum": (
        "Impressum",
        "Imprint",
        NOTE_DE,
        NOTE_EN,
        [
            (
                "anbieter",
                "Anbieter",
                "Provider",
                "<p>[Name der Einrichtung, z. B. Regionalmanagement Nordthüringen e. V.]<br>[Straße und Hausnummer]"
                "<br>[Postleitzahl und Ort]</p><p>Vertreten durch: [Name der vertretungsberechtigten Person]</p>"
                "<p>[Registergericht und Registernummer, falls vorhanden]<br>[Umsatzsteuer-Identifikationsnummer, "
                "falls vorhanden]</p>",
                "<p>[Name of the organisation]<br>[Street and number]<br>[Postal code and town]</p>"
                "<p>Represented by: [name of the authorised representative]</p>"
                "<p>[Register court and number, if any]<br>[VAT identification number, if any]</p>",
            ),
            (
                "kontakt",
                "Kontakt",
                "Contact",
                "<p>Telefon: [Telefonnummer]<br>E-Mail: [E-Mail-Adresse]</p>",
                "<p>Phone: [phone number]<br>E-mail: [e-mail address]</p>",
            ),
            (
                "verantwortlich",
                "Verantwortlich für den Inhalt",
                "Responsible for the content",
                "<p>Verantwortlich für redaktionelle Inhalte nach § 18 Abs. 2 MStV: [Name, Anschrift wie oben]</p>"
                "<p>Die Stellenanzeigen verantworten die jeweiligen Unternehmen.</p>",
                "<p>Responsible for editorial content under § 18 (2) MStV: [name, address as above]</p>"
                "<p>Each company is responsible for its own job postings.</p>",
            ),
        ],
    ),
    "datenschutz": (
        "Datenschutzerklärung",
        "Privacy policy",
        NOTE_DE,
        NOTE_EN,
        [
            (
                "verantwortlicher",
                "Verantwortlicher",
                "Controller",
                "<p>Verantwortlich für die Verarbeitung personenbezogener Daten auf dieser Website ist: "
                "[Name und Anschrift wie im Impressum], E-Mail: [E-Mail-Adresse].</p>"
                "<p>Datenschutzbeauftragte oder Datenschutzbeauftragter: [Name und Kontakt, falls benannt]</p>",
                "<p>The controller for the processing of personal data on this website is: [name and address as in "
                "the imprint], e-mail: [e-mail address].</p><p>Data protection officer: [name and contact, if "
                "appointed]</p>",
            ),
            (
                "rechtsgrundlagen",
                "Zwecke und Rechtsgrundlagen",
                "Purposes and legal bases",
                "<p>Wir verarbeiten personenbezogene Daten, um die Website bereitzustellen und ihre Sicherheit zu "
                "gewährleisten (Art. 6 Abs. 1 lit. f DSGVO), um Zugänge für Unternehmen zu führen und "
                "Stellenanzeigen zu veröffentlichen (Art. 6 Abs. 1 lit. b DSGVO) sowie, soweit Sie eingewilligt "
                "haben, auf Grundlage Ihrer Einwilligung (Art. 6 Abs. 1 lit. a DSGVO), die Sie jederzeit "
                "widerrufen können.</p>",
                "<p>We process personal data to provide the website and keep it secure (Art. 6 (1) (f) GDPR), to "
                "manage company accounts and publish job postings (Art. 6 (1) (b) GDPR) and, where you have "
                "consented, on the basis of your consent (Art. 6 (1) (a) GDPR), which you can withdraw at any "
                "time.</p>",
            ),
            (
                "server-logs",
                "Server-Logs",
                "Server logs",
                "<p>Bei jedem Aufruf speichert der Server vorübergehend: die aufgerufene Adresse, Datum und "
                "Uhrzeit, den Statuscode, die übertragene Datenmenge, den Browser-Typ und die IP-Adresse. Diese "
                "Daten dienen allein dem sicheren Betrieb und der Fehlersuche und werden nach [Anzahl] Tagen "
                "gelöscht.</p>",
                "<p>With every request the server temporarily stores: the address requested, date and time, the "
                "status code, the amount of data sent, the browser type and the IP address. They serve only the "
                "secure operation and troubleshooting of the site and are deleted after [number] days.</p>",
            ),
            (
                "cookies",
                "Cookies",
                "Cookies",
                "<p>Die Website setzt nur technisch notwendige Cookies: ein Sitzungs-Cookie, wenn Sie sich "
                "anmelden, ein Cookie zum Schutz von Formularen vor Fälschung (CSRF) und ein Cookie, das sich die "
                "gewählte Sprache merkt. Es gibt keine Cookies für Werbung oder Reichweitenmessung.</p>",
                "<p>The website sets only technically necessary cookies: a session cookie when you log in, a "
                "cookie that protects forms against forgery (CSRF) and a cookie that remembers the language you "
                "chose. There are no cookies for advertising or audience measurement.</p>",
            ),
            (
                "speicherdauer",
                "Speicherdauer",
                "Retention",
                "<p>Wir speichern personenbezogene Daten nur so lange, wie es für den jeweiligen Zweck nötig ist "
                "oder gesetzliche Aufbewahrungsfristen es verlangen. Zugänge von Unternehmen werden gelöscht, "
                "wenn das Unternehmen sie löschen lässt; [weitere Fristen].</p>",
                "<p>We keep personal data only as long as its purpose requires or statutory retention periods "
                "demand. Company accounts are deleted when the company asks for it; [further periods].</p>",
            ),
            (
                "rechte",
                "Ihre Rechte",
                "Your rights",
                "<p>Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung (Art. 17), "
                "Einschränkung der Verarbeitung (Art. 18), Datenübertragbarkeit (Art. 20) und Widerspruch "
                "(Art. 21). Sie können sich außerdem bei einer Aufsichtsbehörde beschweren, etwa beim Thüringer "
                "Landesbeauftragten für den Datenschutz und die Informationsfreiheit.</p>",
                "<p>You have the right of access (Art. 15 GDPR), rectification (Art. 16), erasure (Art. 17), "
                "restriction of processing (Art. 18), data portability (Art. 20) and to object (Art. 21). You may "
                "also lodge a complaint with a supervisory authority, such as the Thuringian commissioner for data "
                "protection and freedom of information.</p>",
            ),
        ],
    ),
}
