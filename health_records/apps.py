"""Django app configuration for health_records."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthRecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "health_records"
    verbose_name = _("Health records")
