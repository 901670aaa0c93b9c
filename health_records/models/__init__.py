"""medcare models, one module per area (STYLE.md: no god models)."""

from .audit import AccessLog
from .centre import Centre, Classroom, ClassType, StaffMembership, StaffRole
from .child import CarePlan, Child, GuardianRelationship, Guardianship, Sex
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
]
