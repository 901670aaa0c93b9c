"""Reads for the role landing pages: classroom roster, centre overview, my children."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from health_records.models import (
    Child,
    Classroom,
    ClassType,
    Guardianship,
    StaffMembership,
    StaffRole,
)

from .access import Viewer

CLASS_TYPE_ORDER = Case(
    *[When(class_type=code, then=Value(i)) for i, code in enumerate(ClassType.values)],
    output_field=IntegerField(),
)
"""Orders classrooms by the children's age: infant, young toddler, older toddler, mixed."""


class NotStaff(Exception):
    """The viewer has no staff membership, so a staff page is not theirs (mapped to 404)."""


def _enrolled_on(day: dt.date) -> Q:
    return Q(enrolled_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gte=day))


def classrooms_for_viewer(viewer: Viewer) -> QuerySet[Classroom]:
    """Classrooms the staff viewer works in: a caregiver's assigned rooms, else the whole centre.

    Raises :class:`NotStaff` for a viewer without a staff membership.
    """
    if viewer.membership is None:
        raise NotStaff
    rooms = Classroom.objects.filter(centre_id=viewer.membership.centre_id)
    if viewer.membership.role == StaffRole.CAREGIVER:
        rooms = rooms.filter(caregivers=viewer.membership)
    return rooms.order_by(CLASS_TYPE_ORDER, "name")


def classroom_get(viewer: Viewer, classroom_id: uuid.UUID) -> Classroom:
    """One classroom of the viewer's centre (any staff role may read any room of the centre).

    Raises :class:`Classroom.DoesNotExist` when it is not in the viewer's centre, :class:`NotStaff`
    for a non-staff viewer.
    """
    if viewer.membership is None:
        raise NotStaff
    return Classroom.objects.select_related("centre").get(
        pk=classroom_id, centre_id=viewer.membership.centre_id
    )


@dataclass(frozen=True)
class ClassroomLoad:
    classroom: Classroom
    enrolled: int

    @property
    def free_places(self) -> int:
        return self.classroom.capacity - self.enrolled


@dataclass(frozen=True)
class CentreOverview:
    classrooms: list[ClassroomLoad]
    enrolled_total: int
    unassigned: int
    staff: list[StaffMembership]

    @property
    def assigned_total(self) -> int:
        return sum(load.enrolled for load in self.classrooms)


def centre_overview(viewer: Viewer, day: dt.date) -> CentreOverview:
    """Classrooms with enrolment on ``day`` against capacity, and the staff list. Three queries.

    Raises :class:`NotStaff` for a viewer without a staff membership.
    """
    if viewer.membership is None:
        raise NotStaff
    centre_id = viewer.membership.centre_id
    enrolled = Q(children__enrolled_on__lte=day) & (
        Q(children__left_on__isnull=True) | Q(children__left_on__gte=day)
    )
    rooms = (
        Classroom.objects.filter(centre_id=centre_id)
        .annotate(enrolled=Count("children", filter=enrolled))
        .order_by(CLASS_TYPE_ORDER, "name")
    )
    loads = [ClassroomLoad(classroom=room, enrolled=room.enrolled) for room in rooms]
    children = Child.objects.filter(_enrolled_on(day), centre_id=centre_id)
    total = children.count()
    staff = list(
        StaffMembership.objects.filter(centre_id=centre_id, is_active=True)
        .select_related("user")
        .prefetch_related("classrooms")
        .order_by("role", "user__last_name", "user__first_name")
    )
    return CentreOverview(
        classrooms=loads,
        enrolled_total=total,
        unassigned=total - sum(load.enrolled for load in loads),
        staff=staff,
    )


def my_children(viewer: Viewer) -> list[Guardianship]:
    """The viewer's guardianships with child, classroom and centre joined. One query."""
    return list(
        Guardianship.objects.filter(user=viewer.user)
        .select_related("child__classroom", "child__centre")
        .order_by("child__birth_date")
    )
