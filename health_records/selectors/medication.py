"""Today's medication doses for the staff: given, due, or overdue (30 minutes after the time)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from health_records.models import (
    MedicationAdministration,
    MedicationRequest,
    MedicationRequestStatus,
    StaffRole,
)
from health_records.services.medication import DOSE_OVERDUE_AFTER, scheduled_doses

from .access import Viewer
from .centre import NotStaff

OVERDUE_AFTER = DOSE_OVERDUE_AFTER
"""A dose not recorded 30 minutes after its time shows up as overdue for the nurse (and the
missed-dose check, ``services.medication.medication_missed_doses_alert``, alerts it)."""


@dataclass(frozen=True)
class Dose:
    """One scheduled dose of a confirmed request and what was recorded for it."""

    request: MedicationRequest
    scheduled_for: dt.datetime
    administration: MedicationAdministration | None
    status: str  # recorded / upcoming / due / overdue

    @property
    def child(self) -> object:
        return self.request.child


def dose_status(scheduled_for: dt.datetime, recorded: bool, now: dt.datetime) -> str:
    """``recorded``; else ``upcoming`` before the time, ``due`` for 30 min, then ``overdue``."""
    if recorded:
        return "recorded"
    if now < scheduled_for:
        return "upcoming"
    return "due" if now < scheduled_for + OVERDUE_AFTER else "overdue"


def medication_doses_for_day(viewer: Viewer, day: dt.date, now: dt.datetime) -> list[Dose]:
    """Every dose of the viewer's centre on ``day`` (caregivers: their rooms), time order.

    Two queries (confirmed requests covering the day; their administrations that day).
    Raises :class:`NotStaff` for a non-staff viewer.
    """
    if viewer.membership is None:
        raise NotStaff
    requests = (
        MedicationRequest.objects.filter(
            centre_id=viewer.membership.centre_id,
            status=MedicationRequestStatus.CONFIRMED,
            start_date__lte=day,
            end_date__gte=day,
        )
        .select_related("child__classroom", "centre")
        .order_by("child__family_name")
    )
    if viewer.membership.role == StaffRole.CAREGIVER:
        requests = requests.filter(child__classroom__caregivers=viewer.membership)
    found = list(requests)
    given = {
        (a.request_id, a.scheduled_for): a
        for a in MedicationAdministration.objects.filter(request__in=found)
    }
    doses = []
    for request in found:
        for when in scheduled_doses(request, day):
            record = given.get((request.pk, when))
            doses.append(Dose(request, when, record, dose_status(when, record is not None, now)))
    return sorted(doses, key=lambda dose: dose.scheduled_for)
