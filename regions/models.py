"""The Thuringia gazetteer: counties, municipalities, postal localities, and regions (named sets of counties)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# What a region's picture may be: raster formats browsers show, checked by content (Pillow), not by file name.
REGION_IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")


def validate_region_image(image: File) -> None:  # type: ignore[type-arg]
    """A region's picture: at most REGION_IMAGE_MAX_BYTES, and really a JPEG, PNG or WebP image of sensible size."""
    from PIL import Image, UnidentifiedImageError

    if getattr(image, "_committed", False):
        return  # the picture already stored (checked when it came): an edit of the texts need not read it again
    limit = settings.REGION_IMAGE_MAX_BYTES
    if image.size is not None and image.size > limit:
        raise ValidationError(
            _("The image may be at most %(mb).1f MB.") % {"mb": limit / 1_000_000}, code="image_too_large"
        )
    try:
        image.seek(0)
        with Image.open(image) as picture:
            fmt, (width, height) = picture.format, picture.size
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("This file is not an image that can be read."), code="image_invalid") from exc
    finally:
        image.seek(0)
    if fmt not in REGION_IMAGE_FORMATS:
        raise ValidationError(_("Use a JPEG, PNG or WebP image."), code="image_format")
    if not (200 <= width <= 6000 and 100 <= height <= 6000):
        raise ValidationError(
            _("The image should be between 200 × 100 and 6000 × 6000 pixels."), code="image_dimensions"
        )


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
    # The region's face on the home page, edited by the operator; the English texts are optional (German stands in).
    tagline = models.CharField(
        _("tagline"), max_length=200, blank=True, help_text=_("One sentence under the region's name.")
    )
    tagline_en = models.CharField(_("tagline (English)"), max_length=200, blank=True)
    intro = models.TextField(
        _("why live and work here"),
        blank=True,
        help_text=_("Simple HTML (paragraphs, lists, emphasis, links), as in postings; anything else is removed."),
    )
    intro_en = models.TextField(_("why live and work here (English)"), blank=True)
    image = models.ImageField(
        _("image"),
        upload_to="regions/",
        blank=True,
        validators=[validate_region_image],
        help_text=_("JPEG, PNG or WebP, landscape, at most 2 MB."),
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    image_alt_en = models.CharField(_("image description (English)"), max_length=250, blank=True)

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

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The intro is shown as HTML: only the postings' allow-list gets through, however it was written.
        from jobs.sanitize import sanitize_html

        self.intro = sanitize_html(self.intro)
        self.intro_en = sanitize_html(self.intro_en)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Describe the image for people who cannot see it.")})

    def _in_language(self, german: str, english: str) -> str:
        return english if english.strip() and (get_language() or "de").startswith("en") else german

    @property
    def tagline_shown(self) -> str:
        """The tagline in the page's language (English when there is one, else German)."""
        return self._in_language(self.tagline, self.tagline_en)

    @property
    def intro_shown(self) -> str:
        return self._in_language(self.intro, self.intro_en)

    @property
    def image_alt_shown(self) -> str:
        return self._in_language(self.image_alt, self.image_alt_en)
