"""The day's records (issue 5): attendance, daily health checks, daily care, health checks,
injuries, medication; and symptom flags (issue 6). Each view calls the records' own service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.db import models
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from health_records.api.filters import record_filterset
from health_records.api.permissions import IsStaffMember
from health_records.api.serializers import records as s
from health_records.api.views.base import (
    ApiView,
    RecordCreateMixin,
    RecordDetailView,
    RecordListView,
    RecordUpdateMixin,
    child_in_scope,
)
from health_records.models import (
    Attendance,
    AuthorisedPickup,
    BottleFeedRecord,
    CareNote,
    Child,
    Classroom,
    DailyHealthCheck,
    HealthCheck,
    InjuryIncident,
    MealRecord,
    MedicationAdministration,
    MedicationRequest,
    MoodRecord,
    SleepRecord,
    SymptomFlag,
    ToiletingRecord,
    VomitRecord,
    WaterRecord,
)
from health_records.selectors.care import pickups_for
from health_records.selectors.centre import classroom_get
from health_records.selectors.health_checks import health_checks_due
from health_records.selectors.records import record_get
from health_records.services import attendance as attendance_services
from health_records.services import care as care_services
from health_records.services.checks import daily_health_check_record, daily_health_check_update
from health_records.services.health_check import health_check_record
from health_records.services.injury import (
    FOLLOW_UP_FIELDS,
    injury_incident_follow_up,
    injury_incident_record,
    injury_incident_update,
)
from health_records.services.medication import (
    medication_administration_record,
    medication_request_confirm,
    medication_request_create,
)
from health_records.services.symptoms import symptom_flag_raise

# --- attendance ------------------------------------------------------------------------------


class AttendanceList(RecordListView):
    """Attendance rows (one per child and day). Filters: child, classroom, date range (day)."""

    model = Attendance
    what = "api_attendance_list"
    ordering = ("-day", "pk")
    output_serializer_class = s.AttendanceOut
    filterset_class = record_filterset(Attendance, "day", is_datetime=False)


class AttendanceDetail(RecordDetailView):
    model = Attendance
    what = "api_attendance_detail"
    output_serializer_class = s.AttendanceOut


class AttendanceCheckIn(ApiView):
    """Check a child in (``attendance_check_in``): 201 with the attendance row."""

    creates = True
    input_serializer_class = s.CheckInIn
    output_serializer_class = s.AttendanceOut

    def post(self, request: Request) -> Response:
        data = self.parse(s.CheckInIn)
        record = attendance_services.attendance_check_in(
            child=child_in_scope(self.viewer, data["child"]),
            at=data["at"],
            dropped_off_by=data["dropped_off_by"],
            recorded_by=self.user,
        )
        return self.render(record, status_code=status.HTTP_201_CREATED)


class AbsenceCreate(ApiView):
    """Record an absence (``absence_record``); a possibly infectious one alerts the doctor."""

    creates = True
    input_serializer_class = s.AbsenceIn
    output_serializer_class = s.AttendanceOut

    def post(self, request: Request) -> Response:
        data = self.parse(s.AbsenceIn)
        child = child_in_scope(self.viewer, data.pop("child"))
        record = attendance_services.absence_record(child=child, recorded_by=self.user, **data)
        return self.render(record, status_code=status.HTTP_201_CREATED)


class AttendanceCheckOut(ApiView):
    """Check out, collected by an authorised person; ``version`` as shown (409 if stale)."""

    versioned = True
    input_serializer_class = s.CheckOutIn
    output_serializer_class = s.AttendanceOut

    def post(self, request: Request, pk: Any) -> Response:
        data = self.parse(s.CheckOutIn)
        attendance = record_get(self.viewer, Attendance, pk)
        pickup = next(
            (p for p in pickups_for(attendance.child) if p.pk == data["picked_up_by"]), None
        )
        if pickup is None:
            raise AuthorisedPickup.DoesNotExist
        record = attendance_services.attendance_check_out(
            attendance=attendance,
            at=data["at"],
            picked_up_by=pickup,
            recorded_by=self.user,
            expected_version=data["version"],
        )
        return self.render(record)


class AbsenceFollowUp(ApiView):
    """The caregiver's follow-up of a sickness absence; ``version`` as shown (409 if stale)."""

    versioned = True
    input_serializer_class = s.FollowUpIn
    output_serializer_class = s.AttendanceOut

    def post(self, request: Request, pk: Any) -> Response:
        data = self.parse(s.FollowUpIn)
        record = attendance_services.sickness_absence_follow_up(
            absence=record_get(self.viewer, Attendance, pk),
            note=data["note"],
            recorded_by=self.user,
            expected_version=data["version"],
        )
        return self.render(record)


