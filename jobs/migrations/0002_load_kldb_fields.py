"""Load the KldB 2010 occupational areas and fields (reference data shipped in jobs/data/)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "kldb2010_fields.csv"


def load(apps, schema_editor):
    Area = apps.get_model("jobs", "OccupationalArea")
    Field = apps.get_model("jobs", "OccupationalField")
    with open(DATA, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            Area.objects.update_or_create(code=row["area_code"], defaults={"name": row["area_name"]})
            Field.objects.update_or_create(
                code=row["code"], defaults={"name": row["name"], "area_id": row["area_code"]}
            )


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
