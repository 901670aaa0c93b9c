"""Daily care records (一日生活记录): meals, bottle feeds, water, sleep, toileting, mood, vomiting,
free notes. All point records have an aware ``occurred_at``; a sleep is the half-open interval
[``start_at``, ``end_at``). Day boundaries are the centre's (see ``selectors.care``).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .record_base import DayRecord

VOLUME_MAX_ML = 500
"""One bottle or cup above 500 ml is a typing error for a child under three."""


class MealType(models.TextChoices):
    BREAKFAST = "breakfast", _("Breakfast")
    MORNING_SNACK = "morning_snack", _("Morning snack")
    LUNCH = "lunch", _("Lunch")
    AFTERNOON_SNACK = "afternoon_snack", _("Afternoon snack")
    DINNER = "dinner", _("Dinner")


class AmountEaten(models.TextChoices):
    """进食量, in five steps."""

    ALL = "all", _("All")
    MOST = "most", _("Most")
    HALF = "half", _("Half")
    LITTLE = "little", _("Little")
    REFUSED = "refused", _("Refused")


class MealRecord(DayRecord):
    """How much of one meal a child ate (one record per meal type and centre-local day)."""

    day = models.DateField(_("day"))
    meal_type = models.CharField(_("meal"), max_length=20, choices=MealType.choices)
    occurred_at = models.DateTimeField(_("time"))
    amount_eaten = models.CharField(_("amount eaten"), max_length=10, choices=AmountEaten.choices)

    class Meta:
        verbose_name = _("meal")
        verbose_name_plural = _("meals")
        ordering = ["occurred_at"]
        constraints = [
            models.UniqueConstraint(fields=["child", "day", "meal_type"], name="meal_one_per_day"),
        ]
        indexes = [models.Index(fields=["centre", "occurred_at"], name="meal_centre_time")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.day} {self.meal_type}"


class MilkType(models.TextChoices):
    BREAST_MILK = "breast_milk", _("Expressed breast milk")
    FORMULA = "formula", _("Formula")
    COW_MILK = "cow_milk", _("Cow's milk")
    OTHER = "other", _("Other milk")


class BottleFeedRecord(DayRecord):
    """One bottle feed: ``volume_ml`` (1–500) of ``milk_type``."""

    occurred_at = models.DateTimeField(_("time"))
    volume_ml = models.PositiveSmallIntegerField(
        _("volume (ml)"), validators=[MinValueValidator(1), MaxValueValidator(VOLUME_MAX_ML)]
    )
    milk_type = models.CharField(_("milk"), max_length=20, choices=MilkType.choices)

    class Meta:
        verbose_name = _("bottle feed")
        verbose_name_plural = _("bottle feeds")
        ordering = ["occurred_at"]
        indexes = [models.Index(fields=["centre", "occurred_at"], name="bottle_centre_time")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.occurred_at:%Y-%m-%d %H:%M} {self.volume_ml} ml"


class WaterRecord(DayRecord):
    """Water drunk: ``volume_ml`` (1–500)."""

    occurred_at = models.DateTimeField(_("time"))
    volume_ml = models.PositiveSmallIntegerField(
        _("volume (ml)"), validators=[MinValueValidator(1), MaxValueValidator(VOLUME_MAX_ML)]
    )

    class Meta:
        verbose_name = _("water")
        verbose_name_plural = _("water")
        ordering = ["occurred_at"]
        indexes = [models.Index(fields=["centre", "occurred_at"], name="water_centre_time")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.occurred_at:%Y-%m-%d %H:%M} {self.volume_ml} ml"


class SleepRecord(DayRecord):
    """A sleep, the half-open interval [``start_at``, ``end_at``); ``end_at`` blank while asleep.

    Two sleeps of one child may touch but not overlap (the service refuses an overlap).
    ``at_home``: a sleep at home as the guardian reported it at the morning check (晨检), e.g.
    last night's; it needs no attendance but always has an end.
    """

    start_at = models.DateTimeField(_("fell asleep"))
    end_at = models.DateTimeField(_("woke up"), null=True, blank=True)
    at_home = models.BooleanField(
        _("at home (reported by the guardian)"), default=False, editable=False
    )

    class Meta:
        verbose_name = _("sleep")
        verbose_name_plural = _("sleeps")
        ordering = ["start_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__isnull=True) | Q(end_at__gt=F("start_at")),
                name="sleep_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(at_home=False) | Q(end_at__isnull=False),
                name="sleep_at_home_has_end",
            ),
        ]
        indexes = [models.Index(fields=["centre", "start_at"], name="sleep_centre_start")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.start_at:%Y-%m-%d %H:%M}"


class ToiletingKind(models.TextChoices):
    WET = "wet", _("Wet nappy")
    DIRTY = "dirty", _("Dirty nappy")
    BOTH = "both", _("Wet and dirty")
    POTTY = "potty", _("Potty / toilet")


class StoolType(models.TextChoices):
    """Stool consistency in four steps (after the Bristol / Amsterdam infant stool scales)."""

    HARD = "hard", _("Hard")
    FORMED = "formed", _("Formed (normal)")
    LOOSE = "loose", _("Loose")
    WATERY = "watery", _("Watery")


class ToiletingRecord(DayRecord):
    """A nappy change or potty visit; ``stool_type`` when there was a stool."""

    occurred_at = models.DateTimeField(_("time"))
    kind = models.CharField(_("kind"), max_length=10, choices=ToiletingKind.choices)
    stool_type = models.CharField(_("stool"), max_length=10, choices=StoolType.choices, blank=True)

    class Meta:
        verbose_name = _("toileting")
        verbose_name_plural = _("toileting")
        ordering = ["occurred_at"]
        indexes = [models.Index(fields=["centre", "occurred_at"], name="toilet_centre_time")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.occurred_at:%Y-%m-%d %H:%M} {self.kind}"

    @property
    def is_loose_stool(self) -> bool:
        return self.stool_type in (StoolType.LOOSE, StoolType.WATERY)


class Mood(models.TextChoices):
    HAPPY = "happy", _("Happy")
    CALM = "calm", _("Calm")
    TIRED = "tired", _("Tired")
    UPSET = "upset", _("Upset, crying")
    UNWELL = "unwell", _("Seems unwell")


class MoodRecord(DayRecord):
    """The child's mood at a moment."""

    occurred_at = models.DateTimeField(_("time"))
    mood = models.CharField(_("mood"), max_length=10, choices=Mood.choices)

    class Meta:
        verbose_name = _("mood")
        verbose_name_plural = _("moods")
        ordering = ["occurred_at"]
        indexes = [models.Index(fields=["centre", "occurred_at"], name="mood_centre_time")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.occurred_at:%Y-%m-%d %H:%M} {self.mood}"


class VomitRecord(DayRecord):
    """One episode of vomiting (not a posset after a feed)."""

    occurred_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("vomiting")
        verbose_name_plural = _("vomiting")
        ordering = ["occurred_at"]
        indexes = [models.Index(fields=["centre", "occurred_at"], name="vomit_centre_time")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.occurred_at:%Y-%m-%d %H:%M}"


class CareNote(DayRecord):
    """A free note about the child's day (``note`` is required here)."""

    occurred_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("care note")
        verbose_name_plural = _("care notes")
        ordering = ["occurred_at"]
        indexes = [models.Index(fields=["centre", "occurred_at"], name="carenote_centre_time")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.occurred_at:%Y-%m-%d %H:%M}"