# --- daily health checks ---------------------------------------------------------------------


class DailyHealthCheckList(RecordListView, RecordCreateMixin):
    """晨检/午检/晚检. POST: ``daily_health_check_record`` (fever raises a flag and an alert)."""

    model = DailyHealthCheck
    what = "api_daily_health_check_list"
    ordering = ("-day", "session", "pk")
    input_serializer_class = s.DailyHealthCheckIn
    output_serializer_class = s.DailyHealthCheckOut
    filterset_class = record_filterset(DailyHealthCheck, "day", is_datetime=False)

    def create(self, *, child: Child, user: Any, data: dict[str, Any]) -> models.Model:
        return daily_health_check_record(child=child, recorded_by=user, **data)


class DailyHealthCheckDetail(RecordUpdateMixin):
    model = DailyHealthCheck
    what = "api_daily_health_check_detail"
    output_serializer_class = s.DailyHealthCheckOut
    update_serializer_class = s.DailyHealthCheckUpdate

    def update(
        self, *, record: Any, expected_version: int, user: Any, changes: Mapping[str, object]
    ) -> models.Model:
        return daily_health_check_update(
            check=record, expected_version=expected_version, edited_by=user, changes=dict(changes)
        )


# --- daily care ------------------------------------------------------------------------------

CareCreate = Callable[..., models.Model]


def _care_views(
    model: type[models.Model],
    service: CareCreate,
    in_serializer: Any,
    out_serializer: Any,
    update_serializer: Any,
    code: str,
    time_field: str,
) -> tuple[type[RecordListView], type[RecordUpdateMixin]]:
    """The list/create and detail/update views of one kind of daily care record."""

    class CareList(RecordListView, RecordCreateMixin):
        def create(self, *, child: Child, user: Any, data: dict[str, Any]) -> models.Model:
            return service(child=child, recorded_by=user, **data)

    class CareDetail(RecordUpdateMixin):
        def update(
            self, *, record: Any, expected_version: int, user: Any, changes: Mapping[str, object]
        ) -> models.Model:
            return care_services.care_record_update(
                record=record, expected_version=expected_version, edited_by=user, changes=changes
            )

    name = model.__name__
    CareList.__name__ = CareList.__qualname__ = f"{name}List"
    CareList.__doc__ = f"{model._meta.verbose_name_plural} (daily care). POST records one."
    CareList.model = model
    CareList.what = f"api_{code}_list"
    CareList.ordering = (f"-{time_field}", "pk")
    CareList.input_serializer_class = in_serializer
    CareList.output_serializer_class = out_serializer
    CareList.filterset_class = record_filterset(model, time_field, is_datetime=True)
    CareDetail.__name__ = CareDetail.__qualname__ = f"{name}Detail"
    CareDetail.__doc__ = f"One {model._meta.verbose_name}; PATCH corrects it (``version``)."
    CareDetail.model = model
    CareDetail.what = f"api_{code}_detail"
    CareDetail.output_serializer_class = out_serializer
    CareDetail.update_serializer_class = update_serializer
    return CareList, CareDetail


