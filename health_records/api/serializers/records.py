"""Serializers of the day's records (issue 5) and symptom flags (issue 6).

``*In``: the body of a create (POST), validated here for shape and type only; every clinical
rule (presence, time, duplicates, permissions) is the service's. ``*Update``: the body of a
PATCH: ``version`` (the version the client was shown; required unless the ``If-Match`` header
names it) and any of the editable fields; only the fields sent are changed. ``*Out``: what the
API returns. Times are ISO 8601 with a time zone (a naive time is refused by the service),
temperatures in °C as decimal strings, volumes in ml, haemoglobin in g/L.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from health_records.models import (
    AbsenceReason,
    AdministrationOutcome,
    AmountEaten,
    Attendance,
    BottleFeedRecord,
    CareNote,
    CheckOutcome,
    CheckSession,
    DailyHealthCheck,
    HealthCheck,
    HealthCheckType,
    InjuryIncident,
    InjuryOutcome,
    InjurySeverity,
    MealRecord,
    MealType,
    MedicationAdministration,
    MedicationRequest,
    MedicationRoute,
    MilkType,
    Mood,
    MoodRecord,
    ScreeningResult,
    SleepRecord,
    StoolType,
    Symptom,
    SymptomFlag,
    SymptomSeverity,
    TemperatureSite,
    ToiletingKind,
    ToiletingRecord,
    VomitRecord,
    WaterRecord,
)
from health_records.models.checks import (
    EyesFinding,
    HandsFeetFinding,
    MoodFinding,
    SkinFinding,
    StoolAtHome,
    ThroatFinding,
)

from .base import ModelOut

Ser = serializers.Serializer[Any]
DAY_RECORD_FIELDS = ["id", "child", "centre", "recorded_by", "note", "created_at", "updated_at"]
VERSION_FIELDS = ["version"]
DUE_STATUSES = [("ok", "ok"), ("due", "due"), ("overdue", "overdue")]


def versioned_update(base: type[Ser], name: str, *, exclude: tuple[str, ...] = ("child",)) -> Any:
    """A PATCH serializer from a create serializer: ``version`` (required unless ``If-Match``
    names it: the view decides, ``api.conditional``), every other field optional without a
    default (so only the fields sent become changes), ``exclude`` dropped."""
    attrs: dict[str, Any] = {}
    for field_name, field in base._declared_fields.items():
        if field_name in exclude:
            continue
        # DRF re-instantiates fields from their constructor arguments when it copies them,
        # so build the optional twin from those arguments rather than by editing a copy.
        args: tuple[Any, ...] = getattr(field, "_args", ())
        given: dict[str, Any] = getattr(field, "_kwargs", {})
        kwargs = {k: v for k, v in given.items() if k not in ("default", "required")}
        attrs[field_name] = type(field)(*args, required=False, **kwargs)
    attrs["version"] = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=(
            "The version the client was shown; a stale one is a 409. Required unless the "
            "If-Match header names it (both given: they must agree, else 412)."
        ),
    )
    attrs["__doc__"] = f"PATCH body of {base.__name__[:-2]}: version plus the fields to change."
    return type(name, (serializers.Serializer,), attrs)


def _note() -> serializers.CharField:
    return serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class VersionIn(Ser):
    version = serializers.IntegerField(min_value=1)


# --- attendance ------------------------------------------------------------------------------


class AttendanceOut(ModelOut[Attendance]):
    """``absence_reason`` is blank for a child who came."""

    absence_reason = serializers.ChoiceField(
        choices=AbsenceReason.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Attendance
        fields = [
            *DAY_RECORD_FIELDS,
            "day",
            "checked_in_at",
            "dropped_off_by",
            "checked_out_at",
            "picked_up_by",
            "absence_reason",
            "sick_symptoms",
            "sick_diagnosis",
            "possibly_infectious",
            "follow_up_at",
            "follow_up_note",
            "escalated_at",
            "cleared_at",
            "clearance_note",
            *VERSION_FIELDS,
        ]
        read_only_fields = fields


class CheckInIn(Ser):
    child = serializers.UUIDField()
    at = serializers.DateTimeField()
    dropped_off_by = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )


class CheckOutIn(Ser):
    at = serializers.DateTimeField()
    picked_up_by = serializers.UUIDField(help_text="An authorised pick-up person of the child.")
    version = serializers.IntegerField(min_value=1)


class AbsenceIn(Ser):
    child = serializers.UUIDField()
    day = serializers.DateField()
    reason = serializers.ChoiceField(choices=AbsenceReason.choices)
    note = _note()
    sick_symptoms = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    sick_diagnosis = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    possibly_infectious = serializers.BooleanField(required=False, default=False)


class FollowUpIn(Ser):
    note = serializers.CharField(max_length=500, allow_blank=True)
    version = serializers.IntegerField(min_value=1)


# --- daily health checks ---------------------------------------------------------------------


class DailyHealthCheckOut(ModelOut[DailyHealthCheck]):
    class Meta:
        model = DailyHealthCheck
        fields = [
            *DAY_RECORD_FIELDS,
            "day",
            "session",
            "checked_at",
            "temperature_c",
            "temperature_site",
            "mood",
            "skin",
            "eyes",
            "mouth_throat",
            "hands_feet",
            "cough",
            "runny_nose",
            "stool_at_home",
            "medicines_brought",
            "outcome",
            *VERSION_FIELDS,
        ]
        read_only_fields = fields


class DailyHealthCheckIn(Ser):
    """``temperature_c``: °C as measured, one decimal at most (e.g. ``"37.4"``); a value that
    looks like Fahrenheit is refused with ``temperature_fahrenheit``."""

    child = serializers.UUIDField()
    session = serializers.ChoiceField(choices=CheckSession.choices)
    checked_at = serializers.DateTimeField()
    temperature_c = serializers.CharField(max_length=8)
    temperature_site = serializers.ChoiceField(
        choices=TemperatureSite.choices, required=False, default=TemperatureSite.AXILLARY
    )
    outcome = serializers.ChoiceField(choices=CheckOutcome.choices)
    note = _note()
    mood = serializers.ChoiceField(choices=MoodFinding.choices, required=False)
    skin = serializers.ChoiceField(choices=SkinFinding.choices, required=False)
    eyes = serializers.ChoiceField(choices=EyesFinding.choices, required=False)
    mouth_throat = serializers.ChoiceField(choices=ThroatFinding.choices, required=False)
    hands_feet = serializers.ChoiceField(choices=HandsFeetFinding.choices, required=False)
    cough = serializers.BooleanField(required=False)
    runny_nose = serializers.BooleanField(required=False)
    stool_at_home = serializers.ChoiceField(choices=StoolAtHome.choices, required=False)
    medicines_brought = serializers.BooleanField(required=False)


DailyHealthCheckUpdate = versioned_update(
    DailyHealthCheckIn, "DailyHealthCheckUpdate", exclude=("child", "session")
)


# --- daily care ------------------------------------------------------------------------------


class MealOut(ModelOut[MealRecord]):
    class Meta:
        model = MealRecord
        fields = [*DAY_RECORD_FIELDS, "day", "meal_type", "occurred_at", "amount_eaten", "version"]
        read_only_fields = fields


class MealIn(Ser):
    child = serializers.UUIDField()
    meal_type = serializers.ChoiceField(choices=MealType.choices)
    amount_eaten = serializers.ChoiceField(choices=AmountEaten.choices)
    occurred_at = serializers.DateTimeField()
    note = _note()


class ClassroomMealExceptionIn(Ser):
    """A child who ate otherwise than the room's ``default_amount``."""

    child = serializers.UUIDField()
    amount_eaten = serializers.ChoiceField(choices=AmountEaten.choices)


