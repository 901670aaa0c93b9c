"""A centre's health-rule thresholds: who may change them, ranges, versions, history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from health_records.exceptions import ConflictError, DomainError, PermissionDeniedError
from health_records.models import HealthRuleSettings
from health_records.services.care_rules import health_rule_settings_update, thresholds_for

DEFAULTS = {
    "fever_axillary_c": Decimal("37.3"),
    "low_temperature_c": Decimal("35.0"),
    "loose_stools_in_24h": 3,
    "vomits_per_day": 2,
    "refused_meals_in_row": 2,
}


def update(world, user, version=1, **changes):
    return health_rule_settings_update(
        centre=world.centre_a,
        changed_by=world.users[user],
        expected_version=version,
        values={**DEFAULTS, **changes},
    )


def test_unsaved_thresholds_are_the_issue_defaults(world):
    """Without a saved row the centre's thresholds are 37.3 / 35.0 / 3 / 2 / 2, version 1."""
    limits = thresholds_for(world.centre_a)
    assert {name: getattr(limits, name) for name in DEFAULTS} | {"version": limits.version} == {
        **DEFAULTS,
        "version": 1,
    }


def test_director_saves_a_fever_threshold_with_history(world):
    """The director sets fever to 37.5 °C: saved as version 2 with the director in history."""
    saved = update(world, "director", fever_axillary_c=Decimal("37.5"))
    assert (saved.fever_axillary_c, saved.version) == (Decimal("37.5"), 2)
    assert saved.history.first().history_user == world.users["director"]


def test_doctor_may_change_the_thresholds(world):
    """The centre doctor is a rule editor too (3 vomits a day)."""
    assert update(world, "doctor", vomits_per_day=3).vomits_per_day == 3


@pytest.mark.parametrize("user", ["nurse", "caregiver", "nurse_b", "parent_a"])
def test_others_cannot_change_the_thresholds(world, user):
    """Nurse, caregiver, another centre's staff, a parent → director_or_doctor_only."""
    with pytest.raises(PermissionDeniedError) as caught:
        update(world, user, vomits_per_day=3)
    assert caught.value.code == "director_or_doctor_only"


def test_out_of_range_values_are_all_reported_and_nothing_saved(world):
    """Fever 39.5 °C and 0 refused meals → one error per field; no row is written."""
    with pytest.raises(ValidationError) as caught:
        update(world, "director", fever_axillary_c=Decimal("39.5"), refused_meals_in_row=0)
    assert sorted(caught.value.message_dict) == ["fever_axillary_c", "refused_meals_in_row"]
    assert caught.value.message_dict["fever_axillary_c"] == ["Enter a value from 37.0 to 39.0."]
    assert not HealthRuleSettings.objects.exists()


def test_unchanged_thresholds_are_refused(world):
    """Saving the defaults as they are → nothing_changed."""
    with pytest.raises(DomainError) as caught:
        update(world, "director")
    assert caught.value.code == "nothing_changed"


def test_stale_version_is_a_conflict(world):
    """A second save based on version 1 after the first made version 2 → ConflictError, and the
    first save stands."""
    update(world, "director", vomits_per_day=3)
    with pytest.raises(ConflictError):
        update(world, "doctor", vomits_per_day=4)
    assert HealthRuleSettings.objects.get().vomits_per_day == 3


def test_new_threshold_applies_to_the_next_check(world, at, checked_in):
    """After fever is set to 37.5 °C, a 37.4 °C morning check raises no fever flag."""
    from health_records.models import SymptomFlag
    from health_records.services.checks import daily_health_check_record

    update(world, "director", fever_axillary_c=Decimal("37.5"))
    daily_health_check_record(
        child=world.child_a1,
        session="morning",
        checked_at=at(8),
        temperature_c="37.4",
        temperature_site="axillary",
        outcome="cleared",
        recorded_by=world.users["caregiver"],
    )
    assert not SymptomFlag.objects.exists()
