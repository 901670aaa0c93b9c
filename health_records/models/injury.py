"""Injury incidents (伤害登记): what happened, first aid, parents informed, follow-up."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .record_base import DayRecord


class InjurySeverity(models.TextChoices):
    MINOR = "minor", _("Minor (first aid only)")
    MODERATE = "moderate", _("Moderate (seen by the centre doctor)")
    SERIOUS = "serious", _("Serious (sent to hospital)")


class InjuryIncident(DayRecord):
    """One injury: time, place, what happened, body part, first aid, parent informed, follow-up."""

    occurred_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=100)
    description = models.CharField(_("what happened"), max_length=1000)
    body_part = models.CharField(_("body part"), max_length=100)
    severity = models.CharField(_("severity"), max_length=10, choices=InjurySeverity.choices)
    first_aid = models.CharField(_("first aid"), max_length=500)
    parent_informed_at = models.DateTimeField(_("parent informed at"), null=True, blank=True)
    follow_up = models.CharField(_("follow-up"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("injury incident")
        verbose_name_plural = _("injury incidents")
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["centre", "occurred_at"], name="injury_centre_time")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.occurred_at:%Y-%m-%d %H:%M}"
