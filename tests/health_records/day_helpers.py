"""Helpers for the day-record tests: extra children whose guardian has consented."""

from __future__ import annotations

from django.utils import timezone

from health_records.models import Child, Classroom
from health_records.selectors.consent import consent_policy_current
from health_records.services.consent import consent_give
from tests.factories import ChildFactory, GuardianshipFactory


def consented_child(classroom: Classroom, **fields: object) -> Child:
    """A new child of ``classroom`` (other ``ChildFactory`` fields as keywords) with a guardian
    who consented under the policy in force (the ``world`` fixture publishes one), so the record
    services accept the child."""
    child = ChildFactory(classroom=classroom, **fields)
    guardianship = GuardianshipFactory(child=child)
    policy = consent_policy_current(on=timezone.localdate(timezone=child.centre.tz))
    assert policy is not None
    consent_give(guardian=guardianship.user, child=child, policy=policy)
    return child
