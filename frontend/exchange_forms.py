"""The exchange's forms: a company's contact request and a seeker's answer. The rules are the services'
(profiles.contact); these forms give the fields their labels and limits, and the services' errors their places."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from profiles.models import CONTACT_MESSAGE_MAX_CHARS

from .forms import ServiceErrorsMixin


class PostingChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A company's postings by title, with place and date: a company often has several of one title."""

    def label_from_instance(self, obj: Any) -> str:
        places = ", ".join(dict.fromkeys(w.municipality.name for w in obj.workplaces.all()))
        return " · ".join(p for p in (obj.title, places, date_format(obj.date_posted, "SHORT_DATE_FORMAT")) if p)


class ContactRequestForm(ServiceErrorsMixin, forms.Form):
    message = forms.CharField(
        label=_("Your message to the candidate"),
        max_length=CONTACT_MESSAGE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text, at most 2,000 characters. Say who you are and why you would like to talk."),
    )
    posting = PostingChoiceField(
        label=_("About this posting (optional)"),
        queryset=None,
        required=False,
        empty_label=_("No particular posting"),
    )

    def __init__(self, *args: Any, postings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["posting"]
        field.queryset = postings


class ContactAnswerForm(forms.Form):
    block_company = forms.BooleanField(
        label=_("Also block this company: it never finds or asks me again"), required=False
    )
