"""Messages of installed libraries that our pages and the API show, listed so that makemessages keeps them in the
project's own catalogue (locale/), which Django reads before the libraries' own: their German speaks to the reader
informally ("Gib eine gültige E-Mail Adresse an", django-allauth's and Django REST framework's catalogues), the rest of
the site formally ("Sie"). Nothing imports this module; it is only read by makemessages."""

from django.utils.translation import gettext_noop

MESSAGES = (
    # Django REST framework (its catalogue takes precedence over Django's own for these form messages too)
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid URL."),
    gettext_noop('Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'),
    gettext_noop("The submitted data was not a file. Check the encoding type on the form."),
    # django-allauth: its adapter, forms and messages
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop("Please type your current password."),
    gettext_noop("You cannot add more than %d email addresses."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("Username can not be used. Please use other username."),
    gettext_noop("Please select only one."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("You must type the same email each time."),
    gettext_noop("You cannot remove your primary email address (%(email)s)."),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("You have signed out."),
    gettext_noop("Your password has been changed."),
    gettext_noop("Your account has no password set up."),
)
