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

# The privacy policy's section on seeker profiles (added with the exchange by legal's migration 0003, between
# "speicherdauer" (50) and "rechte" (60)): key, position, heading, heading_en, body, body_en. The section has no
# placeholders: its numbers are those of settings.PROFILES_STALE_DAYS (180) and PROFILES_STALE_REMINDER_DAYS (14),
# written out; an operator who changes the settings changes the text in the admin too (a test compares them).
SEEKER_PROFILES_SECTION = (
    "bewerberprofile",
    58,
    "Bewerberprofile",
    "Job seeker profiles",
    "<p><strong>Was ein Profil enthält.</strong> Wenn Sie ein Bewerberprofil anlegen, speichern wir, was Sie "
    "eintragen: gesuchte Berufe und Ihre Erfahrung, Art der Stelle, ab wann Sie verfügbar sind, Ihren Wohnort (eine "
    "Gemeinde oder Postleitzahl, nie eine Anschrift) und wie weit Sie pendeln, Schul- und Berufsabschluss, "
    "Kenntnisse, Sprachen, Führerscheine, Gehaltsvorstellung, einen Text über sich und, wenn Sie möchten, eine "
    "Telefonnummer und einen Lebenslauf (PDF). Name und E-Mail-Adresse stammen aus Ihrem Zugang.</p>"
    "<p><strong>Wer was sieht.</strong> Sie entscheiden es mit der Sichtbarkeit des Profils:</p><ul>"
    "<li><em>Verborgen</em>: niemand außer Ihnen – auch nicht das Regionalmanagement.</li>"
    "<li><em>Pseudonym</em>: vom Regionalmanagement geprüfte und freigeschaltete Mitgliedsunternehmen finden Ihr "
    "Profil ohne Namen, E-Mail-Adresse, Telefonnummer und Lebenslauf und können Sie über die Plattform um Kontakt "
    "bitten.</li>"
    "<li><em>Mit Namen</em>: diese Unternehmen sehen zusätzlich Ihren Namen, Ihre Kontaktdaten und Ihren "
    "Lebenslauf.</li></ul>"
    "<p>Unternehmen, die Sie sperren, sehen Ihr Profil nie. Das Regionalmanagement sieht in der Verwaltung nur, dass "
    "es Profile gibt, ihre Sichtbarkeit, Datumsangaben und die Version Ihrer Einwilligung, nie ihren Inhalt. In der "
    "Suche der Website stehen nie Ihr Name, Ihre Kontaktdaten, Ihre Anschrift oder Ihr Lebenslauf.</p>"
    "<p><strong>Einwilligung.</strong> Ein Profil wird nur mit Ihrer Einwilligung für Unternehmen sichtbar "
    "(Art. 6 Abs. 1 lit. a DSGVO); wir speichern, welcher Fassung des Einwilligungstextes Sie wann zugestimmt haben. "
    "Sie widerrufen sie jederzeit, indem Sie das Profil auf „verborgen“ stellen oder Ihren Zugang löschen; die "
    "Verarbeitung bis dahin bleibt rechtmäßig.</p>"
    "<p><strong>Auskunft, Export und Löschung.</strong> Unter „Mein Profil“ laden Sie alle über Sie gespeicherten "
    "Daten als Datei herunter (Art. 15 und Art. 20 DSGVO) und löschen Ihren Zugang mit Profil und Lebenslauf "
    "(Art. 17 DSGVO). Der Lebenslauf liegt in einem nicht öffentlichen Speicher ohne Web-Adresse und wird mit dem "
    "Zugang gelöscht.</p>"
    "<p><strong>180 Tage.</strong> Ein sichtbares Profil, das Sie 180 Tage lang nicht ändern, wird verborgen, damit "
    "Unternehmen nur Menschen finden, die noch suchen. 14 Tage vorher erinnern wir Sie per E-Mail; jede Änderung am "
    "Profil setzt die Frist neu. Ein verborgenes Profil machen Sie mit einem Klick wieder sichtbar.</p>"
    "<p><strong>Was nach einer Löschung bleibt.</strong> Das Änderungsprotokoll der Plattform behält Einträge wie "
    "„Zugang gelöscht“ mit Datum, aber ohne Ihren Namen, Ihre Kontaktdaten oder Inhalte Ihres Profils; sie werden "
    "nach der Frist des Protokolls gelöscht.</p>",
    "<p><strong>What a profile holds.</strong> When you create a job seeker profile we store what you enter: the "
    "occupations you are looking for and your experience, the kind of job, when you are available, where you live "
    "(a municipality or postal code, never an address) and how far you commute, school and vocational "
    "qualifications, skills, languages, driving licences, salary expectation, a text about yourself and, if you "
    "wish, a phone number and a CV (PDF). Your name and e-mail address come from your account.</p>"
    "<p><strong>Who sees what.</strong> You decide with the profile's visibility:</p><ul>"
    "<li><em>Hidden</em>: nobody but you – not even the regional management.</li>"
    "<li><em>Pseudonymous</em>: member companies checked and approved by the regional management find your profile "
    "without your name, e-mail address, phone number and CV and can ask you to get in touch through the "
    "platform.</li>"
    "<li><em>With name</em>: these companies also see your name, your contact details and your CV.</li></ul>"
    "<p>Companies you block never see your profile. In the administration, the regional management sees only that "
    "profiles exist, their visibility, dates and the version of your consent, never their contents. The site's "
    "search never holds your name, contact details, address or CV.</p>"
    "<p><strong>Consent.</strong> A profile becomes visible to companies only with your consent (Art. 6 (1) (a) "
    "GDPR); we store which version of the consent text you agreed to and when. You withdraw it at any time by "
    "setting the profile to “hidden” or deleting your account; processing until then remains lawful.</p>"
    "<p><strong>Access, export and deletion.</strong> Under “My profile” you download everything stored about you "
    "as a file (Art. 15 and Art. 20 GDPR) and delete your account with its profile and CV (Art. 17 GDPR). The CV is "
    "kept in a private storage without a web address and is deleted with the account.</p>"
    "<p><strong>180 days.</strong> A visible profile you do not change for 180 days is hidden, so that companies "
    "only find people who are still looking. We remind you by e-mail 14 days before; every change to the profile "
    "starts the period again. You make a hidden profile visible again with one click.</p>"
    "<p><strong>What remains after deletion.</strong> The platform's change log keeps entries such as “account "
    "deleted” with their date, but without your name, contact details or the contents of your profile; they are "
    "deleted when the log's retention period ends.</p>",
)
