"""Shared fixtures: two centres with staff of every role, two families, a client per role."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from health_records.models import Centre, Child, Classroom, Guardianship, StaffRole
from health_records.services.consent import consent_give

from .factories import (
    CentreFactory,
    ChildFactory,
    ClassroomFactory,
    ConsentPolicyFactory,
    GuardianshipFactory,
    StaffMembershipFactory,
    UserFactory,
)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@dataclass
class World:
    """Two centres. Centre A has rooms a1 (caregiver_a1's) and a2, children in each, two families;
    centre B has its own nurse and child (guardian parent_c). Every child's guardian has
    consented under the policy in force."""

    centre_a: Centre
    room_a1: Classroom
    room_a2: Classroom
    child_a1: Child
    child_a2: Child
    centre_b: Centre
    child_b: Child
    users: dict[str, object]


@pytest.fixture
def world(db: None) -> World:
    centre_a = CentreFactory(name="Centre A")
    room_a1 = ClassroomFactory(centre=centre_a, name="A1")
    room_a2 = ClassroomFactory(centre=centre_a, name="A2")
    child_a1 = ChildFactory(classroom=room_a1, given_name="一")
    child_a2 = ChildFactory(classroom=room_a2, given_name="二")
    centre_b = CentreFactory(name="Centre B")
    child_b = ChildFactory(classroom=ClassroomFactory(centre=centre_b, name="B1"), given_name="三")
    users: dict[str, object] = {}
    for role in (StaffRole.DIRECTOR, StaffRole.DOCTOR, StaffRole.NURSE):
        users[role.value] = StaffMembershipFactory(
            user=UserFactory(username=role.value), centre=centre_a, role=role
        ).user
    caregiver = StaffMembershipFactory(
        user=UserFactory(username="caregiver_a1"), centre=centre_a, role=StaffRole.CAREGIVER
    )
    caregiver.classrooms.set([room_a1])
    users["caregiver"] = caregiver.user
    users["nurse_b"] = StaffMembershipFactory(
        user=UserFactory(username="nurse_b"), centre=centre_b, role=StaffRole.NURSE
    ).user
    users["parent_a"] = GuardianshipFactory(
        user=UserFactory(username="parent_a"), child=child_a1
    ).user
    users["parent_b"] = GuardianshipFactory(
        user=UserFactory(username="parent_b"), child=child_a2
    ).user
    users["parent_c"] = GuardianshipFactory(
        user=UserFactory(username="parent_c"), child=child_b
    ).user
    users["nobody"] = UserFactory(username="nobody")
    # Every child's guardian has consented under the policy in force (PIPL separate consent), as
    # required before health records are kept; tests of missing consent remove it themselves.
    policy = ConsentPolicyFactory()
    for guardianship in Guardianship.objects.filter(child__in=[child_a1, child_a2, child_b]):
        consent_give(guardian=guardianship.user, child=guardianship.child, policy=policy)
    return World(centre_a, room_a1, room_a2, child_a1, child_a2, centre_b, child_b, users)


@pytest.fixture
def client_as(world: World):
    """``client_as("nurse")`` → a Django test client logged in as that world user (English UI)."""

    def make(name: str, language: str = "en") -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(world.users[name])
        client.cookies["django_language"] = language
        return client

    return make


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """PBKDF2 with a million rounds costs ~0.3 s a user; tests use a fast hasher instead."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Service-level tests read messages in English; a request still activates the language its
    client asks for (LocaleMiddleware), and the override is undone after each test, so no test
    inherits the language a previous one left active."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (cached charts, lockout counters): the test database
    is rolled back after each test, the process-local cache is not."""
    cache.clear()
    yield
