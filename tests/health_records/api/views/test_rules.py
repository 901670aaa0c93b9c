"""The centre's health-rule thresholds through the API: director and doctor only, versioned."""

from __future__ import annotations

import pytest

from health_records.models import HealthRuleSettings

URL = "/api/v1/centre/thresholds/"


def test_doctor_reads_the_defaults_at_version_1(world, api_as):
    """No thresholds set: the defaults (fever 37.3 °C, low 35.0 °C, 3 loose stools, 2 vomits,
    2 refused meals), version 1, ETag "1", five rows."""
    response = api_as("doctor").get(URL)
    body = response.json()
    assert (response.status_code, response["ETag"]) == (200, '"1"')
    assert (
        body["version"],
        body["fever_axillary_c"],
        body["low_temperature_c"],
        body["loose_stools_in_24h"],
        body["vomits_per_day"],
        body["refused_meals_in_row"],
        len(body["rows"]),
        body["history"],
    ) == (1, "37.3", "35.0", 3, 2, 2, 5, [])


@pytest.mark.parametrize("role", ["nurse", "caregiver", "parent_a"])
def test_other_roles_get_404(world, api_as, role):
    """Nurse, caregiver, parent: 404 on GET and PATCH, as the page; nothing saved."""
    client = api_as(role)
    statuses = (
        client.get(URL).status_code,
        client.patch(URL, {"version": 1, "vomits_per_day": 3}, format="json").status_code,
    )
    assert (statuses, HealthRuleSettings.objects.count()) == ((404, 404), 0)


def test_director_changes_one_threshold(world, api_as):
    """The director sets fever to 37.5 from version 1: 200, version 2, ETag "2", the other
    thresholds kept, one history line naming the director: 37.3 → 37.5."""
    response = api_as("director").patch(
        URL, {"version": 1, "fever_axillary_c": "37.5"}, format="json"
    )
    body = response.json()
    assert (response.status_code, response["ETag"], body["version"]) == (200, '"2"', 2)
    assert (body["fever_axillary_c"], body["vomits_per_day"]) == ("37.5", 2)
    assert [
        (line["user"], [(c["old"], c["new"]) for c in line["changes"]]) for line in body["history"]
    ] == [(world.users["director"].pk, [("37.3", "37.5")])]


def test_stale_version_is_409(world, api_as):
    """Doctor and director both saw version 1; the second save → 409, the first value stays."""
    api_as("director").patch(URL, {"version": 1, "vomits_per_day": 3}, format="json")
    response = api_as("doctor").patch(URL, {"version": 1, "vomits_per_day": 4}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "edited_by_someone_else")
    assert HealthRuleSettings.objects.get().vomits_per_day == 3


def test_stale_if_match_is_412(world, api_as):
    """If-Match "1" after version 2 was saved → 412 precondition_failed."""
    api_as("director").patch(URL, {"version": 1, "vomits_per_day": 3}, format="json")
    response = api_as("doctor").patch(
        URL, {"vomits_per_day": 4}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert (response.status_code, response.json()["code"]) == (412, "precondition_failed")


def test_out_of_range_is_400_on_its_field(world, api_as):
    """Fever at 40.0 °C (allowed 37.0–39.0) → 400 with the field's out_of_range; nothing
    saved."""
    response = api_as("doctor").patch(
        URL, {"version": 1, "fever_axillary_c": "40.0"}, format="json"
    )
    fields = response.json()["fields"]
    assert (response.status_code, fields["fever_axillary_c"][0]["code"]) == (400, "out_of_range")
    assert HealthRuleSettings.objects.count() == 0


def test_chinese_client_gets_chinese_validation_messages(world, api_as):
    """A Chinese client: DRF's own digit message comes from DRF's zh_Hans catalogue."""
    response = api_as("director", "zh-hans").patch(
        URL, {"version": 1, "fever_axillary_c": "37.35"}, format="json"
    )
    assert (response.status_code, response.json()["fields"]["fever_axillary_c"][0]["detail"]) == (
        400,
        "请确保总计不超过 3 个数字。",
    )


def test_chinese_client_gets_chinese_parse_errors(world, api_as):
    """Not JSON, or JSON ``null``: 400 with our Chinese messages (DRF leaves these English)."""
    client = api_as("director", "zh-hans")
    broken = client.patch(URL, "{version: 1", content_type="application/json")
    empty = client.patch(URL, "null", content_type="application/json")
    assert (broken.status_code, broken.json()["code"], broken.json()["detail"]) == (
        400,
        "parse_error",
        "无法读取请求内容：请提交有效的 JSON。",
    )
    assert (empty.status_code, empty.json()["detail"]) == (400, "未提交任何数据。")
