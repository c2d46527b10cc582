"""The seeker's profile form. It parses types only and converts to the API's write shape; every rule is
profiles.validation's (through profiles.services.profile_update), whose errors are put back next to the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from jobs.models import EmploymentType, OfferType, Remote
from jobs.sanitize import editable_text
from profiles.consent import CONSENT_VERSION
from profiles.models import (
    ABOUT_MAX_CHARS,
    HEADLINE_MAX,
    MAX_COMMUTE_KM,
    MAX_EXPERIENCE_YEARS,
    MAX_LANGUAGES,
    MAX_OCCUPATIONS,
    OCCUPATION_TITLE_MAX,
    PHONE_MAX,
    ContractPreference,
    LanguageLevel,
    Licence,
    SchoolQualification,
    SeekerProfile,
    Visibility,
    VocationalQualification,
)
from regions.models import County, Municipality
from regions.selectors import municipality_candidates, municipality_label

from .forms import ServiceErrorsMixin
from .selectors import field_choices

# Empty language rows offered below the ones a profile has (JavaScript shows them one at a time).
SPARE_LANGUAGE_ROWS = 2
OCCUPATION_PARTS = ("title", "field", "years")
LANGUAGE_PARTS = ("code", "level")
# Errors of the write shape that belong to a group of rows, shown at the group's fieldset.
GROUPS = ("occupations", "languages")
# Write-shape names whose form field has another name.
ALIASES: dict[str, str | None] = {"home_municipality": "home_place"}


def language_choices(extra: list[str] | None = None) -> list[tuple[str, str]]:
    """Languages by their ISO 639-1 code, named in the active language (Django's own translated list)."""
    names = {code: gettext(name) for code, name in global_settings.LANGUAGES if len(code) == 2}
    for code in extra or []:
        names.setdefault(code, code)
    return [("", "—"), *sorted(names.items(), key=lambda item: item[1].casefold())]


def occupation_fields(i: int) -> dict[str, forms.Field]:
    return {
        f"occ{i}_title": forms.CharField(
            label=_("Occupation"),
            required=False,
            help_text=_("As you would name it, e.g. Zerspanungsmechaniker."),
            widget=forms.TextInput(attrs={"maxlength": OCCUPATION_TITLE_MAX}),
        ),
        f"occ{i}_field": forms.ChoiceField(label=_("Occupational field (KldB 2010)"), required=False),
        f"occ{i}_years": forms.IntegerField(
            label=_("Years of experience"),
            required=False,
            widget=forms.NumberInput(attrs={"min": 0, "max": MAX_EXPERIENCE_YEARS, "inputmode": "numeric"}),
        ),
    }


def language_fields(i: int) -> dict[str, forms.Field]:
    return {
        f"lang{i}_code": forms.ChoiceField(label=_("Language"), required=False),
        f"lang{i}_level": forms.ChoiceField(
            label=_("Level (CEFR)"), required=False, choices=[("", "—"), *LanguageLevel.choices]
        ),
    }


def _row_count(data: Any, prefix: str, parts: tuple[str, ...], limit: int) -> int:
    """How many rows of a group the submitted form had (the highest number present)."""
    found = 0
    for i in range(1, limit + 1):
        if any(f"{prefix}{i}_{part}" in data for part in parts):
            found = i
    return found


class SeekerProfileForm(ServiceErrorsMixin, forms.Form):
    aliases = ALIASES

    headline = forms.CharField(
        label=_("Headline"),
        required=False,
        help_text=_("One line that companies read first, e.g. “CNC machinist with eight years of experience”."),
        widget=forms.TextInput(attrs={"maxlength": HEADLINE_MAX}),
    )
    offer_types = forms.MultipleChoiceField(
        label=_("What are you looking for?"), required=False, choices=OfferType.choices,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    employment_types = forms.MultipleChoiceField(
        label=_("Employment types"), required=False, choices=EmploymentType.choices,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    contract = forms.ChoiceField(
        label=_("Contract"), choices=ContractPreference.choices, initial=ContractPreference.ANY,
        widget=forms.RadioSelect,
    )  # fmt: skip
    available_from = forms.DateField(
        label=_("Available from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty if you can start at once."),
    )
    remote = forms.ChoiceField(label=_("Remote work"), choices=Remote.choices, initial=Remote.NONE)
    home_place = forms.CharField(
        label=_("Where you live"),
        required=False,
        help_text=_(
            "Town or municipality, e.g. Nordhausen, or postal code and town. Companies see the town and the postal "
            "code."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "list": "home-place-suggestions",
                "data-suggest": reverse_lazy("place-search"),
                "data-suggest-kind": "place",
            }
        ),
    )
    home_postal_code = forms.CharField(
        label=_("Postal code"),
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    commute_km = forms.IntegerField(
        label=_("How far would you commute (km)?"),
        required=False,
        # format_lazy: a translation formatted here, at import, would stay in the default language for everyone.
        help_text=format_lazy(_("From 0 to {max} km from where you live."), max=MAX_COMMUTE_KM),
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_COMMUTE_KM, "inputmode": "numeric"}),
    )
    counties = forms.MultipleChoiceField(
        label=_("Or: the districts where you would work"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Instead of a distance: tick the districts and towns; leave all empty to use the distance."),
    )
    about = forms.CharField(
        label=_("About you"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=format_lazy(
            _(
                "Plain text or simple HTML (paragraphs, lists, bold); at most {max} characters. Do not write your name "
                "or contact here: companies see this text."
            ),
            max=ABOUT_MAX_CHARS,
        ),
    )
    school_qualification = forms.ChoiceField(
        label=_("School qualification"), required=False, choices=[("", "—"), *SchoolQualification.choices]
    )
    vocational_qualification = forms.ChoiceField(
        label=_("Vocational qualification"), required=False, choices=[("", "—"), *VocationalQualification.choices]
    )
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        help_text=_("Separated by commas, e.g. CNC, Heidenhain, welding."),
    )
    licences = forms.MultipleChoiceField(
        label=_("Driving licences and permits"), required=False, choices=Licence.choices,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    salary_expectation = forms.IntegerField(
        label=_("Salary expectation (EUR gross per month)"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        help_text=_("Optional. Companies see it whenever they can see the profile."),
    )
    first_name = forms.CharField(
        label=_("First name"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "maxlength": PHONE_MAX}),
        help_text=_("Companies see it only with the visibility “with name”."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see your profile?"),
        choices=Visibility.choices,
        initial=Visibility.HIDDEN,
        widget=forms.RadioSelect,
    )
    blocked_companies = forms.MultipleChoiceField(
        label=_("Companies that must never see your profile"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("E.g. your current employer."),
    )
    consent = forms.BooleanField(label=_("I agree to this text."), required=False)

    def __init__(self, *args: Any, profile: SeekerProfile | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.profile = profile
        fields = [("", "—"), *field_choices()]
        for i in range(1, MAX_OCCUPATIONS + 1):
            self.fields.update(occupation_fields(i))
            select: Any = self.fields[f"occ{i}_field"]
            select.choices = fields
        if self.is_bound:
            rows = _row_count(self.data, "lang", LANGUAGE_PARTS, MAX_LANGUAGES)
        else:
            rows = sum(1 for k in self.initial if k.startswith("lang") and k.endswith("_code"))
        self.language_count = max(1, min(rows + SPARE_LANGUAGE_ROWS, MAX_LANGUAGES))
        known = [str(v) for k, v in self.initial.items() if k.startswith("lang") and k.endswith("_code") and v]
        languages = language_choices(known)
        for i in range(1, self.language_count + 1):
            self.fields.update(language_fields(i))
            select = self.fields[f"lang{i}_code"]
            select.choices = languages
        counties: Any = self.fields["counties"]
        counties.choices = [(c.pk, c.name) for c in County.objects.order_by("name")]
        blocked: Any = self.fields["blocked_companies"]
        current = list(profile.blocked_companies.values_list("slug", flat=True)) if profile and profile.pk else []
        companies = Company.objects.approved() | Company.objects.filter(slug__in=current)
        blocked.choices = list(companies.order_by("name").values_list("slug", "name"))
        self.consent_given = bool(profile and profile.consent_version == CONSENT_VERSION and profile.consent_at)

    # --- the rows -------------------------------------------------------------------------------------------------

    def occupation_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [(i, [self[f"occ{i}_{p}"] for p in OCCUPATION_PARTS]) for i in range(1, MAX_OCCUPATIONS + 1)]

    def language_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [(i, [self[f"lang{i}_{p}"] for p in LANGUAGE_PARTS]) for i in range(1, self.language_count + 1)]

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor, label, message) of every error, for the summary at the top."""
        out: list[tuple[str, str, str]] = []
        for name, errors in self.errors.items():
            if name == "__all__":
                continue
            if name in self.fields:
                anchor, label = self[name].auto_id, str(self.fields[name].label)
            else:
                anchor = f"id_{name}"
                label = str(_("Occupations") if name == "occupations" else _("Languages"))
            out.extend((anchor, label, str(e)) for e in errors)
        return out

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name in GROUPS:
                for message in error.message_dict.get(name, []):
                    # A group of rows has no field of its own: its errors are kept under its name for its fieldset.
                    errors: Any = self.errors
                    errors.setdefault(name, self.error_class()).append(message)
            error = ValidationError({k: v for k, v in error.message_dict.items() if k not in GROUPS})
            if not error.message_dict:
                return
        super().add_service_errors(error)

    def add_rule_errors(self, profile: SeekerProfile) -> None:
        """After the form refused a submission, the profile rules' verdict on what it accepted
        (profiles.validation.profile_clean, as profile_update judges), so every mistake shows in one round: an
        unknown place no longer hides a commute of 500 km. Only where the form found nothing itself."""
        from profiles.validation import profile_clean

        try:
            profile_clean(self.service_data(), profile=profile)
        except ValidationError as exc:
            # A group's error ("experience years 0 to 60") is left out when one of its rows shows an error already.
            row_errors = {
                "occupations": any(name.startswith("occ") for name in self.errors),
                "languages": any(name.startswith("lang") for name in self.errors),
            }
            # "To be shown with your name, give your first and last name" is no news when a name was refused.
            names_refused = "first_name" in self.errors or "last_name" in self.errors

            def said_already(name: str) -> bool:
                if name in GROUPS:
                    return name in self.errors or row_errors[name]
                target = name if name in self.fields else ALIASES.get(name)
                return target is None or target in self.errors or (name == "visibility" and names_refused)

            for name, messages in exc.message_dict.items():
                if not said_already(name):
                    self.add_service_errors(ValidationError({name: messages}))

    # --- in and out -----------------------------------------------------------------------------------------------

    @classmethod
    def initial_of(cls, profile: SeekerProfile) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(profile, name)
            for name in (
                "headline", "offer_types", "employment_types", "contract", "available_from", "remote",
                "home_postal_code", "commute_km", "school_qualification", "vocational_qualification",
                "licences", "salary_expectation", "phone", "visibility",
            )
        }  # fmt: skip
        initial["about"] = editable_text(profile.about)
        initial["first_name"], initial["last_name"] = profile.user.first_name, profile.user.last_name
        if profile.home_municipality_id:
            municipality = Municipality.objects.select_related("county").get(pk=profile.home_municipality_id)
            initial["home_place"] = municipality_label(municipality)
        initial["skills"] = ", ".join(profile.skills or [])
        initial["counties"] = list(profile.counties.values_list("pk", flat=True))
        initial["blocked_companies"] = list(profile.blocked_companies.values_list("slug", flat=True))
        for i, occupation in enumerate(profile.occupations or [], start=1):
            initial[f"occ{i}_title"] = occupation.get("title", "")
            initial[f"occ{i}_field"] = occupation.get("field", "")
            initial[f"occ{i}_years"] = occupation.get("experience_years", 0)
        for i, language in enumerate(profile.languages or [], start=1):
            initial[f"lang{i}_code"] = language.get("code", "")
            initial[f"lang{i}_level"] = language.get("level", "")
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.home_ags = ""
        place = (cleaned.get("home_place") or "").strip()
        if place:
            candidates = municipality_candidates(query=place)
            if not candidates:
                self.add_error(
                    "home_place",
                    _("“%(place)s” is not a municipality in Thuringia we know; check the spelling.") % {"place": place},
                )
            elif len(candidates) > 1:
                self.add_error(
                    "home_place",
                    _("“%(place)s” could mean several places; choose one: %(candidates)s.")
                    % {
                        "place": place,
                        "candidates": "; ".join(
                            f"{' '.join(m.postal_code_list[:1])} {m.name} ({m.county.short_name})".strip()
                            for m in candidates[:8]
                        ),
                    },
                )
            else:
                self.home_ags = candidates[0].ags
                if not cleaned.get("home_postal_code") and place[:5].isdigit():
                    cleaned["home_postal_code"] = place[:5]
        return cleaned

    def service_data(self) -> dict[str, Any]:
        """The cleaned form in the API's write shape (all fields: a PUT). Empty rows are left out."""
        c = self.cleaned_data
        occupations = []
        for i in range(1, MAX_OCCUPATIONS + 1):
            title, field, years = (c.get(f"occ{i}_{p}") for p in OCCUPATION_PARTS)
            if title or field or years:
                occupations.append({"title": title or "", "field": field or "", "experience_years": years or 0})
        languages = []
        for i in range(1, self.language_count + 1):
            code, level = c.get(f"lang{i}_code"), c.get(f"lang{i}_level")
            if code or level:
                languages.append({"code": code or "", "level": level or ""})
        return {
            "headline": c.get("headline") or "",
            "occupations": occupations,
            "offer_types": list(c.get("offer_types") or []),
            "employment_types": list(c.get("employment_types") or []),
            "contract": c.get("contract") or "",
            "available_from": c.get("available_from"),
            "remote": c.get("remote") or "",
            "home_municipality": self.home_ags or None,
            "home_postal_code": c.get("home_postal_code") or "",
            "commute_km": c.get("commute_km"),
            "counties": list(c.get("counties") or []),
            "about": c.get("about") or "",
            "school_qualification": c.get("school_qualification") or "",
            "vocational_qualification": c.get("vocational_qualification") or "",
            "skills": [s.strip() for s in (c.get("skills") or "").split(",") if s.strip()],
            "languages": languages,
            "licences": list(c.get("licences") or []),
            "salary_expectation": c.get("salary_expectation"),
            "first_name": c.get("first_name") or "",
            "last_name": c.get("last_name") or "",
            "phone": c.get("phone") or "",
            "visibility": c.get("visibility") or "",
            "blocked_companies": list(c.get("blocked_companies") or []),
            "consent": bool(c.get("consent")),
        }


class CvUploadForm(ServiceErrorsMixin, forms.Form):
    # Not required here: an upload without a file is refused by the service, with the API's message.
    cv = forms.FileField(
        label=_("Your CV as a PDF file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args: Any, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.template.defaultfilters import filesizeformat

        self.fields["cv"].help_text = _("A PDF of at most %(size)s.") % {"size": filesizeformat(max_bytes)}


class AccountDeleteForm(forms.Form):
    confirm = forms.CharField(
        label=_("To confirm, type your e-mail address or your password"),
        # Masked: it may be the password.
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirm(self) -> str:
        typed = self.cleaned_data["confirm"].strip()
        email = (self.user.email or "").strip()
        if not ((email and typed.casefold() == email.casefold()) or self.user.check_password(typed)):
            raise ValidationError(_("This is neither your e-mail address nor your password."))
        return typed