class ClassroomMealsIn(Ser):
    """ "Everyone ate ``default_amount`` (most), then the exceptions": one meal record per child
    present at ``occurred_at`` without one yet for ``meal_type`` that day."""

    meal_type = serializers.ChoiceField(choices=MealType.choices)
    occurred_at = serializers.DateTimeField()
    default_amount = serializers.ChoiceField(
        choices=AmountEaten.choices, required=False, default=AmountEaten.MOST
    )
    exceptions = ClassroomMealExceptionIn(many=True, required=False, default=list)

    def validate_exceptions(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        children = [item["child"] for item in value]
        if len(set(children)) != len(children):
            raise serializers.ValidationError(
                _("Name each child at most once among the exceptions."), code="duplicate_child"
            )
        return value


class BottleFeedOut(ModelOut[BottleFeedRecord]):
    class Meta:
        model = BottleFeedRecord
        fields = [*DAY_RECORD_FIELDS, "occurred_at", "volume_ml", "milk_type", "version"]
        read_only_fields = fields


class BottleFeedIn(Ser):
    child = serializers.UUIDField()
    occurred_at = serializers.DateTimeField()
    volume_ml = serializers.IntegerField(min_value=1, max_value=500)
    milk_type = serializers.ChoiceField(choices=MilkType.choices)
    note = _note()


class WaterOut(ModelOut[WaterRecord]):
    class Meta:
        model = WaterRecord
        fields = [*DAY_RECORD_FIELDS, "occurred_at", "volume_ml", "version"]
        read_only_fields = fields


class WaterIn(Ser):
    child = serializers.UUIDField()
    occurred_at = serializers.DateTimeField()
    volume_ml = serializers.IntegerField(min_value=1, max_value=500)
    note = _note()


class SleepOut(ModelOut[SleepRecord]):
    class Meta:
        model = SleepRecord
        fields = [*DAY_RECORD_FIELDS, "start_at", "end_at", "at_home", "version"]
        read_only_fields = fields


class SleepIn(Ser):
    """A sleep [``start_at``, ``end_at``); leave ``end_at`` out while the child sleeps."""

    child = serializers.UUIDField()
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = _note()


class SleepAtHomeIn(Ser):
    """Last night's sleep at home as the guardian reported it at the morning check: fell
    asleep (``start_at``), woke up (``end_at``); no check-in needed, at most 16 hours."""

    child = serializers.UUIDField()
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField()
    note = _note()


class SleepEndIn(Ser):
    end_at = serializers.DateTimeField()
    version = serializers.IntegerField(min_value=1)


class ToiletingOut(ModelOut[ToiletingRecord]):
    """``stool_type`` is blank for a wet nappy."""

    stool_type = serializers.ChoiceField(
        choices=StoolType.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = ToiletingRecord
        fields = [*DAY_RECORD_FIELDS, "occurred_at", "kind", "stool_type", "version"]
        read_only_fields = fields


class ToiletingIn(Ser):
    child = serializers.UUIDField()
    occurred_at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=ToiletingKind.choices)
    stool_type = serializers.ChoiceField(
        choices=StoolType.choices, required=False, allow_blank=True, default=""
    )
    note = _note()


class MoodOut(ModelOut[MoodRecord]):
    class Meta:
        model = MoodRecord
        fields = [*DAY_RECORD_FIELDS, "occurred_at", "mood", "version"]
        read_only_fields = fields


class MoodIn(Ser):
    child = serializers.UUIDField()
    occurred_at = serializers.DateTimeField()
    mood = serializers.ChoiceField(choices=Mood.choices)
    note = _note()


class VomitOut(ModelOut[VomitRecord]):
    class Meta:
        model = VomitRecord
        fields = [*DAY_RECORD_FIELDS, "occurred_at", "version"]
        read_only_fields = fields


class VomitIn(Ser):
    child = serializers.UUIDField()
    occurred_at = serializers.DateTimeField()
    note = _note()


class CareNoteOut(ModelOut[CareNote]):
    class Meta:
        model = CareNote
        fields = [*DAY_RECORD_FIELDS, "occurred_at", "version"]
        read_only_fields = fields


class CareNoteIn(Ser):
    child = serializers.UUIDField()
    occurred_at = serializers.DateTimeField()
    note = serializers.CharField(max_length=500)


MealUpdate = versioned_update(MealIn, "MealUpdate")
BottleFeedUpdate = versioned_update(BottleFeedIn, "BottleFeedUpdate")
WaterUpdate = versioned_update(WaterIn, "WaterUpdate")
SleepUpdate = versioned_update(SleepIn, "SleepUpdate")
ToiletingUpdate = versioned_update(ToiletingIn, "ToiletingUpdate")
MoodUpdate = versioned_update(MoodIn, "MoodUpdate")
VomitUpdate = versioned_update(VomitIn, "VomitUpdate")
CareNoteUpdate = versioned_update(CareNoteIn, "CareNoteUpdate")


# --- health checks, injuries -----------------------------------------------------------------


class HealthCheckOut(ModelOut[HealthCheck]):
    class Meta:
        model = HealthCheck
        fields = [
            *DAY_RECORD_FIELDS,
            "examined_on",
            "check_type",
            "haemoglobin_g_per_l",
            "vision",
            "hearing",
            "dental_caries_count",
            "development_notes",
            "conclusion",
            "referral",
            "version",
        ]
        read_only_fields = fields


class HealthCheckDueQuery(Ser):
    """``classroom``: only that classroom's children (optional)."""

    classroom = serializers.UUIDField(required=False)


class HealthCheckDueOut(Ser):
    """One child due (within 30 days) or overdue for an examination or a haemoglobin test, on
    the centre's today. Statuses: ``ok`` / ``due`` / ``overdue``."""

    child = serializers.UUIDField(source="child.pk")
    classroom = serializers.UUIDField(source="child.classroom_id", allow_null=True)
    age_months = serializers.IntegerField()
    last_check_on = serializers.DateField(allow_null=True)
    last_haemoglobin_on = serializers.DateField(allow_null=True)
    check_due_on = serializers.DateField(source="due.check_due_on")
    check_status = serializers.ChoiceField(choices=DUE_STATUSES, source="due.check_status")
    haemoglobin_due_on = serializers.DateField(source="due.haemoglobin_due_on")
    haemoglobin_status = serializers.ChoiceField(
        choices=DUE_STATUSES, source="due.haemoglobin_status"
    )


class HealthCheckIn(Ser):
    """``haemoglobin_g_per_l`` in g/L (30–250)."""

    child = serializers.UUIDField()
    examined_on = serializers.DateField()
    check_type = serializers.ChoiceField(choices=HealthCheckType.choices)
    conclusion = serializers.CharField(max_length=1000)
    haemoglobin_g_per_l = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, default=None
    )
    vision = serializers.ChoiceField(
        choices=ScreeningResult.choices, required=False, default=ScreeningResult.NOT_DONE
    )
    hearing = serializers.ChoiceField(
        choices=ScreeningResult.choices, required=False, default=ScreeningResult.NOT_DONE
    )
    dental_caries_count = serializers.IntegerField(
        min_value=0, max_value=20, required=False, allow_null=True, default=None
    )
    development_notes = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default=""
    )
    referral = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    note = _note()


