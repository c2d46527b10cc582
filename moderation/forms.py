"""The public report form and the operator's reason fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReportReason
from .services import REPORT_TEXT_MAX


class PostingReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this posting?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=REPORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Please do not enter any personal data (names, e-mail addresses, phone numbers)."),
    )


class ReasonForm(forms.Form):
    """The reason of a rejection or suspension, which the company is shown."""

    reason = forms.CharField(label=_("Reason"), max_length=2000)
