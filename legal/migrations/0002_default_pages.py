"""The Impressum and the Datenschutzerklärung as templates for the operator to complete (legal.defaults)."""

from typing import Any

from django.db import migrations

from legal.defaults import PAGES


def create(apps: Any, schema_editor: Any) -> None:
    # Historical models have no custom save(): the default texts are written sanitized already.
    LegalPage = apps.get_model("legal", "LegalPage")
    LegalSection = apps.get_model("legal", "LegalSection")
    for kind, (title, title_en, intro, intro_en, sections) in PAGES.items():
        page, created = LegalPage.objects.get_or_create(
            kind=kind, defaults={"title": title, "title_en": title_en, "intro": intro, "intro_en": intro_en}
        )
        if not created:
            continue
        for position, (key, heading, heading_en, body, body_en) in enumerate(sections, start=1):
            LegalSection.objects.create(
                page=page,
                key=key,
                position=position * 10,
                heading=heading,
                heading_en=heading_en,
                body=body,
                body_en=body_en,
            )


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
