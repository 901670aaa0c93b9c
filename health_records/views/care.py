"""The caregiver's and nurse's day: classroom screen, check-in/out, checks, care entries, edits,
the child's day and the parent daily report.

Views parse with a form, call one service or selector, render. Refusals: a caregiver writing
for another room → 403 page, already when opening the form (``require_writer`` before the GET
renders; ``with_viewer`` turns the refusal into the 403 page); a stale edit → 409 with the
conflict message; other bad input → the form again with the message (400) or, for the one-tap
buttons, a message on the page they came from. Nothing is stored when a service refuses.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from health_records.exceptions import DomainError, PermissionDeniedError
from health_records.models import (
    AmountEaten,
    Attendance,
    AuthorisedPickup,
    BottleFeedRecord,
    CareNote,
    CheckSession,
    DailyHealthCheck,
    MealRecord,
    MealType,
    Mood,
    MoodRecord,
    SleepRecord,
    ToiletingRecord,
    VomitRecord,
    WaterRecord,
)
from health_records.selectors.access import Viewer
from health_records.selectors.audit import record_history
from health_records.selectors.care import child_day, child_get, classroom_day
from health_records.selectors.centre import NotStaff, classroom_get
from health_records.services import attendance as attendance_services
from health_records.services import care as care_services
from health_records.services import checks as check_services
from health_records.services.audit import access_log_record
from health_records.services.care_audit import access_log_record_many
from health_records.services.day_common import require_classroom_writer, require_writer

from .base import centre_today, with_viewer
from .care_forms import (
    EDIT_FIELDS,
    QUICK_FORMS,
    AbsenceForm,
    CheckEditForm,
    CheckInForm,
    CheckOutForm,
    ClassroomMealForm,
    DailyCheckForm,
    FollowUpForm,
    PickupForm,
    SleepAtHomeForm,
    add_service_error,
    care_edit_form_class,
)

T = "health_records/"


def _request_id(request: HttpRequest) -> str:
    return str(getattr(request, "request_id", ""))


def _require_staff(viewer: Viewer) -> None:
    if viewer.membership is None:
        raise NotStaff


def _refused(request: HttpRequest, exc: PermissionDeniedError) -> HttpResponse:
    return render(request, T + "care_refused.html", {"message": str(exc)}, status=403)


def _back_to_roster(child: Any) -> HttpResponseRedirect:
    url = reverse("classroom_roster", args=[child.classroom_id])
    return redirect(f"{url}#child-{child.pk}")


def _flash_refusal(request: HttpRequest, exc: DomainError | ValidationError) -> None:
    text = str(exc) if isinstance(exc, DomainError) else " ".join(exc.messages)
    messages.error(request, text)


def _form_errors_text(form: Any) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


@with_viewer
def classroom_screen(request: HttpRequest, viewer: Viewer, classroom_id: uuid.UUID) -> HttpResponse:
    """Today's classroom: each child's attendance, checks, meals, sleep and totals (logged)."""
    classroom = classroom_get(viewer, classroom_id)
    today = centre_today(viewer)
    screen = classroom_day(viewer, classroom, today)
    access_log_record_many(
        viewer=viewer,
        children=[row.child for row in screen.rows],
        what="classroom_screen",
        request_id=_request_id(request),
    )
    return render(
        request,
        T + "classroom_roster.html",
        {
            "classroom": classroom,
            "screen": screen,
            "today": today,
            "meal_types": MealType.choices,
            "sessions": CheckSession.choices,
        },
    )


@require_POST
@with_viewer
def check_in(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """One tap: check the child in now (or at the entered time)."""
    child = child_get(viewer, child_id)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors_text(form))
        return _back_to_roster(child)
    try:
        attendance_services.attendance_check_in(
            child=child,
            at=form.when(centre_today(viewer), child.centre.tz, timezone.now()),
            dropped_off_by=form.cleaned_data["dropped_off_by"],
            recorded_by=viewer.user,
        )
    except PermissionDeniedError as exc:
        return _refused(request, exc)
    except (DomainError, ValidationError) as exc:
        _flash_refusal(request, exc)
    return _back_to_roster(child)


@with_viewer
def check_out(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """Check-out: who collects the child (an authorised person) and when."""
    child = child_get(viewer, child_id)
    _require_staff(viewer)
    require_writer(viewer.user, child)
    stay = Attendance.objects.get(
        child=child, day=centre_today(viewer), checked_in_at__isnull=False
    )
    pickups = AuthorisedPickup.objects.filter(child=child, is_active=True)
    form = CheckOutForm(request.POST or None, pickups=pickups, initial={"version": stay.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            attendance_services.attendance_check_out(
                attendance=stay,
                at=form.when(stay.day, child.centre.tz, timezone.now()),
                picked_up_by=form.cleaned_data["picked_up_by"],
                recorded_by=viewer.user,
                expected_version=form.cleaned_data["version"],
            )
            return _back_to_roster(child)
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
            status = getattr(exc, "http_status", 400)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        T + "attendance_check_out.html",
        {"child": child, "stay": stay, "form": form, "pickup_form": PickupForm()},
        status=status,
    )


@with_viewer
def absence_new(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """Record an absence (sickness absence with symptoms, possibly infectious → doctor)."""
    child = child_get(viewer, child_id)
    _require_staff(viewer)
    require_writer(viewer.user, child)
    form = AbsenceForm(request.POST or None, initial={"day": centre_today(viewer)})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            attendance_services.absence_record(
                child=child, recorded_by=viewer.user, **form.cleaned_data
            )
            return _back_to_roster(child)
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request, T + "attendance_absence.html", {"child": child, "form": form}, status=status
    )


@with_viewer
def check_record(
    request: HttpRequest, viewer: Viewer, child_id: uuid.UUID, session: str
) -> HttpResponse:
    """Record a 晨检/午检/晚检: temperature, then one tap on the outcome."""
    child = child_get(viewer, child_id)
    _require_staff(viewer)
    if session not in CheckSession.values:
        raise NotStaff  # unknown session: 404
    require_writer(viewer.user, child)
    form = DailyCheckForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check_services.daily_health_check_record(
                child=child,
                session=session,
                checked_at=form.when(centre_today(viewer), child.centre.tz, timezone.now()),
                temperature_c=data["temperature_c"],
                temperature_site=data["temperature_site"],
                outcome=data["outcome"],
                note=data["note"],
                recorded_by=viewer.user,
                **form.checklist(),
            )
            return redirect(
                request.POST.get("next") or reverse("classroom_roster", args=[child.classroom_id])
            )
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        T + "dailyhealthcheck_form.html",
        {
            "child": child,
            "form": form,
            "session": CheckSession(session),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=status,
    )


@with_viewer
def check_round(
    request: HttpRequest, viewer: Viewer, classroom_id: uuid.UUID, session: str
) -> HttpResponse:
    """The check round of a classroom: the children not yet checked in this session."""
    classroom = classroom_get(viewer, classroom_id)
    if session not in CheckSession.values:
        raise NotStaff
    require_classroom_writer(viewer.user, classroom.centre, classroom.pk)
    today = centre_today(viewer)
    screen = classroom_day(viewer, classroom, today)
    todo = [row for row in screen.rows if session not in row.checks and row.status != "absent"]
    forms = [(row, DailyCheckForm(auto_id=f"id_{row.child.pk}_%s")) for row in todo]
    return render(
        request,
        T + "dailyhealthcheck_round.html",
        {
            "classroom": classroom,
            "session": CheckSession(session),
            "todo": todo,
            "forms": forms,
            "done": len(screen.rows) - len(todo),
            "today": today,
        },
    )


@with_viewer
def classroom_meals(request: HttpRequest, viewer: Viewer, classroom_id: uuid.UUID) -> HttpResponse:
    """ "Everyone ate most", then mark the exceptions, one submit for the room."""
    classroom = classroom_get(viewer, classroom_id)
    require_classroom_writer(viewer.user, classroom.centre, classroom.pk)
    today = centre_today(viewer)
    screen = classroom_day(viewer, classroom, today)
    meal_type = request.POST.get("meal_type") or request.GET.get("meal") or MealType.LUNCH
    children = [
        row.child for row in screen.rows if row.status == "present" and meal_type not in row.meals
    ]
    form = ClassroomMealForm(
        request.POST or None, children=children, initial={"meal_type": meal_type}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            saved = care_services.meals_record_for_classroom(
                classroom=classroom,
                meal_type=form.cleaned_data["meal_type"],
                occurred_at=form.when(today, classroom.centre.tz, timezone.now()),
                recorded_by=viewer.user,
                exceptions=form.exceptions(),
            )
            messages.success(request, _meal_saved_message(len(saved)))
            return redirect("classroom_roster", classroom_id=classroom.pk)
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        T + "mealrecord_classroom.html",
        {
            "classroom": classroom,
            "form": form,
            "meal_type": MealType(meal_type) if meal_type in MealType.values else MealType.LUNCH,
            "meal_types": MealType.choices,
            "amounts": AmountEaten.choices,
        },
        status=status,
    )


def _meal_saved_message(count: int) -> str:
    from django.utils.translation import ngettext

    return ngettext(
        "Meal recorded for %(n)d child.", "Meal recorded for %(n)d children.", count
    ) % {"n": count}


@with_viewer
def child_day_view(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """A child's day for staff: the timeline and the one-tap entries (logged)."""
    child = child_get(viewer, child_id)
    _require_staff(viewer)
    today = centre_today(viewer)
    day = child_day(viewer, child, today)
    access_log_record(viewer=viewer, child=child, what="child_day", request_id=_request_id(request))
    running = next((s for s in day.sleeps if s.end_at is None), None)
    return render(
        request,
        T + "childday_detail.html",
        {
            "child": child,
            "day": day,
            "today": today,
            "running_sleep": running,
            "open_meals": [
                (code, label)
                for code, label in MealType.choices
                if code not in {m.meal_type for m in day.meals}
            ],
            "amounts": AmountEaten.choices,
            "moods": Mood.choices,
            "present": day.attendance is not None and day.attendance.is_present,
        },
    )


