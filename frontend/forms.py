"""Forms of the company area. They parse types only; the domain rules live in jobs.services / companies.services,
whose ValidationErrors are put back next to the matching fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Network
from crawlers.models import Kind
from jobs.models import Contract, EmploymentType, JobPosting, OfferType, Remote, SalaryPeriod, Status
from jobs.validation import APPLY_EMAIL_MAX, APPLY_URL_MAX, STREET_MAX, TITLE_MAX

from .selectors import field_choices, municipality_choices

WORKPLACE_ROWS = 3
# Service error keys that have no field of their own on the form, and where they are shown instead.
ERROR_FIELD_ALIASES = {"workplaces": "wp1_municipality", "date_posted": None, "salary_currency": "salary_min"}


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


class JobPostingForm(ServiceErrorsMixin, forms.Form):
    aliases = ERROR_FIELD_ALIASES

    # Lengths and every other rule are checked by jobs.validation (through the service), so the form shows the
    # API's messages; maxlength only helps the browser.
    title = forms.CharField(label=_("Job title"), widget=forms.TextInput(attrs={"maxlength": TITLE_MAX}))
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Plain text or simple HTML (paragraphs, lists, bold, links). Anything else is removed."),
    )
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_select: Any = self.fields["field"]
        field_select.choices = [("", "—"), *field_choices()]
        places = [("", "—"), *municipality_choices()]
        for i in range(1, WORKPLACE_ROWS + 1):
            self.fields[f"wp{i}_municipality"] = forms.ChoiceField(
                label=_("Municipality"), required=False, choices=places
            )
            self.fields[f"wp{i}_postal_code"] = forms.CharField(
                label=_("Postal code"), required=False, max_length=5,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            )  # fmt: skip
            self.fields[f"wp{i}_street"] = forms.CharField(
                label=_("Street and number"), required=False, widget=forms.TextInput(attrs={"maxlength": STREET_MAX})
            )

    @classmethod
    def initial_of(cls, data: dict[str, Any]) -> dict[str, Any]:
        """Form initial values from a posting's write shape (jobs.services.posting_data_of)."""
        initial = {k: v for k, v in data.items() if k != "workplaces"}
        initial["field"] = data.get("field") or ""
        for i, wp in enumerate(data.get("workplaces") or [], start=1):
            if i > WORKPLACE_ROWS:
                break
            initial[f"wp{i}_municipality"] = wp["municipality"]
            initial[f"wp{i}_postal_code"] = wp.get("postal_code", "")
            initial[f"wp{i}_street"] = wp.get("street", "")
        return initial

    def workplace_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (i, [self[f"wp{i}_municipality"], self[f"wp{i}_postal_code"], self[f"wp{i}_street"]])
            for i in range(1, WORKPLACE_ROWS + 1)
        ]

    def service_data(self) -> dict[str, Any]:
        """The cleaned form in the write shape jobs.services take."""
        c = self.cleaned_data
        # Plain text typed into the box keeps its paragraphs: jobs.sanitize does that for every writer.
        description = c.get("description") or ""
        workplaces = [
            {
                "municipality": c[f"wp{i}_municipality"],
                "postal_code": c.get(f"wp{i}_postal_code", "").strip(),
                "street": c.get(f"wp{i}_street", "").strip(),
            }
            for i in range(1, WORKPLACE_ROWS + 1)
            if c.get(f"wp{i}_municipality")
        ]
        return {
            "title": c["title"],
            "description": description,
            "workplaces": workplaces,
            "remote": c["remote"],
            "field": c.get("field") or None,
            "employment_types": list(c.get("employment_types") or []),
            "offer_type": c["offer_type"],
            "contract": c["contract"],
            "salary_min": c.get("salary_min"),
            "salary_max": c.get("salary_max"),
            "salary_period": c.get("salary_period") or "",
            "apply_url": c.get("apply_url") or "",
            "apply_email": c.get("apply_email") or "",
            "valid_through": c.get("valid_through"),
            "status": c["status"],
        }


def job_form_for(job: JobPosting | None, data: Any = None) -> JobPostingForm:
    from jobs.services import job_update_statuses, posting_data_of

    initial = JobPostingForm.initial_of(posting_data_of(job)) if job is not None else None
    form = JobPostingForm(data=data, initial=initial)
    if job is not None and job.status not in (Status.DRAFT, Status.PUBLISHED):
        # A closed or expired posting can be corrected and stay so: its status is offered next to draft and published
        # (the choices job_update takes for it).
        status_field: Any = form.fields["status"]
        own = {job.status: _("%(status)s (not public)") % {"status": Status(job.status).label}}
        labels = dict(status_field.choices)
        status_field.choices = [(s, own.get(s) or labels[s]) for s in job_update_statuses(job)]
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
