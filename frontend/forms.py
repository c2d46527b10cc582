"""Forms of the company area. They parse types only; the domain rules live in jobs.services / companies.services,
whose ValidationErrors are put back next to the matching fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Network
from crawlers.models import Kind
from jobs.models import Contract, EmploymentType, JobPosting, OfferType, Remote, SalaryPeriod, Status
from jobs.sanitize import editable_text
from jobs.validation import APPLY_EMAIL_MAX, APPLY_URL_MAX, STREET_MAX, TITLE_MAX, postal_code_problem
from regions.models import Municipality
from regions.selectors import municipality_candidates, municipality_label

from .selectors import field_choices, municipality_choices

# Service error keys that have no field of their own on the form, and where they are shown instead.
ERROR_FIELD_ALIASES = {"workplaces": "wp1_place", "date_posted": None, "salary_currency": "salary_min"}
WORKPLACE_FIELDS = ("place", "postal_code", "street")


class ServiceErrorsMixin:
    """Put a service's ValidationError (keyed by field name) next to the fields of this form."""

    aliases: dict[str, str | None] = {}

    def add_service_errors(self, error: ValidationError) -> None:
        form: Any = self
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return
        for name, errors in error.message_dict.items():
            target: str | None = name if name in form.fields else self.aliases.get(name)
            for message in errors:
                form.add_error(target, message)


def _workplace_indexes(data: Any, count: int) -> list[int]:
    """The workplace blocks a form shows: 1..count, less those a script removed (a gap in the numbers)."""
    if data is None:
        return list(range(1, count + 1))
    present = [i for i in range(1, count + 1) if any(f"wp{i}_{name}" in data for name in WORKPLACE_FIELDS)]
    return present or [1]


def workplace_fields(i: int | str) -> dict[str, forms.Field]:
    """Workplace block `i`: a place typed with suggestions (as in the search form), postal code, street."""
    return {
        f"wp{i}_place": forms.CharField(
            label=_("Place"),
            required=False,
            help_text=_("Town or municipality, e.g. Nordhausen, or postal code and town."),
            widget=forms.TextInput(
                attrs={
                    "autocomplete": "off",
                    "list": f"wp{i}-place-suggestions",
                    "data-suggest": reverse_lazy("place-search"),
                    "data-suggest-kind": "place",
                }
            ),
        ),
        f"wp{i}_postal_code": forms.CharField(
            label=_("Postal code"),
            required=False,
            max_length=5,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        ),
        f"wp{i}_street": forms.CharField(
            label=_("Street and number"), required=False, widget=forms.TextInput(attrs={"maxlength": STREET_MAX})
        ),
    }


