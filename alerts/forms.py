from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NAME_MAX, Frequency


class AlertSaveForm(forms.Form):
    """The search page's "save as alert": a guest gives an address, a signed-in seeker a name (the search itself
    comes from the page's URL, judged by the alert services)."""

    email = forms.EmailField(label=_("Your e-mail address"), required=False)
    name = forms.CharField(label=_("Name of the alert"), max_length=NAME_MAX, required=False)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices, initial=Frequency.WEEKLY)

    def __init__(self, *args: Any, guest: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A guest's alert goes to the address given: required (and marked so, as on the search page's form).
        self.fields["email"].required = guest


class AlertChangeForm(forms.Form):
    name = forms.CharField(label=_("Name of the alert"), max_length=NAME_MAX)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
