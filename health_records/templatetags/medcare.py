"""Template helpers: person names in the order their script expects; access-log codes and
health-rule codes in words."""

from __future__ import annotations

import re

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
    "injury_follow_up": gettext_lazy("Injury follow-up"),
    "fhir_everything": gettext_lazy("FHIR export to the hospital"),
    "api_health_checks_due": gettext_lazy("API: health checks due"),
    "api_injury_follow_up": gettext_lazy("API: injury follow-up"),
    "api_growth_chart": gettext_lazy("API: growth chart"),
    "api_alert_timeline": gettext_lazy("API: alert timeline"),
}
"""Readable names of access-log ``what`` codes; most API reads are ``api_<resource>_<list|detail>``
(:data:`API_RESOURCE_LABELS`)."""

API_RESOURCE_LABELS = {
    "attendance": gettext_lazy("attendance"),
    "daily_health_check": gettext_lazy("daily health checks"),
    "health_check": gettext_lazy("health checks"),
    "injury": gettext_lazy("injuries"),
    "medication_request": gettext_lazy("medication requests"),
    "medication_administration": gettext_lazy("medication administrations"),
    "symptom_flag": gettext_lazy("symptom flags"),
    "growth_measurement": gettext_lazy("growth measurements"),
    "child": gettext_lazy("children"),
    "alert": gettext_lazy("alerts"),
    "meal": gettext_lazy("meals"),
    "bottle_feed": gettext_lazy("bottle feeds"),
    "water": gettext_lazy("water"),
    "sleep": gettext_lazy("sleep"),
    "toileting": gettext_lazy("toileting"),
    "mood": gettext_lazy("moods"),
    "vomit": gettext_lazy("vomiting"),
    "care_note": gettext_lazy("care notes"),
}
"""``<resource>`` of ``api_<resource>_list`` / ``api_<resource>_detail`` → what it is, plural."""


def access_what_label(code: str) -> str | None:
    """The translated name of an access-log ``what`` code, or ``None`` for an unknown code."""
    if code in ACCESS_WHAT_LABELS:
        return str(ACCESS_WHAT_LABELS[code])
    match = re.fullmatch(r"api_(\w+)_(list|detail)", code)
    if match is None or match[1] not in API_RESOURCE_LABELS:
        return None
    resource = API_RESOURCE_LABELS[match[1]]
    if match[2] == "list":
        return _("API: %(resource)s (list)") % {"resource": resource}
    return _("API: %(resource)s (one record)") % {"resource": resource}


@register.filter
def access_what(code: str) -> str:
    """A readable, translated name for an access-log ``what`` code (the code itself if unknown:
    ``tests/health_records/test_templatetags.py`` makes sure every code in use has a name)."""
    return access_what_label(code) or code


RULE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"fever_axillary_(\d+)_(\d+)", "fever"),
    (r"low_temperature_(\d+)_(\d+)", "low_temperature"),
    (r"diarrhoea_(\d+)_loose_stools_24h", "diarrhoea"),
    (r"vomiting_(\d+)_per_day", "vomiting"),
    (r"refused_(\d+)_meals_in_row", "refused_meals"),
)
"""Rule codes as ``rules/`` makes them (``RuleHit.rule``) → which description to give."""


@register.filter
def rule_label(code: str) -> str:
    """A health rule's code in words: ``fever_axillary_37_3`` → "Fever: axillary ≥ 37.3 °C"
    (translated); an unknown code is returned as it is."""
    for pattern, kind in RULE_PATTERNS:
        match = re.fullmatch(pattern, code)
        if match is None:
            continue
        if kind in ("fever", "low_temperature"):
            celsius = f"{match[1]}.{match[2]}"
            if kind == "fever":
                return _("Fever: axillary ≥ %(c)s °C") % {"c": celsius}
            return _("Low temperature: below %(c)s °C") % {"c": celsius}
        n = int(match[1])
        if kind == "diarrhoea":
            return _("Diarrhoea: %(n)d loose stools in 24 hours") % {"n": n}
        if kind == "vomiting":
            return _("Vomiting: %(n)d times in a day") % {"n": n}
        return _("Refused %(n)d meals in a row") % {"n": n}
    return code
