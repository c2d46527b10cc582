"""The privacy policy's section on seeker profiles (legal.defaults.SEEKER_PROFILES_SECTION), added to the page the
operator keeps: their other sections stay as they are; a page without it (deleted) or with the key taken is left
alone."""

from typing import Any

from django.db import migrations

from legal.defaults import SEEKER_PROFILES_SECTION


def create(apps: Any, schema_editor: Any) -> None:
    LegalPage = apps.get_model("legal", "LegalPage")
    LegalSection = apps.get_model("legal", "LegalSection")
    page = LegalPage.objects.filter(kind="datenschutz").first()
    key, position, heading, heading_en, body, body_en = SEEKER_PROFILES_SECTION
    if page is None or LegalSection.objects.filter(page=page, key=key).exists():
        return
    # Historical models have no custom save(): the text is written sanitized already (a test checks it).
    LegalSection.objects.create(
        page=page, key=key, position=position, heading=heading, heading_en=heading_en, body=body, body_en=body_en
    )


def remove(apps: Any, schema_editor: Any) -> None:
    LegalSection = apps.get_model("legal", "LegalSection")
    LegalSection.objects.filter(page__kind="datenschutz", key=SEEKER_PROFILES_SECTION[0]).delete()


class Migration(migrations.Migration):
    dependencies = [("legal", "0002_default_pages")]

    operations = [migrations.RunPython(create, remove)]
