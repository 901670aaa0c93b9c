"""medcare models, one module per area (STYLE.md: no god models)."""

from .attendance import AbsenceReason, Attendance, AuthorisedPickup
from .audit import AccessLog
from .care import (
    AmountEaten,
    BottleFeedRecord,
    CareNote,
    MealRecord,
    MealType,
    MilkType,
    Mood,
    MoodRecord,
    SleepRecord,
    StoolType,
    ToiletingKind,
    ToiletingRecord,
    VomitRecord,
    WaterRecord,
)
from .centre import Centre, Classroom, ClassType, StaffMembership, StaffRole
from .checks import (
    CheckOutcome,
    CheckSession,
    DailyHealthCheck,
    HealthRuleSettings,
    TemperatureSite,
)
from .child import CarePlan, Child, GuardianRelationship, Guardianship, Sex
from .health_check import HealthCheck, HealthCheckType, ScreeningResult
from .injury import InjuryIncident, InjurySeverity
from .medication import (
    AdministrationOutcome,
    MedicationAdministration,
    MedicationRequest,
    MedicationRequestStatus,
    MedicationRoute,
)
from .ops import WorkerHeartbeat

__all__ = [
    "AccessLog",
    "CarePlan",
    "Centre",
    "Child",
    "Classroom",
    "ClassType",
    "Guardianship",
    "GuardianRelationship",
    "Sex",
    "StaffMembership",
    "StaffRole",
    "WorkerHeartbeat",
    # issue 5: the caregiver's and nurse's day
    "AbsenceReason",
    "AdministrationOutcome",
    "AmountEaten",
    "Attendance",
    "AuthorisedPickup",
    "BottleFeedRecord",
    "CareNote",
    "CheckOutcome",
    "CheckSession",
    "DailyHealthCheck",
    "HealthCheck",
    "HealthCheckType",
    "HealthRuleSettings",
    "InjuryIncident",
    "InjurySeverity",
    "MealRecord",
    "MealType",
    "MedicationAdministration",
    "MedicationRequest",
    "MedicationRequestStatus",
    "MedicationRoute",
    "MilkType",
    "Mood",
    "MoodRecord",
    "ScreeningResult",
    "SleepRecord",
    "StoolType",
    "TemperatureSite",
    "ToiletingKind",
    "ToiletingRecord",
    "VomitRecord",
    "WaterRecord",
]