@require_POST
@with_viewer
def care_entry(
    request: HttpRequest, viewer: Viewer, child_id: uuid.UUID, kind: str
) -> HttpResponse:
    """Save one quick care entry (meal, bottle, water, sleep, nappy, mood, vomit, note)."""
    child = child_get(viewer, child_id)
    _require_staff(viewer)
    form_class = QUICK_FORMS.get(kind)
    if form_class is None:
        raise NotStaff
    form = form_class(request.POST)
    back = redirect("child_day", child_id=child.pk)
    if not form.is_valid():
        messages.error(request, _form_errors_text(form))
        return back
    data = dict(form.cleaned_data)
    when = form.when(centre_today(viewer), child.centre.tz, timezone.now())
    data.pop("time", None)
    try:
        _save_entry(kind, child, when, viewer, data)
    except PermissionDeniedError as exc:
        return _refused(request, exc)
    except (DomainError, ValidationError) as exc:
        _flash_refusal(request, exc)
    return back


def _save_entry(
    kind: str, child: Any, when: dt.datetime, viewer: Viewer, data: dict[str, Any]
) -> None:
    user = viewer.user
    if kind == "meal":
        care_services.meal_record(child=child, occurred_at=when, recorded_by=user, **data)
    elif kind == "bottle":
        care_services.bottle_feed_record(child=child, occurred_at=when, recorded_by=user, **data)
    elif kind == "water":
        care_services.water_record(child=child, occurred_at=when, recorded_by=user, **data)
    elif kind == "sleep_start":
        care_services.sleep_record(child=child, start_at=when, recorded_by=user)
    elif kind == "sleep_end":
        sleep = SleepRecord.objects.get(pk=data["sleep"], child=child)
        care_services.sleep_end(
            sleep=sleep, end_at=when, recorded_by=user, expected_version=data["version"]
        )
    elif kind == "toileting":
        care_services.toileting_record(child=child, occurred_at=when, recorded_by=user, **data)
    elif kind == "mood":
        care_services.mood_record(child=child, occurred_at=when, recorded_by=user, **data)
    elif kind == "vomit":
        care_services.vomit_record(child=child, occurred_at=when, recorded_by=user, **data)
    elif kind == "note":
        care_services.care_note_add(child=child, occurred_at=when, recorded_by=user, **data)