class InjuryOut(ModelOut[InjuryIncident]):
    class Meta:
        model = InjuryIncident
        fields = [
            *DAY_RECORD_FIELDS,
            "occurred_at",
            "place",
            "description",
            "body_part",
            "severity",
            "first_aid",
            "parent_informed_at",
            "follow_up",
            "review_note",
            "outcome",
            "reviewed_by",
            "reviewed_at",
            "version",
        ]
        read_only_fields = fields


class InjuryIn(Ser):
    child = serializers.UUIDField()
    occurred_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=1000)
    body_part = serializers.CharField(max_length=100)
    severity = serializers.ChoiceField(choices=InjurySeverity.choices)
    first_aid = serializers.CharField(max_length=500)
    parent_informed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    follow_up = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class InjuryFollowUpIn(Ser):
    """The follow-up of an injury (``injury_incident_follow_up``). ``follow_up`` and
    ``parent_informed_at``: the centre doctor, a nurse, the director or the caregiver who
    recorded the incident; ``review_note`` and ``outcome`` (the medical review): the doctor or a
    nurse only (403 ``medical_only``)."""

    follow_up = serializers.CharField(max_length=500, allow_blank=True)
    parent_informed_at = serializers.DateTimeField(allow_null=True)
    review_note = serializers.CharField(max_length=500, allow_blank=True)
    outcome = serializers.ChoiceField(choices=InjuryOutcome.choices, allow_blank=True)


