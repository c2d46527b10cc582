"""Writes to the gazetteer: loading it from the CSV files shipped in regions/data/ (idempotent)."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.text import slugify

from config.caching import Generation, bump

from .defaults import DATA_DIR as DEFAULTS_DIR
from .defaults import REGION_FACES
from .models import County, Municipality, PostalLocality, Region
from .text import fold, fold_loose

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class LoadSummary:
    counties: int
    municipalities: int
    localities: int


def _slug(name: str) -> str:
    return slugify(fold(name))


@transaction.atomic
def regions_load(*, data_dir: Path = DATA_DIR, progress: Callable[[str], None] | None = None) -> LoadSummary:
    """Create or update counties, municipalities and postal localities; create the default region once."""
    say = progress or (lambda _msg: None)
    with open(data_dir / "thueringen_places.csv", encoding="utf-8") as fh:
        places = list(csv.DictReader(fh))
    with open(data_dir / "thueringen_postal_localities.csv", encoding="utf-8") as fh:
        localities = list(csv.DictReader(fh))

    county_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    county_names: dict[str, str] = {}
    for row in places:
        county_names[row["county_ags"]] = row["county"]
        county_points[row["county_ags"]].append((float(row["lat"]), float(row["lon"])))
    for ags, name in county_names.items():
        pts = county_points[ags]
        County.objects.update_or_create(
            ags=ags,
            defaults={
                "name": name,
                "slug": _slug(name.removeprefix("Landkreis ")),
                "lat": sum(p[0] for p in pts) / len(pts),
                "lon": sum(p[1] for p in pts) / len(pts),
            },
        )
    say(f"{len(county_names)} counties")

    existing = set(Municipality.objects.values_list("ags", flat=True))
    new: list[Municipality] = []
    changed: list[Municipality] = []
    for row in places:
        obj = Municipality(
            ags=row["ags"],
            name=row["name"],
            name_folded=fold(row["name"]),
            name_loose=fold_loose(row["name"]),
            county_id=row["county_ags"],
            postal_codes=row["postal_codes"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
        )
        (changed if obj.ags in existing else new).append(obj)
    Municipality.objects.bulk_create(new, batch_size=500)
    Municipality.objects.bulk_update(
        changed, ["name", "name_folded", "name_loose", "county", "postal_codes", "lat", "lon"], batch_size=500
    )
    say(f"{len(places)} municipalities")

    known = set(existing) | {m.ags for m in new}
    existing_locs = {(p, n): pk for pk, p, n in PostalLocality.objects.values_list("pk", "postal_code", "name")}
    loc_new: list[PostalLocality] = []
    loc_changed: list[PostalLocality] = []
    for row in localities:
        municipality = row["municipality_ags"] if row["municipality_ags"] in known else None
        loc = PostalLocality(
            pk=existing_locs.get((row["postal_code"], row["place"])),
            postal_code=row["postal_code"],
            name=row["place"],
            name_folded=fold(row["place"]),
            name_loose=fold_loose(row["place"]),
            county_id=row["county_ags"],
            municipality_id=municipality,
            lat=float(row["lat"]),
            lon=float(row["lon"]),
        )
        (loc_changed if loc.pk else loc_new).append(loc)
    PostalLocality.objects.bulk_create(loc_new, batch_size=500)
    PostalLocality.objects.bulk_update(
        loc_changed, ["name_folded", "name_loose", "county", "municipality", "lat", "lon"], batch_size=500
    )
    say(f"{len(localities)} postal localities")

    region_ensure_default()
    bump(Generation.REFERENCE)  # a new place is searchable at once, a renamed county shows its new name
    return LoadSummary(len(county_names), len(places), len(localities))


def region_ensure_default() -> Region:
    """The configured default region, created on first load; an operator's later edits are kept."""
    conf: dict[str, Any] = settings.REGIOJOBS_DEFAULT_REGION
    region = Region.objects.filter(slug=conf["slug"]).first()
    if region is None:
        region = Region.objects.create(
            name=conf["name"], slug=conf["slug"], is_default=not Region.objects.filter(is_default=True).exists()
        )
        region.counties.set(County.objects.filter(ags__in=conf["counties"]))
    region_face_ensure(region=region)
    return region


def region_face_ensure(*, region: Region) -> bool:
    """Give a region the face shipped for it (regions.defaults) when it has none yet: no tagline, intro nor image.
    An operator's edits are kept. Returns whether it changed anything."""
    face = REGION_FACES.get(region.slug)
    if face is None or region.tagline or region.intro or region.image:
        return False
    for name in ("tagline", "tagline_en", "intro", "intro_en", "image_alt", "image_alt_en"):
        setattr(region, name, face[name])
    with (DEFAULTS_DIR / face["image"]).open("rb") as picture:
        region.image.save(face["image"], File(picture), save=False)
    region.save()
    bump(Generation.REFERENCE)
    return True
