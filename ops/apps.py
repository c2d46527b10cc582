from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: health and readiness probes, backup and restore of the database."""

    name = "ops"
    default_auto_field = "django.db.models.BigAutoField"
