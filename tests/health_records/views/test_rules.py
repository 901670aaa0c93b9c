"""The thresholds page: director and doctor edit, others 404, errors shown, history listed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from health_records.models import HealthRuleSettings

URL = "/centre/thresholds/"

FORM = {
    "version": "1",
    "fever_axillary_c": "37.3",
    "low_temperature_c": "35.0",
    "loose_stools_in_24h": "3",
    "vomits_per_day": "2",
    "refused_meals_in_row": "2",
}


def test_url_name_resolves():
    """The page lives at /centre/thresholds/."""
    assert reverse("health_rule_settings") == URL


def test_director_sees_values_defaults_and_sources(world, client_as):
    """The page shows each default with its source (WHO diarrhoea, 诸福棠) and is linked from
    the director's landing page."""
    html = client_as("director").get(URL).content.decode()
    landing = client_as("director").get(reverse("centre_overview")).content.decode()
    assert "37.3" in html and "Diarrhoeal disease fact sheet (2024)" in html
    assert "《诸福棠实用儿科学》" in html and URL in landing


def test_director_saves_and_the_change_is_listed_with_who(world, client_as):
    """Fever 37.5: saved (version 2), and the changes list names the director and 37.3 → 37.5."""
    response = client_as("director").post(URL, {**FORM, "fever_axillary_c": "37.5"})
    html = client_as("director").get(URL).content.decode()
    saved = HealthRuleSettings.objects.get(centre=world.centre_a)
    assert response.status_code == 302
    assert (saved.fever_axillary_c, saved.version) == (Decimal("37.5"), 2)
    assert "37.3 → 37.5" in html and "director" in html


def test_doctor_may_save_too(world, client_as):
    """The centre doctor saves 3 vomits a day."""
    client_as("doctor").post(URL, {**FORM, "vomits_per_day": "3"})
    assert HealthRuleSettings.objects.get().vomits_per_day == 3


def test_out_of_range_values_are_shown_and_nothing_is_saved(world, client_as):
    """Fever 39.5 and 0 loose stools → 400, one message each, no row written."""
    response = client_as("director").post(
        URL, {**FORM, "fever_axillary_c": "39.5", "loose_stools_in_24h": "0"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a value from 37.0 to 39.0." in html and "Enter a value from 2 to 10." in html
    assert not HealthRuleSettings.objects.exists()


def test_messages_are_in_chinese_for_a_chinese_ui(world, client_as):
    """The range message is translated: 请输入 37.0 到 39.0 之间的数值。"""
    response = client_as("director", "zh-hans").post(URL, {**FORM, "fever_axillary_c": "36"})
    assert "请输入 37.0 到 39.0 之间的数值。" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter the temperature with at most one decimal, e.g. 36.8."),
        ("zh-hans", "体温最多保留一位小数，例如 36.8。"),
    ],
)
def test_two_decimals_say_one_decimal(world, client_as, language, message):
    """Fever 37.35 → 400 with "at most one decimal", not Django's "no more than 3 digits"."""
    response = client_as("director", language).post(URL, {**FORM, "fever_axillary_c": "37.35"})
    html = response.content.decode()
    generic = ("no more than 3 digits", "不超过 3 个数字")
    assert (response.status_code, message in html, any(g in html for g in generic)) == (
        400,
        True,
        False,
    )


def test_stale_version_is_409(world, client_as):
    """Two editors from version 1: the second save → 409, the first stands."""
    client_as("director").post(URL, {**FORM, "vomits_per_day": "3"})
    response = client_as("doctor").post(URL, {**FORM, "vomits_per_day": "4"})
    assert response.status_code == 409
    assert HealthRuleSettings.objects.get().vomits_per_day == 3


@pytest.mark.parametrize("user", ["nurse", "caregiver", "parent_a", "nurse_b"])
def test_page_is_404_for_everyone_else(world, client_as, user):
    """Nurse, caregiver, parents and another centre's staff → 404 (as the alert inbox)."""
    assert client_as(user).get(URL).status_code == 404
    assert client_as(user).post(URL, {**FORM, "vomits_per_day": "3"}).status_code == 404


def test_another_centres_director_edits_only_their_centre(world, client_as):
    """Centre B's director saves centre B's thresholds; centre A's stay the defaults."""
    from tests.factories import StaffMembershipFactory, UserFactory

    world.users["director_b"] = StaffMembershipFactory(
        user=UserFactory(username="director_b"), centre=world.centre_b, role="director"
    ).user
    client_as("director_b").post(URL, {**FORM, "vomits_per_day": "3"})
    assert list(HealthRuleSettings.objects.values_list("centre_id", "vomits_per_day")) == [
        (world.centre_b.pk, 3)
    ]