CARE_VIEWS: dict[str, tuple[type[RecordListView], type[RecordUpdateMixin]]] = {
    "meals": _care_views(
        MealRecord,
        care_services.meal_record,
        s.MealIn,
        s.MealOut,
        s.MealUpdate,
        "meal",
        "occurred_at",
    ),
    "bottle-feeds": _care_views(
        BottleFeedRecord,
        care_services.bottle_feed_record,
        s.BottleFeedIn,
        s.BottleFeedOut,
        s.BottleFeedUpdate,
        "bottle_feed",
        "occurred_at",
    ),
    "water": _care_views(
        WaterRecord,
        care_services.water_record,
        s.WaterIn,
        s.WaterOut,
        s.WaterUpdate,
        "water",
        "occurred_at",
    ),
    "sleeps": _care_views(
        SleepRecord,
        care_services.sleep_record,
        s.SleepIn,
        s.SleepOut,
        s.SleepUpdate,
        "sleep",
        "start_at",
    ),
    "toileting": _care_views(
        ToiletingRecord,
        care_services.toileting_record,
        s.ToiletingIn,
        s.ToiletingOut,
        s.ToiletingUpdate,
        "toileting",
        "occurred_at",
    ),
    "moods": _care_views(
        MoodRecord,
        care_services.mood_record,
        s.MoodIn,
        s.MoodOut,
        s.MoodUpdate,
        "mood",
        "occurred_at",
    ),
    "vomits": _care_views(
        VomitRecord,
        care_services.vomit_record,
        s.VomitIn,
        s.VomitOut,
        s.VomitUpdate,
        "vomit",
        "occurred_at",
    ),
    "notes": _care_views(
        CareNote,
        care_services.care_note_add,
        s.CareNoteIn,
        s.CareNoteOut,
        s.CareNoteUpdate,
        "care_note",
        "occurred_at",
    ),
}
"""URL segment under ``/api/v1/care/`` → (list/create view, detail/update view)."""


class ClassroomMeals(ApiView):
    """ "Everyone ate most, then the exceptions" for one classroom (``meals_record_for_classroom``,
    the classroom page's service): one meal record per child present at ``occurred_at`` without
    one yet for ``meal_type``; all or nothing. A caregiver: their own classroom only (403
    ``not_your_classroom``). Returns the records made (children already recorded are skipped)."""

    creates = True
    output_many = True
    permission_classes = [IsStaffMember]
    queryset = Classroom.objects.none()  # for the schema: ``pk`` is a classroom's id
    input_serializer_class = s.ClassroomMealsIn
    output_serializer_class = s.MealOut

    def post(self, request: Request, pk: Any) -> Response:
        data = self.parse(s.ClassroomMealsIn)
        saved = care_services.meals_record_for_classroom(
            classroom=classroom_get(self.viewer, pk),
            meal_type=data["meal_type"],
            occurred_at=data["occurred_at"],
            recorded_by=self.user,
            default_amount=data["default_amount"],
            exceptions={item["child"]: item["amount_eaten"] for item in data["exceptions"]},
        )
        return Response(s.MealOut(saved, many=True).data, status=status.HTTP_201_CREATED)


class SleepAtHome(ApiView):
    """Staff record last night's sleep at home as the guardian reported it at the morning check
    (``sleep_at_home_record``, the child's "last night's sleep" page): 201 with the sleep,
    ``at_home`` true. No check-in needed; the day totals split it at midnight (21:30 → 06:15:
    150 minutes on the first day, 375 on the second). A parent gets 404; a caregiver of another
    room 403; bad times 400 (``sleep_too_long``, ``sleep_at_home_during_stay``, …)."""

    creates = True
    permission_classes = [IsStaffMember]
    queryset = SleepRecord.objects.none()  # for the schema
    input_serializer_class = s.SleepAtHomeIn
    output_serializer_class = s.SleepOut

    def post(self, request: Request) -> Response:
        data = self.parse(s.SleepAtHomeIn)
        record = care_services.sleep_at_home_record(
            child=child_in_scope(self.viewer, data.pop("child")), recorded_by=self.user, **data
        )
        return self.render(record, status_code=status.HTTP_201_CREATED)


class SleepEnd(ApiView):
    """The wake-up time of a running sleep (``sleep_end``); ``version`` as shown."""

    versioned = True
    input_serializer_class = s.SleepEndIn
    output_serializer_class = s.SleepOut

    def post(self, request: Request, pk: Any) -> Response:
        data = self.parse(s.SleepEndIn)
        record = care_services.sleep_end(
            sleep=record_get(self.viewer, SleepRecord, pk),
            end_at=data["end_at"],
            recorded_by=self.user,
            expected_version=data["version"],
        )
        return self.render(record)


# --- health checks, injuries -----------------------------------------------------------------


