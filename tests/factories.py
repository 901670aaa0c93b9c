"""factory_boy factories for master data (centres, rooms, children, users, links)."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from health_records.models import (
    CarePlan,
    Centre,
    Child,
    Classroom,
    ClassType,
    ConsentPolicy,
    GuardianRelationship,
    Guardianship,
    Sex,
    StaffMembership,
    StaffRole,
)

TEST_PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    name = factory.Sequence(lambda n: f"Centre {n}")
    operator = factory.Sequence(lambda n: f"District MCH Hospital {n}")
    capacity = 60
    time_zone = "Asia/Shanghai"


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classroom

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    class_type = ClassType.YOUNG_TODDLER
    capacity = 15


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    classroom = factory.SubFactory(ClassroomFactory)
    centre = factory.SelfAttribute("classroom.centre")
    family_name = "王"
    given_name = factory.Sequence(lambda n: f"小{n}")
    sex = Sex.FEMALE
    birth_date = dt.date(2025, 3, 1)
    enrolled_on = dt.date(2025, 9, 1)
    care_plan = CarePlan.FULL_DAY


class StaffMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMembership

    user = factory.SubFactory(UserFactory)
    centre = factory.SubFactory(CentreFactory)
    role = StaffRole.NURSE


class GuardianshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardianship

    user = factory.SubFactory(UserFactory)
    child = factory.SubFactory(ChildFactory)
    relationship = GuardianRelationship.MOTHER


class ConsentPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentPolicy

    version = factory.Sequence(lambda n: f"1.{n}")
    effective_from = dt.date(2025, 1, 1)
    title_zh = "单独同意书"
    title_en = "Separate consent"
    text_zh = "同意书正文。"
    text_en = "Consent text."
