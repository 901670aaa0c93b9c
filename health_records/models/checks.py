"""Daily health checks (晨检 / 午检 / 晚检) and the centre's health-rule thresholds.

The check follows China's touch–look–ask–check routine (一摸二看三问四查, 《托育机构保育指导大纲
（试行）》 and 《托儿所幼儿园卫生保健工作规范》 2012): touch for fever, look at mood, skin, eyes,
mouth and throat, hands and feet, ask about sleep, stool and medicines at home, check for
dangerous objects and signs of illness.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from health_records.rules.meals import REFUSED_MEALS_IN_ROW
from health_records.rules.stools import LOOSE_STOOLS_IN_24H
from health_records.rules.temperature import FEVER_AXILLARY_C, LOW_TEMPERATURE_C
from health_records.rules.vomiting import VOMITS_PER_DAY

from .record_base import DayRecord

TEMPERATURE_MIN_C = Decimal("34.0")
TEMPERATURE_MAX_C = Decimal("43.0")
FAHRENHEIT_MIN = Decimal("93.0")
FAHRENHEIT_MAX = Decimal("110.0")
"""Body temperatures in °F (93–110) land far outside the accepted °C range: we say so."""


def validate_not_fahrenheit(value: Decimal) -> None:
    """Refuse a body temperature in °F (93–110) with its own message; anything else passes.

    The one place for this hint: the daily check (:func:`validate_temperature_c`) and the
    medical team's vital signs (``services.alerts.alert_vitals_record``) both call it. Raises
    ``ValidationError`` with code ``temperature_fahrenheit``.
    """
    if FAHRENHEIT_MIN <= value <= FAHRENHEIT_MAX:
        raise ValidationError(
            _("%(value)s looks like Fahrenheit: enter the temperature in °C (for example 37.0)."),
            code="temperature_fahrenheit",
            params={"value": value},
        )


def validate_temperature_c(value: Decimal) -> None:
    """Accept 34.0–43.0 °C; say "looks like Fahrenheit" for 93–110; refuse anything else.

    Raises ``ValidationError`` with code ``temperature_fahrenheit`` or
    ``temperature_out_of_range``.
    """
    if TEMPERATURE_MIN_C <= value <= TEMPERATURE_MAX_C:
        return
    validate_not_fahrenheit(value)
    raise ValidationError(
        _("%(value)s °C is outside 34.0–43.0 °C: check the thermometer and the value."),
        code="temperature_out_of_range",
        params={"value": value},
    )


class CheckSession(models.TextChoices):
    MORNING = "morning", _("Morning check")
    NOON = "noon", _("Noon check")
    EVENING = "evening", _("Evening check")


class TemperatureSite(models.TextChoices):
    AXILLARY = "axillary", _("Axillary")
    EAR = "ear", _("Ear (tympanic)")
    FOREHEAD = "forehead", _("Forehead")
    ORAL = "oral", _("Oral")


class MoodFinding(models.TextChoices):
    NORMAL = "normal", _("Normal")
    IRRITABLE = "irritable", _("Irritable, crying")
    LISTLESS = "listless", _("Listless, drowsy")


class SkinFinding(models.TextChoices):
    NORMAL = "normal", _("Normal")
    RASH = "rash", _("Rash")
    OTHER = "other", _("Bruise, wound or other")


class EyesFinding(models.TextChoices):
    NORMAL = "normal", _("Normal")
    RED = "red", _("Red eyes")
    DISCHARGE = "discharge", _("Discharge")


class ThroatFinding(models.TextChoices):
    NORMAL = "normal", _("Normal")
    RED = "red", _("Red throat")
    ULCERS = "ulcers", _("Ulcers or blisters")


class HandsFeetFinding(models.TextChoices):
    NORMAL = "normal", _("Normal")
    SPOTS = "spots", _("Spots or blisters")


class StoolAtHome(models.TextChoices):
    NORMAL = "normal", _("Normal")
    LOOSE = "loose", _("Loose or watery")
    NONE = "none", _("None since yesterday")
    UNKNOWN = "unknown", _("Not known")


class CheckOutcome(models.TextChoices):
    CLEARED = "cleared", _("Cleared")
    WATCH = "watch", _("Watch")
    SENT_HOME = "sent_home", _("Sent home")


class DailyHealthCheck(DayRecord):
    """One 晨检/午检/晚检 of a child on a centre-local ``day`` (one per session and day).

    ``temperature_c`` is stored exactly as entered (one decimal, °C, 34.0–43.0).
    """

    day = models.DateField(_("day"))
    session = models.CharField(_("session"), max_length=10, choices=CheckSession.choices)
    checked_at = models.DateTimeField(_("checked at"))
    temperature_c = models.DecimalField(
        _("temperature (°C)"),
        max_digits=4,
        decimal_places=1,
        validators=[validate_temperature_c],
    )
    temperature_site = models.CharField(
        _("site"), max_length=10, choices=TemperatureSite.choices, default=TemperatureSite.AXILLARY
    )
    mood = models.CharField(
        _("mood"), max_length=10, choices=MoodFinding.choices, default=MoodFinding.NORMAL
    )
    skin = models.CharField(
        _("skin and rash"), max_length=10, choices=SkinFinding.choices, default=SkinFinding.NORMAL
    )
    eyes = models.CharField(
        _("eyes"), max_length=10, choices=EyesFinding.choices, default=EyesFinding.NORMAL
    )
    mouth_throat = models.CharField(
        _("mouth and throat"),
        max_length=10,
        choices=ThroatFinding.choices,
        default=ThroatFinding.NORMAL,
    )
    hands_feet = models.CharField(
        _("hands and feet"),
        max_length=10,
        choices=HandsFeetFinding.choices,
        default=HandsFeetFinding.NORMAL,
    )
    cough = models.BooleanField(_("cough"), default=False)
    runny_nose = models.BooleanField(_("runny nose"), default=False)
    stool_at_home = models.CharField(
        _("stool at home"), max_length=10, choices=StoolAtHome.choices, default=StoolAtHome.NORMAL
    )
    medicines_brought = models.BooleanField(_("medicines brought"), default=False)
    outcome = models.CharField(_("outcome"), max_length=10, choices=CheckOutcome.choices)

    class Meta:
        verbose_name = _("daily health check")
        verbose_name_plural = _("daily health checks")
        ordering = ["-day", "session"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "day", "session"], name="dailycheck_one_per_session"
            ),
        ]
        indexes = [models.Index(fields=["centre", "day"], name="dailycheck_centre_day")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.day} {self.session}"

    @property
    def findings(self) -> list[str]:
        """Translated labels of every abnormal checklist item (empty when all normal)."""
        out: list[str] = []
        for field in ("mood", "skin", "eyes", "mouth_throat", "hands_feet"):
            if getattr(self, field) != "normal":
                out.append(str(getattr(self, f"get_{field}_display")()))
        if self.cough:
            out.append(str(_("cough")))
        if self.runny_nose:
            out.append(str(_("runny nose")))
        if self.stool_at_home == StoolAtHome.LOOSE:
            out.append(str(_("loose stool at home")))
        if self.medicines_brought:
            out.append(str(_("medicines brought")))
        return out


class HealthRuleSettings(models.Model):
    """A centre's thresholds for the health rules over daily records (defaults as the issue).

    The defaults are the rules' own constants; their sources are in ``health_records.rules``
    next to each rule. The director or the centre doctor changes them through
    ``services.care_rules.health_rule_settings_update`` (``version`` guards against two editors).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.OneToOneField(
        "health_records.Centre", on_delete=models.CASCADE, related_name="health_rule_settings"
    )
    fever_axillary_c = models.DecimalField(
        _("fever from (°C, axillary)"),
        max_digits=3,
        decimal_places=1,
        default=FEVER_AXILLARY_C,
        validators=[MinValueValidator(Decimal("37.0")), MaxValueValidator(Decimal("39.0"))],
    )
    low_temperature_c = models.DecimalField(
        _("low temperature below (°C)"),
        max_digits=3,
        decimal_places=1,
        default=LOW_TEMPERATURE_C,
        validators=[MinValueValidator(Decimal("34.0")), MaxValueValidator(Decimal("36.0"))],
    )
    loose_stools_in_24h = models.PositiveSmallIntegerField(
        _("loose stools in 24 hours"),
        default=LOOSE_STOOLS_IN_24H,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
    )
    vomits_per_day = models.PositiveSmallIntegerField(
        _("vomits in a day"),
        default=VOMITS_PER_DAY,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    refused_meals_in_row = models.PositiveSmallIntegerField(
        _("refused meals in a row"),
        default=REFUSED_MEALS_IN_ROW,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("health rule settings")
        verbose_name_plural = _("health rule settings")

    def __str__(self) -> str:
        return f"{self.centre_id}"