class HealthCheckList(RecordListView, RecordCreateMixin):
    """Admission/periodic examinations (doctor or nurse). Filters: date range on examined_on."""

    model = HealthCheck
    what = "api_health_check_list"
    ordering = ("-examined_on", "pk")
    input_serializer_class = s.HealthCheckIn
    output_serializer_class = s.HealthCheckOut
    filterset_class = record_filterset(HealthCheck, "examined_on", is_datetime=False)

    def create(self, *, child: Child, user: Any, data: dict[str, Any]) -> models.Model:
        return health_check_record(child=child, recorded_by=user, **data)


class HealthChecksDue(ApiView):
    """Staff of the centre: children due (within 30 days) or overdue for an examination or a
    haemoglobin test on the centre's today, earliest due first (the "Health checks due" page's
    selector). Filter: ``classroom``. Access-logged (one row per child shown)."""

    is_list = True
    permission_classes = [IsStaffMember]
    queryset = Child.objects.none()  # for the schema: rows are about children
    what = "api_health_checks_due"
    output_serializer_class = s.HealthCheckDueOut

    @extend_schema(parameters=[s.HealthCheckDueQuery])
    def get(self, request: Request) -> Response:
        query = s.HealthCheckDueQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        membership = self.viewer.membership
        assert membership is not None  # IsStaffMember
        today = timezone.localdate(timezone=membership.centre.tz)
        rows = health_checks_due(
            self.viewer, today, classroom_id=query.validated_data.get("classroom")
        )
        page = list(self.paginate_queryset(rows) or [])  # type: ignore[arg-type]  # a list pages
        self.log_reads(row.child for row in page)
        return self.get_paginated_response(s.HealthCheckDueOut(page, many=True).data)


class HealthCheckDetail(RecordDetailView):
    model = HealthCheck
    what = "api_health_check_detail"
    output_serializer_class = s.HealthCheckOut


class InjuryList(RecordListView, RecordCreateMixin):
    """Injury incidents; a moderate or serious one raises an injury flag."""

    model = InjuryIncident
    what = "api_injury_list"
    ordering = ("-occurred_at", "pk")
    input_serializer_class = s.InjuryIn
    output_serializer_class = s.InjuryOut
    filterset_class = record_filterset(InjuryIncident, "occurred_at", is_datetime=True)

    def create(self, *, child: Child, user: Any, data: dict[str, Any]) -> models.Model:
        return injury_incident_record(child=child, recorded_by=user, **data)


def _injury_follow_up(
    incident: InjuryIncident, expected_version: int, user: Any, changes: Mapping[str, object]
) -> InjuryIncident:
    """``injury_incident_follow_up`` with the fields sent; the follow-up text and the
    parent-informed time not sent keep their stored value (the version check makes that the
    value the client was shown), an unsent review is left as it is."""
    informed = changes.get("parent_informed_at", incident.parent_informed_at)
    review_note, outcome = changes.get("review_note"), changes.get("outcome")
    return injury_incident_follow_up(
        incident=incident,
        expected_version=expected_version,
        recorded_by=user,
        follow_up=str(changes.get("follow_up", incident.follow_up)),
        parent_informed_at=informed if isinstance(informed, dt.datetime) else None,
        review_note=None if review_note is None else str(review_note),
        outcome=None if outcome is None else str(outcome),
    )


class InjuryDetail(RecordUpdateMixin):
    """One injury incident. PATCH: follow-up fields alone are the follow-up
    (``injury_incident_follow_up``: who may write what as on the follow-up page); otherwise a
    correction of first aid, description or note (``injury_incident_update``), which refuses
    follow-up fields (400 ``follow_up_separately``)."""

    model = InjuryIncident
    what = "api_injury_detail"
    output_serializer_class = s.InjuryOut
    update_serializer_class = s.InjuryUpdate

    def update(
        self, *, record: Any, expected_version: int, user: Any, changes: Mapping[str, object]
    ) -> models.Model:
        if changes and FOLLOW_UP_FIELDS.issuperset(changes):
            return _injury_follow_up(record, expected_version, user, changes)
        return injury_incident_update(
            incident=record,
            expected_version=expected_version,
            edited_by=user,
            changes=dict(changes),
        )


