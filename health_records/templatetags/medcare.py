"""Template helpers: person names in the order their script expects."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from health_records.models import StaffRole

register = template.Library()


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


@register.filter
def person_name(user: AbstractUser) -> str:
    """Family name first without a space for Chinese names (王芳), given name first otherwise
    (Fang Wang); the username when neither is set."""
    family, given = user.last_name.strip(), user.first_name.strip()
    if not family and not given:
        return user.get_username()
    if _has_cjk(family + given):
        return f"{family}{given}"
    return f"{given} {family}".strip()


@register.filter
def role_label(code: str) -> str:
    """The translated name of a role code as stored in the access log (``parent`` → Guardian)."""
    if code == "parent":
        return _("Guardian")
    try:
        return str(StaffRole(code).label)
    except ValueError:
        return code


ACCESS_WHAT_LABELS = {
    "child_detail": gettext_lazy("Child's page"),
    "child_consent": gettext_lazy("Consent page"),
    "child_day": gettext_lazy("Child's day"),
    "daily_report": gettext_lazy("Daily report"),
    "classroom_screen": gettext_lazy("Classroom screen"),
    "alert_detail": gettext_lazy("Alert"),
    "child_alerts": gettext_lazy("Child's alerts"),
    "growth_chart": gettext_lazy("Growth chart"),
    "growth_chart_data": gettext_lazy("Growth chart data"),
    "growth_report": gettext_lazy("Growth report"),
    "growth_batch": gettext_lazy("Measuring day"),
    "fhir_everything": gettext_lazy("FHIR export to the hospital"),
}
"""Readable names of access-log ``what`` codes; API reads are ``api_<resource>_<list|detail>``."""


@register.filter
def access_what(code: str) -> str:
    """A readable, translated name for an access-log ``what`` code (the code itself if unknown)."""
    if code in ACCESS_WHAT_LABELS:
        return str(ACCESS_WHAT_LABELS[code])
    if code.startswith("api_"):
        return _("API: %(resource)s") % {"resource": code.removeprefix("api_").replace("_", " ")}
    return code
