"""Writes for centres, classrooms, children, guardians and staff."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from health_records.models import (
    Centre,
    Child,
    Classroom,
    Guardianship,
    StaffMembership,
)


@transaction.atomic
def centre_create(
    *, name: str, operator: str, capacity: int, time_zone: str = "Asia/Shanghai", address: str = ""
) -> Centre:
    """Create a centre. Raises ``ValidationError`` on bad input (nothing stored)."""
    centre = Centre(
        name=name, operator=operator, capacity=capacity, time_zone=time_zone, address=address
    )
    centre.full_clean()
    centre.save()
    return centre


@transaction.atomic
def classroom_create(*, centre: Centre, name: str, class_type: str, capacity: int) -> Classroom:
    """Create a classroom in ``centre``. Raises ``ValidationError`` on bad input."""
    room = Classroom(centre=centre, name=name, class_type=class_type, capacity=capacity)
    room.full_clean()
    room.save()
    return room


@transaction.atomic
def child_enrol(
    *,
    centre: Centre,
    classroom: Classroom | None,
    family_name: str,
    given_name: str,
    sex: str,
    birth_date: dt.date,
    enrolled_on: dt.date,
    care_plan: str,
    gestational_age_weeks: int | None = None,
    gestational_age_days: int = 0,
    allergies: str = "",
) -> Child:
    """Enrol a child at ``centre``. Raises ``ValidationError`` (nothing stored) on bad input.

    Side effect: one ``Child`` row and its history row.
    """
    child = Child(
        centre=centre,
        classroom=classroom,
        family_name=family_name,
        given_name=given_name,
        sex=sex,
        birth_date=birth_date,
        enrolled_on=enrolled_on,
        care_plan=care_plan,
        gestational_age_weeks=gestational_age_weeks,
        gestational_age_days=gestational_age_days,
        allergies=allergies,
    )
    child.full_clean()
    child.save()
    return child


@transaction.atomic
def guardianship_add(
    *,
    user: User,
    child: Child,
    relationship: str,
    phone: str = "",
    is_primary: bool = False,
) -> Guardianship:
    """Link a guardian's account to a child. Raises ``ValidationError`` if already linked."""
    link = Guardianship(
        user=user, child=child, relationship=relationship, phone=phone, is_primary=is_primary
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def staff_membership_add(
    *, user: User, centre: Centre, role: str, classrooms: list[Classroom] | None = None
) -> StaffMembership:
    """Give ``user`` a role at ``centre`` (caregivers with their classrooms).

    Raises ``ValidationError`` on a second membership at the same centre or a classroom of
    another centre.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    rooms = classrooms or []
    if any(room.centre_id != centre.pk for room in rooms):
        raise ValidationError(
            _("A classroom belongs to another centre."), code="classroom_other_centre"
        )
    membership = StaffMembership(user=user, centre=centre, role=role)
    membership.full_clean()
    membership.save()
    if rooms:
        membership.classrooms.set(rooms)
    return membership
