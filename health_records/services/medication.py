"""Medication on a guardian's written request (委托喂药) and the record of each dose.

Source of the workflow: 《托儿所幼儿园卫生保健工作规范》 (2012) and 《托育机构保育指导大纲（试行）》
(2021): centres give medicines only on the guardian's written request naming drug, dose, times
and dates, and record every administration with who gave it.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from health_records.exceptions import DomainError, PermissionDeniedError
from health_records.models import (
    Child,
    Guardianship,
    MedicationAdministration,
    MedicationRequest,
    MedicationRequestStatus,
)

from .consent import consent_require
from .day_common import (
    local_day,
    lock_for_update,
    require_not_future,
    require_present,
    require_recordable,
    save_new,
    save_update,
)

MAX_COURSE_DAYS = 14
"""A request covers at most two weeks; a longer course needs a new request (and a doctor's look)."""
MAX_TIMES_PER_DAY = 6


def _require_guardian(user: User, child: Child) -> None:
    if not Guardianship.objects.filter(user=user, child=child).exists():
        raise PermissionDeniedError(
            "not_guardian", _("Only the child's guardian can request or confirm medication.")
        )


def scheduled_doses(request: MedicationRequest, day: dt.date) -> list[dt.datetime]:
    """Dose times on centre-local ``day`` as aware datetimes; [] outside the request's dates."""
    if not (request.start_date <= day <= request.end_date):
        return []
    tz = request.centre.tz
    return sorted(
        dt.datetime.combine(day, dt.time.fromisoformat(text)).replace(tzinfo=tz)
        for text in request.times
    )


@transaction.atomic
def medication_request_create(
    *,
    child: Child,
    requested_by: User,
    drug_name: str,
    dose: str,
    times: list[dt.time],
    start_date: dt.date,
    end_date: dt.date,
    route: str = "oral",
    reason: str = "",
    instructions: str = "",
    confirm: bool = False,
) -> MedicationRequest:
    """The guardian's written request; ``confirm=True`` is their confirmation in the app.

    ``times``: times of day (centre-local), 1–6 distinct. Dates: from today, at most 14 days.
    Raises ``PermissionDeniedError`` ``not_guardian``; ``DomainError`` ``times_required``,
    ``too_many_times``, ``start_in_past``, ``end_before_start``, ``course_too_long``.
    Side effect: one request (+ history), status ``confirmed`` when confirmed, else
    ``awaiting``.
    """
    _require_guardian(requested_by, child)
    consent_require(child=child)
    unique = sorted(set(times))
    if not unique:
        raise DomainError("times_required", _("Give at least one time of day."), field="times")
    if len(unique) > MAX_TIMES_PER_DAY:
        raise DomainError("too_many_times", _("At most six times a day."), field="times")
    today = timezone.localdate(timezone=child.centre.tz)
    if start_date < today:
        raise DomainError("start_in_past", _("The first day is in the past."), field="start_date")
    if end_date < start_date:
        raise DomainError(
            "end_before_start", _("The last day is before the first day."), field="end_date"
        )
    if (end_date - start_date).days + 1 > MAX_COURSE_DAYS:
        raise DomainError(
            "course_too_long", _("A request covers at most 14 days."), field="end_date"
        )
    return save_new(
        MedicationRequest(
            centre=child.centre,
            child=child,
            requested_by=requested_by,
            drug_name=drug_name.strip(),
            dose=dose.strip(),
            route=route,
            times=[t.strftime("%H:%M") for t in unique],
            start_date=start_date,
            end_date=end_date,
            reason=reason,
            instructions=instructions,
            status=MedicationRequestStatus.CONFIRMED
            if confirm
            else MedicationRequestStatus.AWAITING_CONFIRMATION,
            guardian_confirmed_at=timezone.now() if confirm else None,
        ),
        requested_by,
    )


@transaction.atomic
def medication_request_confirm(
    *, request: MedicationRequest, guardian: User, expected_version: int
) -> MedicationRequest:
    """The guardian confirms a request awaiting confirmation. Raises ``not_awaiting``, conflicts."""
    _require_guardian(guardian, request.child)
    locked = lock_for_update(request, expected_version)
    if locked.status != MedicationRequestStatus.AWAITING_CONFIRMATION:
        raise DomainError("not_awaiting", _("This request is not waiting for confirmation."))
    return save_update(
        locked,
        {"status": MedicationRequestStatus.CONFIRMED, "guardian_confirmed_at": timezone.now()},
        guardian,
        frozenset({"status", "guardian_confirmed_at"}),
    )


@transaction.atomic
def medication_administration_record(
    *,
    request: MedicationRequest,
    scheduled_for: dt.datetime,
    given_at: dt.datetime,
    outcome: str,
    recorded_by: User,
    note: str = "",
) -> MedicationAdministration:
    """Record what happened at one scheduled dose (given / refused / spat out / withheld).

    Raises ``DomainError``: ``request_not_confirmed`` (no guardian confirmation or cancelled),
    ``not_a_scheduled_dose``, ``dose_already_recorded``, ``child_not_present``, ``future_time``;
    ``PermissionDeniedError`` for a caregiver of another room.
    """
    child = request.child
    require_recordable(recorded_by, child)
    if request.status != MedicationRequestStatus.CONFIRMED:
        raise DomainError(
            "request_not_confirmed",
            _("The guardian has not confirmed this request: do not give the medicine."),
        )
    if scheduled_for not in scheduled_doses(request, local_day(request.centre, scheduled_for)):
        raise DomainError(
            "not_a_scheduled_dose",
            _("This is not one of the requested dose times."),
            field="scheduled_for",
        )
    require_not_future(given_at, "given_at")
    require_present(child, given_at, "given_at")
    if MedicationAdministration.objects.filter(
        request=request, scheduled_for=scheduled_for
    ).exists():
        raise DomainError("dose_already_recorded", _("This dose is already recorded."))
    return save_new(
        MedicationAdministration(
            centre=request.centre,
            child=child,
            request=request,
            scheduled_for=scheduled_for,
            given_at=given_at,
            outcome=outcome,
            note=note,
            recorded_by=recorded_by,
        ),
        recorded_by,
    )
