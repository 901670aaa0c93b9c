"""Medication requests and doses, injury incidents, health checks and the due list."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from health_records.exceptions import DomainError, PermissionDeniedError
from health_records.models import InjuryIncident, MedicationRequest
from health_records.selectors.access import Viewer, children_visible_to
from health_records.selectors.audit import record_history
from health_records.selectors.care import child_get
from health_records.selectors.centre import NotStaff
from health_records.selectors.health_checks import health_checks_due
from health_records.selectors.medication import medication_doses_for_day
from health_records.services.audit import access_log_record
from health_records.services.day_common import require_medical, require_writer
from health_records.services.health_check import health_check_record
from health_records.services.injury import injury_incident_follow_up, injury_incident_record
from health_records.services.medication import (
    medication_administration_record,
    medication_request_confirm,
    medication_request_create,
    require_guardian,
)

from .base import centre_today, with_viewer
from .care_forms import (
    DoseForm,
    HealthCheckForm,
    InjuryFollowUpForm,
    InjuryForm,
    MedicationRequestForm,
    add_service_error,
)

T = "health_records/"


def _refused(request: HttpRequest, exc: PermissionDeniedError) -> HttpResponse:
    return render(request, T + "care_refused.html", {"message": str(exc)}, status=403)


@with_viewer
def medication_request_new(
    request: HttpRequest, viewer: Viewer, child_id: uuid.UUID
) -> HttpResponse:
    """A guardian writes and confirms a medication request for their own child (staff who are
    not the child's guardian get the 403 page on opening, as on saving)."""
    child = child_get(viewer, child_id)
    require_guardian(viewer.user, child)
    requests = MedicationRequest.objects.filter(child=child).order_by("-start_date")[:10]
    form = MedicationRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            medication_request_create(child=child, requested_by=viewer.user, **data)
            messages.success(request, _("Medication request sent to the centre."))
            return redirect("medication_request_new", child_id=child.pk)
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        T + "medicationrequest_form.html",
        {"child": child, "form": form, "requests": requests},
        status=status,
    )


@with_viewer
def medication_doses(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Today's doses of the centre (caregivers: their rooms): due, overdue, recorded."""
    now = timezone.now()
    doses = medication_doses_for_day(viewer, centre_today(viewer), now)
    return render(
        request,
        T + "medicationadministration_list.html",
        {
            "doses": doses,
            "today": centre_today(viewer),
            "overdue": sum(1 for d in doses if d.status == "overdue"),
        },
    )


@require_POST
@with_viewer
def medication_dose_record(
    request: HttpRequest, viewer: Viewer, request_id: uuid.UUID
) -> HttpResponse:
    """Record one dose now (given / refused / spat out / withheld)."""
    if viewer.membership is None:
        raise NotStaff
    med = MedicationRequest.objects.select_related("child__centre", "centre").get(
        pk=request_id, centre_id=viewer.membership.centre_id
    )
    form = DoseForm(request.POST)
    if form.is_valid():
        try:
            medication_administration_record(
                request=med,
                scheduled_for=form.cleaned_data["scheduled_for"],
                given_at=timezone.now(),
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                recorded_by=viewer.user,
            )
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except (DomainError, ValidationError) as exc:
            messages.error(
                request, str(exc) if isinstance(exc, DomainError) else " ".join(exc.messages)
            )
    else:
        messages.error(request, _("The dose could not be read; reload the page."))
    return redirect("medication_doses")


@with_viewer
def injury_new(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """Register an injury incident (伤害登记)."""
    child = child_get(viewer, child_id)
    if viewer.membership is None:
        raise NotStaff
    require_writer(viewer.user, child)
    form = InjuryForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        now = timezone.now()
        occurred_at = form.when(centre_today(viewer), child.centre.tz, now)
        for key in ("time", "parent_informed"):
            data.pop(key)
        try:
            injury_incident_record(
                child=child,
                occurred_at=occurred_at,
                recorded_by=viewer.user,
                parent_informed_at=now if form.cleaned_data["parent_informed"] else None,
                **data,
            )
            return redirect("child_day", child_id=child.pk)
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request, T + "injuryincident_form.html", {"child": child, "form": form}, status=status
    )


@with_viewer
def injury_follow_up(request: HttpRequest, viewer: Viewer, incident_id: uuid.UUID) -> HttpResponse:
    """Add the follow-up of an injury: what was done since, parent informed, and (doctor or
    nurse) the medical review and outcome; the incident's history below. Another centre's
    incident or a parent → 404; a caregiver who did not record it → 403; stale → 409."""
    if viewer.membership is None:
        raise NotStaff
    incident = InjuryIncident.objects.select_related(
        "child__centre", "child__classroom", "recorded_by", "reviewed_by"
    ).get(pk=incident_id, centre_id=viewer.membership.centre_id)
    access_log_record(
        viewer=viewer,
        child=incident.child,
        what="injury_follow_up",
        request_id=str(getattr(request, "request_id", "")),
    )
    tz = incident.child.centre.tz
    informed = incident.parent_informed_at
    form = InjuryFollowUpForm(
        request.POST or None,
        medical=viewer.is_medical,
        initial={
            "version": incident.version,
            "follow_up": incident.follow_up,
            "parent_informed_at": timezone.localtime(informed, tz) if informed else None,
            "review_note": incident.review_note,
            "outcome": incident.outcome,
        },
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            injury_incident_follow_up(
                incident=incident,
                expected_version=data["version"],
                recorded_by=viewer.user,
                follow_up=data["follow_up"],
                parent_informed_at=data["parent_informed_at"],
                review_note=data.get("review_note"),
                outcome=data.get("outcome"),
            )
            messages.success(request, _("Follow-up saved."))
            return redirect("injury_follow_up", incident_id=incident.pk)
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
            status = getattr(exc, "http_status", 400)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        T + "injuryincident_follow_up.html",
        {
            "incident": incident,
            "child": incident.child,
            "form": form,
            "history": record_history(incident, tz),
        },
        status=status,
    )


@with_viewer
def health_check_new(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """The doctor or nurse records an examination."""
    child = child_get(viewer, child_id)
    if viewer.membership is None:
        raise NotStaff
    require_medical(viewer.user, child.centre)  # a caregiver: the 403 page on opening
    form = HealthCheckForm(request.POST or None, initial={"examined_on": centre_today(viewer)})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            health_check_record(child=child, recorded_by=viewer.user, **form.cleaned_data)
            messages.success(request, _("Health check saved."))
            return redirect("health_checks_due")
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request, T + "healthcheck_form.html", {"child": child, "form": form}, status=status
    )


@with_viewer
def health_checks_due_view(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Who is due or overdue for an examination or a haemoglobin test (medical team)."""
    today = centre_today(viewer)
    rows = health_checks_due(viewer, today)
    return render(request, T + "healthcheck_due.html", {"rows": rows, "today": today})


@require_POST
@with_viewer
def medication_request_confirm_view(
    request: HttpRequest, viewer: Viewer, request_id: uuid.UUID
) -> HttpResponse:
    """The guardian confirms a request that is waiting for their confirmation."""
    med = MedicationRequest.objects.select_related("child__centre").get(
        pk=request_id, child__in=children_visible_to(viewer)
    )
    try:
        medication_request_confirm(
            request=med,
            guardian=viewer.user,
            expected_version=int(request.POST.get("version", "0") or 0),
        )
        messages.success(request, _("Medication request confirmed."))
    except PermissionDeniedError as exc:
        return _refused(request, exc)
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("medication_request_new", child_id=med.child_id)
