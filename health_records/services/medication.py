"""Medication on a guardian's written request (委托喂药) and the record of each dose.

Source of the workflow: 《托儿所幼儿园卫生保健工作规范》 (2012) and 《托育机构保育指导大纲（试行）》
(2021): centres give medicines only on the guardian's written request naming drug, dose, times
and dates, and record every administration with who gave it.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from health_records.exceptions import DomainError, PermissionDeniedError
from health_records.models import (
    AdministrationOutcome,
    Alert,
    AlertKind,
    AlertSeverity,
    AlertState,
    Attendance,
    Centre,
    Child,
    Guardianship,
    MedicationAdministration,
    MedicationRequest,
    MedicationRequestStatus,
)

from .alerts import alert_raise, alert_resolve
from .consent import consent_require
from .day_common import (
    day_bounds,
    edit_conflicts_recorded,
    local_day,
    lock_for_update,
    require_enrolled,
    require_not_future,
    require_present,
    require_recordable,
    save_new,
    save_update,
)

logger = logging.getLogger(__name__)

DOSE_OVERDUE_AFTER = dt.timedelta(minutes=30)
"""A dose not recorded 30 minutes after its time is overdue (listed for the nurse, and alerted)."""
MISSED_DOSE_LOOKBACK = dt.timedelta(hours=12)
"""How far back the missed-dose check looks: a beat outage of up to 12 h still alerts when the
worker is back; older doses are left to the day's medication list (no alert storm on start-up)."""
MISSED_DOSE_TITLE = gettext_noop("Medication dose not recorded (due %(time)s)")
DOSE_RECORDED_NOTES = {
    AdministrationOutcome.GIVEN: gettext_noop("Dose recorded at %(time)s: given."),
    AdministrationOutcome.REFUSED: gettext_noop("Dose recorded at %(time)s: refused by the child."),
    AdministrationOutcome.SPAT_OUT: gettext_noop("Dose recorded at %(time)s: spat out or vomited."),
    AdministrationOutcome.WITHHELD: gettext_noop("Dose recorded at %(time)s: withheld by staff."),
}
"""System notes on the missed-dose alert's timeline when the dose is recorded after all."""
REQUEST_CANCELLED_NOTE = gettext_noop("The medication request was cancelled.")

MAX_COURSE_DAYS = 14
"""A request covers at most two weeks; a longer course needs a new request (and a doctor's look)."""
MAX_TIMES_PER_DAY = 6


def require_guardian(user: User, child: Child) -> None:
    """Raise :class:`PermissionDeniedError` ``not_guardian`` unless ``user`` is a guardian of
    ``child`` (medication requests are the guardian's written instruction)."""
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
    require_guardian(requested_by, child)
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