class JobPostingForm(ServiceErrorsMixin, forms.Form):
    aliases = ERROR_FIELD_ALIASES

    # Lengths and every other rule are checked by jobs.validation (through the service), so the form shows the
    # API's messages; maxlength only helps the browser.
    # data-field-suggest: posting_form.js asks that endpoint for the field of the title as it is typed.
    title = forms.CharField(
        label=_("Job title"),
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX, "data-field-suggest": reverse_lazy("field-suggest")}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Plain text or simple HTML (paragraphs, lists, bold, links). Anything else is removed."),
    )
    # How many workplace blocks the form has (the blocks "add another" / "remove" change; a script keeps it current).
    workplace_count = forms.IntegerField(widget=forms.HiddenInput, min_value=1, initial=1)
    remote = forms.ChoiceField(label=_("Remote work"), choices=Remote.choices, initial=Remote.NONE)
    field = forms.ChoiceField(label=_("Occupational field (KldB 2010)"), required=False)
    employment_types = forms.MultipleChoiceField(
        label=_("Employment types"),
        required=False,
        choices=EmploymentType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    offer_type = forms.ChoiceField(label=_("Offer type"), choices=OfferType.choices, initial=OfferType.JOB)
    contract = forms.ChoiceField(label=_("Contract"), choices=Contract.choices, initial=Contract.PERMANENT)
    starts_on = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional, e.g. when an apprenticeship begins."),
    )
    salary_min = forms.DecimalField(label=_("Salary from (EUR)"), required=False, max_digits=10, decimal_places=2)
    salary_max = forms.DecimalField(label=_("Salary to (EUR)"), required=False, max_digits=10, decimal_places=2)
    salary_period = forms.ChoiceField(
        label=_("Salary period"), required=False, choices=[("", "—"), *SalaryPeriod.choices]
    )
    apply_url = forms.CharField(
        label=_("Apply online (URL)"), required=False, widget=forms.URLInput(attrs={"maxlength": APPLY_URL_MAX})
    )
    apply_email = forms.CharField(
        label=_("Apply by e-mail"), required=False, widget=forms.EmailInput(attrs={"maxlength": APPLY_EMAIL_MAX})
    )
    valid_through = forms.DateField(
        label=_("Valid through"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for the default period; the posting expires after this day."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(Status.DRAFT, _("Draft (not public)")), (Status.PUBLISHED, _("Published"))],
        initial=Status.PUBLISHED,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, workplace_count: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_select: Any = self.fields["field"]
        field_select.choices = [("", "—"), *field_choices()]
        limit = settings.JOBS_MAX_WORKPLACES
        count = workplace_count
        if count is None:
            raw = str(
                (self.data.get("workplace_count") if self.is_bound else None) or self.initial.get("workplace_count", 1)
            )
            count = int(raw) if raw.isdigit() and len(raw) < 6 else 1
        count = max(1, min(count, limit))
        self.workplace_indexes = _workplace_indexes(self.data if self.is_bound else None, count)
        self.max_workplaces = limit
        self.can_add_workplace = len(self.workplace_indexes) < limit
        self.several_workplaces = len(self.workplace_indexes) > 1
        self.initial["workplace_count"] = count
        for i in self.workplace_indexes:
            self._add_workplace_fields(i)

    def _add_workplace_fields(self, i: int) -> None:
        self.fields.update(workplace_fields(i))

    @classmethod
    def initial_of(cls, data: dict[str, Any]) -> dict[str, Any]:
        """Form initial values from a posting's write shape (jobs.services.posting_data_of)."""
        initial = {k: v for k, v in data.items() if k != "workplaces"}
        initial["field"] = data.get("field") or ""
        initial["description"] = editable_text(data.get("description") or "")
        workplaces = data.get("workplaces") or []
        labels = {
            m.ags: municipality_label(m)
            for m in Municipality.objects.filter(ags__in=[w["municipality"] for w in workplaces]).select_related(
                "county"
            )
        }
        for i, wp in enumerate(workplaces, start=1):
            initial[f"wp{i}_place"] = labels.get(str(wp["municipality"]), "")
            initial[f"wp{i}_postal_code"] = wp.get("postal_code", "")
            initial[f"wp{i}_street"] = wp.get("street", "")
        initial["workplace_count"] = max(1, len(workplaces))
        return initial

    @classmethod
    def initial_for_company(cls, company: Company) -> dict[str, Any]:
        """A new posting's first workplace is the company's own address."""
        municipality = Municipality.objects.select_related("county").get(pk=company.municipality_id)
        return {
            "wp1_place": municipality_label(municipality),
            "wp1_postal_code": company.postal_code,
            "wp1_street": company.street,
            "workplace_count": 1,
        }

    def workplace_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (i, [self[f"wp{i}_{name}"] for name in WORKPLACE_FIELDS])
            for i in self.workplace_indexes
            if f"wp{i}_place" in self.fields
        ]

    def template_row(self) -> list[forms.BoundField]:
        """The fields of an empty workplace block numbered __N__, which the script clones (a <template>)."""
        blank = forms.Form()
        blank.fields.update(workplace_fields("__N__"))
        return [blank[f"wp__N___{name}"] for name in WORKPLACE_FIELDS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.resolved_workplaces: list[dict[str, Any]] = []
        for i in self.workplace_indexes:
            place = (cleaned.get(f"wp{i}_place") or "").strip()
            postal_code = (cleaned.get(f"wp{i}_postal_code") or "").strip()
            street = (cleaned.get(f"wp{i}_street") or "").strip()
            if not place:
                if postal_code or street:
                    self.add_error(f"wp{i}_place", _("Say in which town or municipality this workplace is."))
                continue
            candidates = municipality_candidates(query=place)
            if not candidates:
                self.add_error(
                    f"wp{i}_place",
                    _("“%(place)s” is not a municipality in Thuringia we know; check the spelling.") % {"place": place},
                )
                continue
            if len(candidates) > 1:
                self.add_error(
                    f"wp{i}_place",
                    _("“%(place)s” could mean several places; choose one: %(candidates)s.")
                    % {
                        "place": place,
                        "candidates": "; ".join(
                            f"{' '.join(m.postal_code_list[:1])} {m.name} ({m.county.short_name})".strip()
                            for m in candidates[:8]
                        ),
                    },
                )
                continue
            municipality = candidates[0]
            typed_code = place[:5] if place[:5].isdigit() else ""
            postal_code = postal_code or typed_code
            problem = postal_code_problem(municipality, postal_code)  # the rule the API and the crawler obey too
            if problem:
                self.add_error(f"wp{i}_postal_code", problem)
                continue
            self.resolved_workplaces.append(
                {"municipality": municipality.ags, "postal_code": postal_code, "street": street}
            )
        return cleaned

    def service_data(self) -> dict[str, Any]:
        """The cleaned form in the write shape jobs.services take."""
        c = self.cleaned_data  # of a refused form: only the fields that passed (add_rule_errors)
        # Plain text typed into the box keeps its paragraphs: jobs.sanitize does that for every writer.
        description = c.get("description") or ""
        return {
            "title": c.get("title") or "",
            "description": description,
            "workplaces": list(self.resolved_workplaces),
            "remote": c.get("remote"),
            "field": c.get("field") or None,
            "employment_types": list(c.get("employment_types") or []),
            "offer_type": c.get("offer_type"),
            "contract": c.get("contract"),
            "salary_min": c.get("salary_min"),
            "salary_max": c.get("salary_max"),
            "salary_period": c.get("salary_period") or "",
            "apply_url": c.get("apply_url") or "",
            "apply_email": c.get("apply_email") or "",
            "valid_through": c.get("valid_through"),
            "starts_on": c.get("starts_on"),
            "status": c.get("status"),
        }

    def add_rule_errors(self) -> None:
        """After the form refused a submission, the posting rules' verdict on what it accepted, so a company sees every
        mistake in one round ("minimum above maximum" together with an unknown place), not one round after another.
        Only for fields without an error of the form's own; the valid-through date waits for the save, whose service
        knows the posting's own dates (an edit of an older posting) and whether an edit must keep them in the future."""
        from jobs.validation import posting_clean

        status_field: Any = self.fields["status"]
        try:
            posting_clean(
                {**self.service_data(), "valid_through": None},
                allowed_status=tuple(value for value, _label in status_field.choices),
                check_past=False,
            )
        except ValidationError as exc:
            # The workplaces' errors ("give at least one workplace") go to the first place field, unless the form
            # found something wrong with a workplace itself (its places are judged by the form, see clean()).
            first_place = f"wp{self.workplace_indexes[0]}_place"
            places_judged = any(name.startswith("wp") for name in self.errors)
            for name, messages in exc.message_dict.items():
                target = first_place if name == "workplaces" and not places_judged else name
                if target in self.fields and target not in self.errors:
                    for message in messages:
                        self.add_error(target, message)


MULTI_VALUE_FIELDS = ("employment_types",)


def initial_from_post(data: Any) -> dict[str, Any]:
    """What was typed, as initial values: the form shown again (one workplace more or less) without judging it."""
    return {k: data.getlist(k) if k in MULTI_VALUE_FIELDS else data.get(k) for k in data if k != "csrfmiddlewaretoken"}


def without_workplace(initial: dict[str, Any], index: int) -> dict[str, Any]:
    """The initial values with workplace block `index` removed and the later ones moved up."""
    raw = str(initial.get("workplace_count") or "1")
    count = min(int(raw), settings.JOBS_MAX_WORKPLACES) if raw.isdigit() and len(raw) < 6 else 1
    out = {k: v for k, v in initial.items() if not k.startswith("wp")}
    n = 0
    for i in range(1, count + 1):
        if i == index or not any(f"wp{i}_{name}" in initial for name in WORKPLACE_FIELDS):
            continue
        n += 1
        for name in WORKPLACE_FIELDS:
            out[f"wp{n}_{name}"] = initial.get(f"wp{i}_{name}", "")
    out["workplace_count"] = max(1, n)
    return out


def job_form_for(
    job: JobPosting | None, data: Any = None, *, initial: dict[str, Any] | None = None, **kwargs: Any
) -> JobPostingForm:
    from jobs.services import job_update_statuses, posting_data_of

    if initial is None and job is not None:
        initial = JobPostingForm.initial_of(posting_data_of(job))
    form = JobPostingForm(data=data, initial=initial, **kwargs)
    if job is not None and job.status not in (Status.DRAFT, Status.PUBLISHED):
        # A closed or expired posting can be corrected and stay so: its status is offered next to draft and published
        # (the choices job_update takes for it); a rejected one or one waiting for review keeps its status.
        status_field: Any = form.fields["status"]
        own = {job.status: _("%(status)s (not public)") % {"status": Status(job.status).label}}
        labels = dict(status_field.choices)
        status_field.choices = [(s, own.get(s) or labels[s]) for s in job_update_statuses(job)]
        status_field.initial = job.status
    return form


class CompanyRegistrationForm(ServiceErrorsMixin, forms.Form):
    aliases = {"slug": "name"}

    name = forms.CharField(label=_("Company name"), max_length=200)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    careers_url = forms.URLField(
        label=_("Careers page"),
        required=False,
        assume_scheme="https",
        help_text=_("The page listing your vacancies; our crawler can import them from there."),
    )
    description = forms.CharField(
        label=_("About the company"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    street = forms.CharField(label=_("Street and number"), required=False, max_length=200)
    postal_code = forms.RegexField(
        label=_("Postal code"),
        required=False,
        regex=r"^\d{5}$",
        error_messages={"invalid": _("A postal code has five digits.")},
    )
    municipality = forms.ChoiceField(label=_("Municipality"))
    networks = forms.ModelMultipleChoiceField(
        label=_("Networks"),
        required=False,
        queryset=Network.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality: Any = self.fields["municipality"]
        municipality.choices = [("", "—"), *municipality_choices()]

    def service_fields(self) -> dict[str, Any]:
        c = dict(self.cleaned_data)
        c["municipality_id"] = c.pop("municipality")
        c["slug"] = unique_company_slug(c["name"])
        return c


def unique_company_slug(name: str) -> str:
    base = slugify(name)[:90] or "firma"
    slug, n = base, 2
    while Company.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class CrawlSourceForm(ServiceErrorsMixin, forms.Form):
    url = forms.URLField(
        label=_("Careers page or job feed"),
        max_length=1000,
        assume_scheme="https",
        help_text=_("The address where your vacancies are listed, e.g. https://example.org/karriere"),
    )
    # Plain-HTML sources need CSS selectors, which the operator sets up in the admin.
    kind = forms.ChoiceField(
        label=_("Format"), choices=[c for c in Kind.choices if c[0] != Kind.HTML], initial=Kind.AUTO
    )
