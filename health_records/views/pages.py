"""Landing pages per role, the classroom roster, the centre overview, a child's page."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from health_records.models import StaffRole, WorkerHeartbeat
from health_records.selectors.access import Viewer, children_visible_to
from health_records.selectors.care import injuries_of
from health_records.selectors.centre import (
    centre_overview,
    classrooms_for_viewer,
    my_children,
)
from health_records.services.audit import access_log_record

from .base import centre_today, with_viewer

LANDING = {
    StaffRole.CAREGIVER: "my_classrooms",
    StaffRole.NURSE: "medical_dashboard",
    StaffRole.DOCTOR: "medical_dashboard",
    StaffRole.DIRECTOR: "centre_overview",
}


@with_viewer
def home(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Send each role to its landing page; a user with no role sees an explanation."""
    if viewer.membership is not None:
        return redirect(LANDING[StaffRole(viewer.membership.role)])
    if viewer.is_guardian:
        return redirect("my_children")
    return render(request, "health_records/no_role.html", status=403)


@with_viewer
def my_classrooms(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """A caregiver's classrooms; with exactly one, go straight to its roster."""
    rooms = list(classrooms_for_viewer(viewer))
    if len(rooms) == 1:
        return redirect("classroom_roster", classroom_id=rooms[0].pk)
    return render(request, "health_records/classroom_list.html", {"classrooms": rooms})


@with_viewer
def medical_dashboard(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The medical team's dashboard: the live alert inbox, today's flags, the stall banner."""
    from .alerts import inbox_context

    rooms = list(classrooms_for_viewer(viewer))
    heartbeat = WorkerHeartbeat.objects.filter(name="worker").first()
    return render(
        request,
        "health_records/medical_dashboard.html",
        {
            "classrooms": rooms,
            "heartbeat": heartbeat,
            "today": centre_today(viewer),
            **inbox_context(viewer),
        },
    )


@with_viewer
def centre_overview_view(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The director's overview: classrooms, enrolment against capacity, staff."""
    today = centre_today(viewer)
    overview = centre_overview(viewer, today)
    return render(
        request, "health_records/centre_overview.html", {"overview": overview, "today": today}
    )


@with_viewer
def my_children_view(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """A guardian's own children."""
    return render(
        request, "health_records/my_children.html", {"guardianships": my_children(viewer)}
    )


@with_viewer
def child_detail(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """One child's page (scoped; 404 if not the viewer's) with the child's recent injuries and
    their follow-up. Logs the read."""
    child = children_visible_to(viewer).get(pk=child_id)
    access_log_record(
        viewer=viewer,
        child=child,
        what="child_detail",
        request_id=getattr(request, "request_id", ""),
    )
    today = centre_today(viewer)
    return render(
        request,
        "health_records/child_detail.html",
        {
            "child": child,
            "today": today,
            "age_months": child.age_months(today),
            "injuries": injuries_of(viewer, child),
        },
    )
