from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SavedJobsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "savedjobs"
    verbose_name = _("Saved jobs")