InjuryFollowUpUpdate = versioned_update(InjuryFollowUpIn, "InjuryFollowUpUpdate", exclude=())
InjuryFollowUpUpdate.__doc__ = (
    "PATCH body of an injury's follow-up: version plus the fields to change (the others keep "
    "their stored value). Who may write which field: as ``injury_incident_follow_up``."
)


class _InjuryEditIn(InjuryIn):
    review_note = serializers.CharField(max_length=500, allow_blank=True)
    outcome = serializers.ChoiceField(choices=InjuryOutcome.choices, allow_blank=True)


InjuryUpdate = versioned_update(_InjuryEditIn, "InjuryUpdate", exclude=("child", "severity"))
InjuryUpdate.__doc__ = (
    "PATCH body of an injury: version plus the fields to change. Follow-up fields alone "
    "(``follow_up``, ``parent_informed_at``, ``review_note``, ``outcome``) are the follow-up, "
    "with its rules (``injury_incident_follow_up``); the others correct the record "
    "(``first_aid``, ``description``, ``note``; ``injury_incident_update``); both at once: 400 "
    "``follow_up_separately``."
)


# --- medication ------------------------------------------------------------------------------


class MedicationRequestOut(ModelOut[MedicationRequest]):
    class Meta:
        model = MedicationRequest
        fields = [
            "id",
            "child",
            "centre",
            "requested_by",
            "drug_name",
            "dose",
            "route",
            "times",
            "start_date",
            "end_date",
            "reason",
            "instructions",
            "status",
            "guardian_confirmed_at",
            "created_at",
            "version",
        ]
        read_only_fields = fields