class InjuryFollowUp(RecordUpdateMixin):
    """The follow-up of an injury, as on its page (staff only; a parent gets 404). GET: the
    incident with its ``ETag`` (access-logged). PATCH: ``injury_incident_follow_up`` with the
    fields sent (the others keep their value): the doctor or a nurse write everything; the
    director and the caregiver who recorded the incident the follow-up text and the
    parent-informed time only (403 ``medical_only`` for a review, ``not_your_incident`` for
    another caregiver); 400 ``nothing_changed``; stale ``version`` 409, ``If-Match`` 412."""

    permission_classes = [IsStaffMember]
    model = InjuryIncident
    what = "api_injury_follow_up"
    output_serializer_class = s.InjuryOut
    update_serializer_class = s.InjuryFollowUpUpdate

    def update(
        self, *, record: Any, expected_version: int, user: Any, changes: Mapping[str, object]
    ) -> models.Model:
        return _injury_follow_up(record, expected_version, user, changes)


# --- medication ------------------------------------------------------------------------------


class MedicationRequestList(RecordListView, RecordCreateMixin):
    """Guardians' written medication requests; POST by a guardian of the child."""

    model = MedicationRequest
    what = "api_medication_request_list"
    ordering = ("-start_date", "pk")
    input_serializer_class = s.MedicationRequestIn
    output_serializer_class = s.MedicationRequestOut
    filterset_class = record_filterset(MedicationRequest, "start_date", is_datetime=False)

    def create(self, *, child: Child, user: Any, data: dict[str, Any]) -> models.Model:
        return medication_request_create(child=child, requested_by=user, **data)


class MedicationRequestDetail(RecordDetailView):
    model = MedicationRequest
    what = "api_medication_request_detail"
    output_serializer_class = s.MedicationRequestOut


class MedicationRequestConfirm(ApiView):
    """The guardian confirms a request awaiting confirmation; ``version`` as shown."""

    versioned = True
    input_serializer_class = s.VersionIn
    output_serializer_class = s.MedicationRequestOut

    def post(self, request: Request, pk: Any) -> Response:
        data = self.parse(s.VersionIn)
        record = medication_request_confirm(
            request=record_get(self.viewer, MedicationRequest, pk),
            guardian=self.user,
            expected_version=data["version"],
        )
        return self.render(record)


class MedicationAdministrationList(RecordListView):
    """Doses given (or refused, withheld). POST records one scheduled dose of a request."""

    model = MedicationAdministration
    what = "api_medication_administration_list"
    ordering = ("-scheduled_for", "pk")
    creates = True
    input_serializer_class = s.MedicationAdministrationIn
    output_serializer_class = s.MedicationAdministrationOut
    filterset_class = record_filterset(MedicationAdministration, "scheduled_for", is_datetime=True)

    def post(self, request: Request) -> Response:
        data = self.parse(s.MedicationAdministrationIn)
        medication_request = record_get(self.viewer, MedicationRequest, data.pop("request"))
        record = medication_administration_record(
            request=medication_request, recorded_by=self.user, **data
        )
        return self.render(record, status_code=status.HTTP_201_CREATED)


class MedicationAdministrationDetail(RecordDetailView):
    model = MedicationAdministration
    what = "api_medication_administration_detail"
    output_serializer_class = s.MedicationAdministrationOut


# --- symptom flags ---------------------------------------------------------------------------


class SymptomFlagList(RecordListView, RecordCreateMixin):
    """Symptom flags; POST flags one (``symptom_flag_raise``: raises or adds to its alert)."""

    model = SymptomFlag
    what = "api_symptom_flag_list"
    ordering = ("-observed_at", "pk")
    input_serializer_class = s.SymptomFlagIn
    output_serializer_class = s.SymptomFlagOut
    filterset_class = record_filterset(SymptomFlag, "observed_at", is_datetime=True)

    def create(self, *, child: Child, user: Any, data: dict[str, Any]) -> models.Model:
        return symptom_flag_raise(child=child, raised_by=user, **data)


class SymptomFlagDetail(RecordDetailView):
    model = SymptomFlag
    what = "api_symptom_flag_detail"
    output_serializer_class = s.SymptomFlagOut
