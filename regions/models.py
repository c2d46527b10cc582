"""The Thuringia gazetteer: counties, municipalities, postal localities, and regions (named sets of counties)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """A Landkreis or kreisfreie Stadt, keyed by its five-digit AGS."""

    ags = models.CharField(_("AGS"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        return self.name.removeprefix("Landkreis ")


class Municipality(models.Model):
    """A Gemeinde, keyed by its eight-digit AGS, with its centre point and postal codes."""

    ags = models.CharField(_("AGS"), max_length=8, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    name_loose = models.CharField(max_length=120, db_index=True, editable=False)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    postal_codes = models.CharField(_("postal codes"), max_length=400, blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    @property
    def postal_code_list(self) -> list[str]:
        return self.postal_codes.split()

    @property
    def short_name(self) -> str:
        """The common name: "Mühlhausen/Thüringen" is called "Mühlhausen"."""
        return self.name.split("/")[0]


class PostalLocality(models.Model):
    """A postal code with one locality it serves (a town or an Ortsteil), linked to its municipality where known."""

    postal_code = models.CharField(_("postal code"), max_length=5, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    name_loose = models.CharField(max_length=120, db_index=True, editable=False)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="postal_localities", verbose_name=_("county")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postal_localities",
        verbose_name=_("municipality"),
    )
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["postal_code", "name"]
        constraints = [models.UniqueConstraint(fields=["postal_code", "name"], name="uniq_postal_locality")]
        verbose_name = _("postal locality")
        verbose_name_plural = _("postal localities")

    def __str__(self) -> str:
        return f"{self.postal_code} {self.name}"


class RegionQuerySet(models.QuerySet["Region"]):
    def default(self) -> Region | None:
        return self.filter(is_default=True).first()


class Region(models.Model):
    """A named set of counties the board serves, e.g. Nordthüringen."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    counties = models.ManyToManyField(County, related_name="regions", verbose_name=_("counties"))
    is_default = models.BooleanField(
        _("default region"), default=False, help_text=_("The region the board shows first.")
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_region"
            )
        ]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name
