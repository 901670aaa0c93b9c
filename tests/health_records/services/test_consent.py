"""Guardian consent (PIPL art. 28–31): give, withdraw, and the check before records are kept."""

from __future__ import annotations

import datetime as dt

import pytest

from health_records.exceptions import DomainError, PermissionDeniedError
from health_records.models import GuardianConsent
from health_records.services.consent import consent_give, consent_require, consent_withdraw

from ...factories import ConsentPolicyFactory, GuardianshipFactory


def test_world_children_are_covered(world):
    """The fixture's consent lets records be kept for every child."""
    consent_require(child=world.child_a1)


def test_withdrawn_consent_blocks_records(world):
    """After the only guardian withdraws, consent_require refuses with consent_missing."""
    consent_withdraw(guardian=world.users["parent_a"], child=world.child_a1)
    with pytest.raises(DomainError) as err:
        consent_require(child=world.child_a1)
    assert err.value.code == "consent_missing"


def test_one_guardians_consent_suffices(world):
    """With two guardians, one withdrawing leaves the other's consent covering the child."""
    father = GuardianshipFactory(child=world.child_a1, relationship="father").user
    policy = GuardianConsent.objects.get(guardian=world.users["parent_a"]).policy
    consent_give(guardian=father, child=world.child_a1, policy=policy)
    consent_withdraw(guardian=world.users["parent_a"], child=world.child_a1)
    consent_require(child=world.child_a1)


def test_new_policy_version_needs_new_consent(world):
    """A policy that came into force after the consent makes the old consent insufficient."""
    ConsentPolicyFactory(version="2.0", effective_from=dt.date(2025, 6, 1))
    with pytest.raises(DomainError) as err:
        consent_require(child=world.child_a1)
    assert (err.value.code, err.value.params) == ("consent_missing", {"version": "2.0"})


def test_no_policy_published_blocks_records(world):
    """Without any policy in force the check says the director must publish one."""
    from health_records.models import ConsentPolicy

    GuardianConsent.objects.all().delete()
    ConsentPolicy.objects.all().delete()
    with pytest.raises(DomainError) as err:
        consent_require(child=world.child_a1)
    assert err.value.code == "consent_policy_missing"


def test_only_a_guardian_can_give_consent(world):
    """A nurse cannot consent on a family's behalf."""
    policy = GuardianConsent.objects.first().policy
    with pytest.raises(PermissionDeniedError):
        consent_give(guardian=world.users["nurse"], child=world.child_a1, policy=policy)


def test_giving_twice_keeps_one_row(world):
    """Consent already active is returned, not duplicated."""
    existing = GuardianConsent.objects.get(guardian=world.users["parent_a"])
    again = consent_give(
        guardian=world.users["parent_a"], child=world.child_a1, policy=existing.policy
    )
    assert (again.pk, GuardianConsent.objects.filter(child=world.child_a1).count()) == (
        existing.pk,
        1,
    )


def test_consent_under_an_outdated_policy_is_refused(world):
    """Consenting to a superseded policy version is refused with consent_policy_not_current."""
    old = GuardianConsent.objects.first().policy
    ConsentPolicyFactory(version="2.0", effective_from=dt.date(2025, 6, 1))
    with pytest.raises(DomainError) as err:
        consent_give(guardian=world.users["parent_a"], child=world.child_a1, policy=old)
    assert err.value.code == "consent_policy_not_current"


def test_withdrawing_without_consent_is_an_error(world):
    """Withdrawing twice: the second time there is nothing to withdraw."""
    consent_withdraw(guardian=world.users["parent_a"], child=world.child_a1)
    with pytest.raises(DomainError) as err:
        consent_withdraw(guardian=world.users["parent_a"], child=world.child_a1)
    assert err.value.code == "consent_not_given"
