"""Template helpers: person names in the order their script expects."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext as _

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
