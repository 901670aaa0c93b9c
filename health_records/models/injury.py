"""Injury incidents (伤害登记): what happened, first aid, parents informed, follow-up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .record_base import DayRecord


class InjurySeverity(models.TextChoices):
    MINOR = "minor", _("Minor (first aid only)")
    MODERATE = "moderate", _("Moderate (seen by the centre doctor)")
    SERIOUS = "serious", _("Serious (sent to hospital)")


class InjuryOutcome(models.TextChoices):
    """Where the injury stands after follow-up (blank while nobody has reviewed it)."""

    RECOVERED = "recovered", _("Recovered")
    OBSERVING = "observing", _("Still under observation")
    TREATED_ELSEWHERE = "treated_elsewhere", _("Seen or treated at a hospital")


class InjuryIncident(DayRecord):
    """One injury: time, place, what happened, body part, first aid, parent informed, follow-up.

    Follow-up (added later through ``services.injury.injury_incident_follow_up``): what was done
    since (``follow_up``), when the parent was informed, and the medical team's review
    (``review_note``, ``outcome``, ``reviewed_by``/``reviewed_at``: the doctor or nurse who last
    changed the review).
    """

    occurred_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=100)
    description = models.CharField(_("what happened"), max_length=1000)
    body_part = models.CharField(_("body part"), max_length=100)
    severity = models.CharField(_("severity"), max_length=10, choices=InjurySeverity.choices)
    first_aid = models.CharField(_("first aid"), max_length=500)
    parent_informed_at = models.DateTimeField(_("parent informed at"), null=True, blank=True)
    follow_up = models.CharField(_("follow-up"), max_length=500, blank=True)
    review_note = models.CharField(_("medical review"), max_length=500, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=InjuryOutcome.choices, blank=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("injury incident")
        verbose_name_plural = _("injury incidents")
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["centre", "occurred_at"], name="injury_centre_time")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.occurred_at:%Y-%m-%d %H:%M}"
