"""The legal pages German law requires (Impressum, Datenschutzerklärung): text the operator keeps in the admin.

A page is a list of sections, each with a stable key (its anchor on the page): a later feature adds its own section
(a data migration creating it) without touching the operator's text of the others."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _in_language(german: str, english: str) -> str:
    """The English text on English pages when there is one; the German text otherwise."""
    return english if english.strip() and (get_language() or "de").startswith("en") else german


class LegalPage(models.Model):
    class Kind(models.TextChoices):
        IMPRINT = "impressum", _("Imprint (Impressum)")
        PRIVACY = "datenschutz", _("Privacy policy (Datenschutzerklärung)")

    kind = models.CharField(_("page"), max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Simple HTML; anything else is removed."))
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")

    def __str__(self) -> str:
        return self.get_kind_display()

    def save(self, *args: Any, **kwargs: Any) -> None:
        from jobs.sanitize import sanitize_html  # the one HTML allow-list (postings, regions, legal pages)

        self.intro = sanitize_html(self.intro)
        self.intro_en = sanitize_html(self.intro_en)
        super().save(*args, **kwargs)

    @property
    def title_shown(self) -> str:
        return _in_language(self.title, self.title_en)

    @property
    def intro_shown(self) -> str:
        return _in_language(self.intro, self.intro_en)


class LegalSection(models.Model):
    page = models.ForeignKey(LegalPage, on_delete=models.CASCADE, related_name="sections", verbose_name=_("page"))
    key = models.SlugField(
        _("key"), max_length=60, help_text=_("The section's anchor on the page, e.g. server-logs (#server-logs).")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    heading = models.CharField(_("heading"), max_length=200)
    heading_en = models.CharField(_("heading (English)"), max_length=200, blank=True)
    body = models.TextField(_("text"), help_text=_("Simple HTML (paragraphs, lists, emphasis, links)."))
    body_en = models.TextField(_("text (English)"), blank=True, help_text=_("Left empty, the German text is shown."))

    class Meta:
        ordering = ["page", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["page", "key"], name="uniq_legal_section_key")]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.heading

    def save(self, *args: Any, **kwargs: Any) -> None:
        from jobs.sanitize import sanitize_html

        self.body = sanitize_html(self.body)
        self.body_en = sanitize_html(self.body_en)
        super().save(*args, **kwargs)

    @property
    def heading_shown(self) -> str:
        return _in_language(self.heading, self.heading_en)

    @property
    def body_shown(self) -> str:
        return _in_language(self.body, self.body_en)
