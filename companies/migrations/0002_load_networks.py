"""Seed the region's clusters and networks (companies/data/networks.csv); operators edit them in the admin."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "networks.csv"


def load(apps, schema_editor):
    Network = apps.get_model("companies", "Network")
    with open(DATA, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            Network.objects.get_or_create(
                slug=row["slug"],
                defaults={"name": row["name"], "kind": row["kind"], "description": row["description"]},
            )


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
