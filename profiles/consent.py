"""The consent a seeker gives when publishing the profile: the text and its version.

The version is stored with the profile (and the audit trail) at publication; a new version of the text asks every
published seeker again at their next change (profiles.validation).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

CONSENT_VERSION = "2026-12-01"


def consent_text() -> str:
    """The consent text of CONSENT_VERSION, in the active language."""
    return _(
        "I agree that regiojobs shows my profile to the approved member companies of the region as I chose (without "
        "my name and contact when pseudonymous; with them when named), and that they may ask me to get in touch. "
        "Companies I block never see it. I can hide the profile, download my data or delete my account at any time; "
        "a profile I do not update for %(days)d days is hidden after a reminder."
    ) % {"days": settings.PROFILES_STALE_DAYS}