@edit_conflicts_recorded(record="request", user="guardian")
@transaction.atomic
def medication_request_confirm(
    *, request: MedicationRequest, guardian: User, expected_version: int
) -> MedicationRequest:
    """The guardian confirms a request awaiting confirmation. Raises ``not_awaiting``, conflicts."""
    require_guardian(guardian, request.child)
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

    Only ``given`` needs the child checked in at ``given_at``; any other outcome (the child
    refused or spat it out, or staff withheld it, e.g. because the child had gone home or never
    came) is recorded whether or not the child is there, so a nurse can always close a dose.
    Any outcome resolves the dose's open missed-dose alert (a system note on its timeline).

    Raises ``DomainError``: ``request_not_confirmed`` (no guardian confirmation or cancelled),
    ``not_a_scheduled_dose``, ``dose_already_recorded``, ``child_not_present`` (``given``
    only), ``child_not_enrolled``, ``future_time``; ``PermissionDeniedError`` for a caregiver of
    another room.
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
    if outcome == AdministrationOutcome.GIVEN:
        require_present(child, given_at, "given_at")
    else:
        require_enrolled(child, local_day(request.centre, scheduled_for))
    if MedicationAdministration.objects.filter(
        request=request, scheduled_for=scheduled_for
    ).exists():
        raise DomainError("dose_already_recorded", _("This dose is already recorded."))
    record = save_new(
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
    missed = _active_missed_alert(missed_dose_dedup_key(request.pk, scheduled_for))
    if missed is not None:
        local = timezone.localtime(given_at, request.centre.tz)
        alert_resolve(
            alert=missed,
            by=None,
            note=DOSE_RECORDED_NOTES[AdministrationOutcome(outcome)],
            note_params={"time": local.strftime("%H:%M")},
        )
    return record


@edit_conflicts_recorded(record="request", user="guardian")
@transaction.atomic
def medication_request_cancel(
    *, request: MedicationRequest, guardian: User, expected_version: int
) -> MedicationRequest:
    """The guardian withdraws a request (awaiting or confirmed): no further dose is due.

    Raises ``PermissionDeniedError`` ``not_guardian``; ``DomainError`` ``already_cancelled``;
    ``ConflictError`` when the request changed since it was shown. Side effects: status
    ``cancelled`` (+ history); open missed-dose alerts of the request are resolved by the system
    with a timeline note. Doses already recorded stay as they are.
    """
    require_guardian(guardian, request.child)
    locked = lock_for_update(request, expected_version)
    if locked.status == MedicationRequestStatus.CANCELLED:
        raise DomainError("already_cancelled", _("This request is already cancelled."))
    saved = save_update(
        locked, {"status": MedicationRequestStatus.CANCELLED}, guardian, frozenset({"status"})
    )
    for alert in Alert.objects.filter(
        kind=AlertKind.MEDICATION_MISSED,
        dedup_key__startswith=f"medication_missed:{request.pk}:",
    ).exclude(state=AlertState.RESOLVED):
        alert_resolve(alert=alert, by=None, note=REQUEST_CANCELLED_NOTE, note_params={})
    return saved


# --- Missed doses (issue 5) -------------------------------------------------------------------


def missed_dose_dedup_key(request_id: uuid.UUID, scheduled_for: dt.datetime) -> str:
    """``medication_missed:<request id>:<scheduled time, UTC, to the minute>``: one per dose."""
    return f"medication_missed:{request_id}:{scheduled_for.astimezone(dt.UTC):%Y%m%dT%H%MZ}"


def _active_missed_alert(dedup_key: str) -> Alert | None:
    return (
        Alert.objects.filter(kind=AlertKind.MEDICATION_MISSED, dedup_key=dedup_key)
        .exclude(state=AlertState.RESOLVED)
        .first()
    )


def _stays(
    centres: dict[uuid.UUID, Centre], start: dt.datetime, end: dt.datetime
) -> dict[uuid.UUID, list[tuple[dt.datetime, dt.datetime]]]:
    """Check-in/check-out times of the stays of the children (``centres``: child id → the
    child's centre) overlapping [start, end), one query.

    A stay never checked out ends at the end of its own centre-local day, as in
    :func:`~.day_common.presence_at`: a check-out forgotten yesterday does not make the child
    present today.
    """
    stays: dict[uuid.UUID, list[tuple[dt.datetime, dt.datetime]]] = {}
    rows = (
        Attendance.objects.filter(child_id__in=centres, checked_in_at__lt=end)
        .filter(Q(checked_out_at__isnull=True) | Q(checked_out_at__gt=start))
        .values_list("child_id", "day", "checked_in_at", "checked_out_at")
    )
    for child_id, day, checked_in_at, checked_out_at in rows:
        if checked_in_at is not None:
            out = checked_out_at or day_bounds(centres[child_id], day)[1]
            stays.setdefault(child_id, []).append((checked_in_at, out))
    return stays


def _at_centre_during(
    stays: list[tuple[dt.datetime, dt.datetime]], start: dt.datetime, end: dt.datetime
) -> bool:
    """Whether one of the stays covers some moment of [start, end)."""
    return any(i < end and o > start for i, o in stays)


def medication_missed_doses_alert(*, now: dt.datetime | None = None) -> list[Alert]:
    """Raise one ``medication_missed`` alert per dose not recorded 30 minutes after its time.

    Looks at every centre's confirmed requests and their doses scheduled in
    [``now`` − 12 h, ``now`` − 30 min] (dose times are centre-local, so "today" is each centre's
    own day; a dose just before midnight is caught after it). A dose counts only if the child
    was at the centre at some moment of its 30 minutes (an absent child takes it at home).

    Severity **urgent**: a missed dose is time-critical (antibiotics, anti-epileptics), so the
    nurse on duty is paged and, unacknowledged, the doctor after 5 min (the centre's urgent
    policy); recording the dose resolves the alert, so paging stops as soon as it is done.
    ``dedup_key`` :func:`missed_dose_dedup_key`; ``source`` the request; title an English msgid
    with the dose time (centre-local ``HH:MM``), no names or drug.

    Queries: four whatever the number of doses (requests, administrations, alerts, stays), plus
    one locked transaction per alert raised.

    Idempotent: each dose is decided under a row lock on its request, and a dose that ever had
    an alert (even one the nurse resolved by hand) is never alerted again; running it twice, or
    two workers at once, raises each alert once. Returns the alerts raised by this call.
    Side effects: the alerts, their timeline and level-0 deliveries (published after commit).
    """
    now = now or timezone.now()
    earliest, latest = now - MISSED_DOSE_LOOKBACK, now - DOSE_OVERDUE_AFTER
    requests = list(
        MedicationRequest.objects.filter(
            status=MedicationRequestStatus.CONFIRMED,
            start_date__lte=latest.date() + dt.timedelta(days=1),
            end_date__gte=earliest.date() - dt.timedelta(days=1),
        ).select_related("centre", "child")
    )
    candidates: list[tuple[MedicationRequest, dt.datetime]] = []
    for request in requests:
        days = sorted({local_day(request.centre, earliest), local_day(request.centre, latest)})
        for day in days:
            candidates.extend(
                (request, when)
                for when in scheduled_doses(request, day)
                if earliest <= when <= latest
            )
    if not candidates:
        return []
    recorded = set(
        MedicationAdministration.objects.filter(
            request__in=[r for r, _ in candidates], scheduled_for__gte=earliest
        ).values_list("request_id", "scheduled_for")
    )
    keys = {missed_dose_dedup_key(r.pk, when) for r, when in candidates}
    alerted = set(Alert.objects.filter(dedup_key__in=keys).values_list("dedup_key", flat=True))
    stays = _stays({r.child_id: r.centre for r, _ in candidates}, earliest, now)
    raised: list[Alert] = []
    for request, when in candidates:
        key = missed_dose_dedup_key(request.pk, when)
        if (request.pk, when) in recorded or key in alerted:
            continue
        if not _at_centre_during(stays.get(request.child_id, []), when, when + DOSE_OVERDUE_AFTER):
            continue
        with transaction.atomic():
            locked = MedicationRequest.objects.select_for_update().get(pk=request.pk)
            if (
                locked.status != MedicationRequestStatus.CONFIRMED
                or Alert.objects.filter(dedup_key=key).exists()
                or MedicationAdministration.objects.filter(
                    request=request, scheduled_for=when
                ).exists()
            ):
                continue
            local = timezone.localtime(when, request.centre.tz)
            alert = alert_raise(
                centre=request.centre,
                child=request.child,
                kind=AlertKind.MEDICATION_MISSED,
                severity=AlertSeverity.URGENT,
                dedup_key=key,
                title=MISSED_DOSE_TITLE,
                title_params={"time": local.strftime("%H:%M")},
                rule="medication_missed_30_min",
                source=request,
                detail={"request_id": str(request.pk), "scheduled_for": when.isoformat()},
            )
        logger.info("missed dose alert %s request=%s", alert.pk, request.pk)
        raised.append(alert)
    return raised
