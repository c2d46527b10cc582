"""Derive jobs/data/kldb2010_titles.csv, the job titles the field suggester learns from, from the Bundesagentur's
KldB 2010 (version 2020) classification table (semicolon-separated, "Gliederung mit Erläuterungen").

    manage.py derive_kldb_titles path/to/kldb2010_classification.csv

One row per (five-digit class, title): the class's own title and short title, each assigned example job title
("Zugeordnete Berufe (Beispiele)") and each title an exclusion sends to a five-digit class elsewhere. Also
jobs/data/kldb2010_descriptions.csv: each class's (levels 2 to 5) description and inclusions ("Allgemeine
Bemerkungen", "Einschlüsse"), which name the trade's work ("Werkstücke schleifen"), once per distinct text, without
the example titles (those are the title list's, and the measured hold-out must not see them).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from jobs.field_suggest import DESCRIPTIONS_CSV, TITLES_CSV

KEY = "Schlüssel KldB 2010, V. 2020"
# "21222-100 Kalk- u. Zementwerker/in  21222-101 …": a documentation code, then the title up to the next code.
_EXAMPLE = re.compile(r"(\d{5})-\d{3} (.*?)(?=\s+\d{5}-\d{3} |$)")
# "Aufbereitungsmechaniker/in - Sand und Kies(21212)  Naturwerksteinmechaniker/in …(21212)"
_EXCLUSION = re.compile(r"\s*(.*?)\s*\((\d{5})\)")


def derive(rows: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    out: dict[tuple[str, str], str] = {}
    for row in rows:
        key = row[KEY].strip()
        if len(key) != 5:
            continue
        for title in (row["Titel"], row["Kurztitel"]):
            out.setdefault((key, " ".join(title.split())), "class")
        for code, title in _EXAMPLE.findall(row["Umfasst ferner"] or ""):
            out.setdefault((code, " ".join(title.split())), "example")
        excluded = (row["Ausschlüsse"] or "").split(":", 1)[-1]
        for title, code in _EXCLUSION.findall(excluded):
            if title:
                out.setdefault((code, " ".join(title.split())), "exclusion")
    return sorted((code, title, kind) for (code, title), kind in out.items())


def describe(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    """(class key, text) for each distinct description or inclusion text of the levels 2 to 5: a five-digit class
    often repeats its four-digit parent's text, which would count it twice."""
    out: dict[str, str] = {}
    for row in rows:
        key = row[KEY].strip()
        if len(key) < 2:
            continue  # an area (level 1) spans several groups
        for column in ("Allgemeine Bemerkungen", "Einschlüsse"):
            text = " ".join((row[column] or "").split())
            if text:
                out.setdefault(text, key)
    return sorted((key, text) for text, key in out.items())


class Command(BaseCommand):
    help = "Derive the KldB job-title list the field suggester learns from."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", type=Path)

    def handle(self, *args: Any, source: Path, **options: Any) -> None:
        with source.open(encoding="utf-8") as fh:
            table = list(csv.DictReader(fh, delimiter=";"))
        rows, descriptions = derive(table), describe(table)
        with TITLES_CSV.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["code", "title", "kind"])
            writer.writerows(rows)
        self.stdout.write(f"{len(rows)} titles written to {TITLES_CSV.name}")
        with DESCRIPTIONS_CSV.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["code", "text"])
            writer.writerows(descriptions)
        self.stdout.write(f"{len(descriptions)} descriptions written to {DESCRIPTIONS_CSV.name}")
