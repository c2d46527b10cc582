"""The sign-up form: allauth's (e-mail address and password) and who signs up, a job seeker or company staff."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.services import SignupKind, signup_kind_remember
from notifications.services import language_remember

from .adapter import mail_language


class SignupForm(AllauthSignupForm):
    kind = forms.ChoiceField(
        label=_("What brings you here?"),
        choices=SignupKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose whether you look for work or register your company.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The entry links /accounts/signup/?as=seeker and ?as=company preselect the choice.
        request = context.request
        chosen = request.GET.get("as") if request is not None else None
        if chosen in SignupKind.values:
            self.fields["kind"].initial = chosen

    def custom_signup(self, request: HttpRequest, user: Any) -> None:
        super().custom_signup(request, user)
        signup_kind_remember(session=request.session, kind=self.cleaned_data["kind"])
        # The verification mail goes out in the page's language; later mails (notifications) too.
        language_remember(user=user, language=mail_language())
