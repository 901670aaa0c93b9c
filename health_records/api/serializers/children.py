"""Children, classrooms, guardianships, the caller (output only: these are read endpoints)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from health_records.models import AuthorisedPickup, Child, Classroom, Guardianship

from .base import ModelOut


class ChildOut(ModelOut[Child]):
    """A child; ``gestational_age_weeks`` + ``gestational_age_days`` at birth (blank: term)."""

    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Child
        fields = [
            "id",
            "centre",
            "classroom",
            "family_name",
            "given_name",
            "full_name",
            "sex",
            "birth_date",
            "gestational_age_weeks",
            "gestational_age_days",
            "care_plan",
            "allergies",
            "enrolled_on",
            "left_on",
        ]
        read_only_fields = fields


class ClassroomOut(ModelOut[Classroom]):
    class Meta:
        model = Classroom
        fields = ["id", "centre", "name", "class_type", "capacity"]
        read_only_fields = fields


class GuardianshipOut(ModelOut[Guardianship]):
    class Meta:
        model = Guardianship
        fields = ["id", "user", "child", "relationship", "phone", "is_primary"]
        read_only_fields = fields


class MeOut(serializers.Serializer[Any]):
    """The caller: ``role`` is director/doctor/nurse/caregiver/parent; ``centre`` for staff."""

    username = serializers.CharField()
    role = serializers.CharField()
    centre = serializers.UUIDField(allow_null=True)


class TokenIn(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


class TokenOut(serializers.Serializer[Any]):
    """Send as ``Authorization: Token <token>``."""

    token = serializers.CharField()


class PickupOut(ModelOut[AuthorisedPickup]):
    """A person the guardians authorised to collect the child (``picked_up_by`` at check-out)."""

    class Meta:
        model = AuthorisedPickup
        fields = ["id", "name", "relationship", "phone"]
        read_only_fields = fields


class ClearanceIn(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