@with_viewer
def sleep_at_home(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """Last night's sleep as the guardian reports it at the morning check (晨检): fell asleep,
    woke up; stored as a sleep at home (no check-in needed) and split at midnight in the day
    totals. Bad times → the form again with the message (400)."""
    child = child_get(viewer, child_id)
    _require_staff(viewer)
    require_writer(viewer.user, child)
    form = SleepAtHomeForm(request.POST or None, initial={"woke_up_on": centre_today(viewer)})
    status = 200
    if request.method == "POST" and form.is_valid():
        start, end = form.interval(child.centre.tz)
        try:
            care_services.sleep_at_home_record(
                child=child,
                start_at=start,
                end_at=end,
                note=form.cleaned_data["note"],
                recorded_by=viewer.user,
            )
            messages.success(request, gettext("Last night's sleep saved."))
            return _back_to_roster(child)
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request, T + "sleeprecord_at_home.html", {"child": child, "form": form}, status=status
    )


@with_viewer
def daily_report(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """The parent daily report: the child's day as a summary and a timeline (logged)."""
    child = child_get(viewer, child_id)
    today = timezone.localdate(timezone=child.centre.tz)
    try:
        day = dt.date.fromisoformat(request.GET.get("day", "")) if request.GET.get("day") else today
    except ValueError:
        day = today
    day = min(day, today)
    report = child_day(viewer, child, day)
    access_log_record(
        viewer=viewer, child=child, what="daily_report", request_id=_request_id(request)
    )
    return render(
        request,
        T + "childday_report.html",
        {
            "child": child,
            "report": report,
            "day": day,
            "today": today,
            "previous_day": day - dt.timedelta(days=1),
            "next_day": day + dt.timedelta(days=1) if day < today else None,
        },
    )


EDITABLE_KINDS: dict[str, Any] = {
    "meal": MealRecord,
    "bottle": BottleFeedRecord,
    "water": WaterRecord,
    "sleep": SleepRecord,
    "toileting": ToiletingRecord,
    "mood": MoodRecord,
    "vomit": VomitRecord,
    "note": CareNote,
    "check": DailyHealthCheck,
}


def _local(when: dt.datetime | None, tz: Any) -> dt.datetime | None:
    return timezone.localtime(when, tz) if when is not None else None


def _edit_initial(kind: str, record: Any, tz: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": record.version}
    if kind == "check":
        initial.update(
            {
                name: getattr(record, name)
                for name in (
                    "temperature_c",
                    "temperature_site",
                    "outcome",
                    "note",
                    *DailyCheckForm.CHECKLIST,
                )
            }
        )
        initial["time"] = _local(record.checked_at, tz).time()  # type: ignore[union-attr]
    elif kind == "sleep":
        initial["start"] = _local(record.start_at, tz).time()  # type: ignore[union-attr]
        end = _local(record.end_at, tz)
        initial["end"] = end.time() if end else None
    else:
        initial["time"] = _local(record.occurred_at, tz).time()  # type: ignore[union-attr]
    if kind != "check":
        # The stored values, so a correction starts from what is there (and an untouched field,
        # e.g. the note, is not saved as blank).
        initial.update(model_to_dict(record, fields=EDIT_FIELDS[kind]))
    return initial


def _edit_changes(kind: str, record: Any, data: dict[str, Any], tz: Any) -> dict[str, Any]:
    """The service's ``changes`` from the cleaned form: times put back on the record's day."""
    changes = {k: v for k, v in data.items() if k not in ("version", "time", "start", "end")}
    if kind == "sleep":
        day = _local(record.start_at, tz).date()  # type: ignore[union-attr]
        start = dt.datetime.combine(day, data["start"]).replace(tzinfo=tz)
        changes["start_at"] = start
        if data.get("end") is not None:
            end = dt.datetime.combine(day, data["end"]).replace(tzinfo=tz)
            changes["end_at"] = end if end > start else end + dt.timedelta(days=1)
        return changes
    field = "checked_at" if kind == "check" else "occurred_at"
    day = _local(getattr(record, field), tz).date()  # type: ignore[union-attr]
    changes[field] = dt.datetime.combine(day, data["time"]).replace(tzinfo=tz)
    return changes


@with_viewer
def record_edit(
    request: HttpRequest, viewer: Viewer, kind: str, record_id: uuid.UUID
) -> HttpResponse:
    """Correct a check or care record. A save based on an old version is refused (409) with the
    conflict message; ``recorded_by`` never changes and history names each editor."""
    _require_staff(viewer)
    model = EDITABLE_KINDS.get(kind)
    if model is None:
        raise NotStaff
    record = model.objects.select_related("child__centre", "child__classroom").get(
        pk=record_id,
        child__centre_id=viewer.membership.centre_id,  # type: ignore[union-attr]
    )
    require_writer(viewer.user, record.child)
    tz = record.child.centre.tz
    form_class = CheckEditForm if kind == "check" else care_edit_form_class(model, kind)
    form = form_class(request.POST or None, initial=_edit_initial(kind, record, tz))
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        changes = _edit_changes(kind, record, data, tz)
        try:
            if kind == "check":
                check_services.daily_health_check_update(
                    check=record,
                    expected_version=data["version"],
                    edited_by=viewer.user,
                    changes=changes,
                )
            else:
                care_services.care_record_update(
                    record=record,
                    expected_version=data["version"],
                    edited_by=viewer.user,
                    changes=changes,
                )
            messages.success(request, gettext("Saved."))
            return redirect("child_day", child_id=record.child_id)
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
            status = getattr(exc, "http_status", 400)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        T + "dayrecord_edit.html",
        {
            "record": record,
            "child": record.child,
            "form": form,
            "kind": kind,
            "label": model._meta.verbose_name,
            "history": record_history(record, tz),
        },
        status=status,
    )


@with_viewer
def absence_follow_up(
    request: HttpRequest, viewer: Viewer, attendance_id: uuid.UUID
) -> HttpResponse:
    """The caregiver's same-day follow-up of a sickness absence (因病缺勤追踪)."""
    _require_staff(viewer)
    absence = Attendance.objects.select_related("child__centre").get(
        pk=attendance_id,
        centre_id=viewer.membership.centre_id,  # type: ignore[union-attr]
    )
    require_writer(viewer.user, absence.child)
    form = FollowUpForm(
        request.POST or None, initial={"version": absence.version, "note": absence.follow_up_note}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            attendance_services.sickness_absence_follow_up(
                absence=absence,
                note=form.cleaned_data["note"],
                recorded_by=viewer.user,
                expected_version=form.cleaned_data["version"],
            )
            return _back_to_roster(absence.child)
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
            status = getattr(exc, "http_status", 400)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        T + "attendance_follow_up.html",
        {"absence": absence, "child": absence.child, "form": form},
        status=status,
    )


@require_POST
@with_viewer
def return_clearance(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """The centre doctor clears a child's return after a possibly infectious illness."""
    child = child_get(viewer, child_id)
    _require_staff(viewer)
    try:
        attendance_services.return_clearance_record(
            child=child, cleared_by=viewer.user, note=request.POST.get("note", "")[:500]
        )
        messages.success(request, gettext("Return cleared."))
    except PermissionDeniedError as exc:
        return _refused(request, exc)
    except DomainError as exc:
        _flash_refusal(request, exc)
    return redirect("child_detail", child_id=child.pk)


@require_POST
@with_viewer
def pickup_add(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """Add a person the guardians authorised to collect the child (from their written list)."""
    child = child_get(viewer, child_id)
    _require_staff(viewer)
    form = PickupForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors_text(form))
        return redirect("check_out", child_id=child.pk)
    try:
        attendance_services.authorised_pickup_add(
            child=child, added_by=viewer.user, **form.cleaned_data
        )
    except PermissionDeniedError as exc:
        return _refused(request, exc)
    except (DomainError, ValidationError) as exc:
        _flash_refusal(request, exc)
    return redirect("check_out", child_id=child.pk)
