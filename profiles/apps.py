from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "profiles"
    verbose_name = _("Seeker profiles")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