class MedicationRequestIn(Ser):
    """``times``: centre-local times of day (``"08:30"``), 1–6; ``confirm``: the guardian's
    confirmation (otherwise the request awaits it)."""

    child = serializers.UUIDField()
    drug_name = serializers.CharField(max_length=200)
    dose = serializers.CharField(max_length=100)
    times = serializers.ListField(child=serializers.TimeField(), max_length=6)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    route = serializers.ChoiceField(
        choices=MedicationRoute.choices, required=False, default=MedicationRoute.ORAL
    )
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    instructions = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )
    confirm = serializers.BooleanField(required=False, default=False)


class MedicationAdministrationOut(ModelOut[MedicationAdministration]):
    class Meta:
        model = MedicationAdministration
        fields = [
            *DAY_RECORD_FIELDS,
            "request",
            "scheduled_for",
            "given_at",
            "outcome",
            "version",
        ]
        read_only_fields = fields


class MedicationAdministrationIn(Ser):
    request = serializers.UUIDField(help_text="A confirmed medication request.")
    scheduled_for = serializers.DateTimeField()
    given_at = serializers.DateTimeField()
    outcome = serializers.ChoiceField(choices=AdministrationOutcome.choices)
    note = _note()


# --- symptom flags ---------------------------------------------------------------------------


class SymptomFlagOut(ModelOut[SymptomFlag]):
    """``raised_by`` null and ``rule`` set: raised by a health rule."""

    class Meta:
        model = SymptomFlag
        fields = [
            "id",
            "child",
            "centre",
            "classroom",
            "symptom",
            "severity",
            "observed_at",
            "temperature_c",
            "note",
            "raised_by",
            "rule",
            "alert",
            "created_at",
        ]
        read_only_fields = fields


class SymptomFlagIn(Ser):
    """``temperature_c`` in °C (30.0–43.5), one decimal."""

    child = serializers.UUIDField()
    symptom = serializers.ChoiceField(choices=Symptom.choices)
    severity = serializers.ChoiceField(choices=SymptomSeverity.choices)
    observed_at = serializers.DateTimeField()
    temperature_c = serializers.DecimalField(
        max_digits=3, decimal_places=1, required=False, allow_null=True, default=None
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
