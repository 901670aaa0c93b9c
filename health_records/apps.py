"""Django app configuration for health_records."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HealthRecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "health_records"
    verbose_name = _("Health records")

    def ready(self) -> None:
        from .db_guards import install_access_log_guard

        # Database-level append-only guard on the access log, re-applied after every migrate.
        post_migrate.connect(install_access_log_guard, sender=self, dispatch_uid="accesslog-guard")
