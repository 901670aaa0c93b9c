"""ETag / If-Match on versioned records' detail endpoints (``health_records.api.conditional``)."""

from __future__ import annotations

from health_records.models import WaterRecord
from health_records.services.care import care_record_update, water_record

from .conftest import at_local


def water(world, day) -> WaterRecord:
    return water_record(
        child=world.child_a1,
        occurred_at=at_local(world, day, 9),
        volume_ml=80,
        recorded_by=world.users["nurse"],
    )


def bump(world, record: WaterRecord) -> WaterRecord:
    """Someone else saves the record: version 1 → 2."""
    return care_record_update(
        record=record,
        expected_version=record.version,
        edited_by=world.users["nurse"],
        changes={"volume_ml": 90},
    )


def url(record: WaterRecord) -> str:
    return f"/api/v1/care/water/{record.pk}/"


def test_get_detail_etag_is_the_quoted_version(world, api_as, stay_a1, yesterday):
    """GET detail: ETag is the strong tag "<version>", equal to the body's version."""
    record = bump(world, water(world, yesterday))
    response = api_as("nurse").get(url(record))
    assert (response["ETag"], response.json()["version"]) == ('"2"', 2)


def test_stale_if_match_is_412_and_nothing_changes(world, api_as, stay_a1, yesterday):
    """If-Match "1" on a record at version 2: 412 precondition_failed; the row is as it was."""
    record = bump(world, water(world, yesterday))
    response = api_as("nurse").patch(
        url(record), {"volume_ml": 150}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert (response.status_code, response.json()["code"]) == (412, "precondition_failed")
    stored = WaterRecord.objects.get(pk=record.pk)
    assert (stored.version, stored.volume_ml) == (2, 90)


def test_fresh_if_match_saves_and_returns_the_new_etag(world, api_as, stay_a1, yesterday):
    """If-Match "1" on version 1, no body version: 200, the change, ETag "2"."""
    record = water(world, yesterday)
    response = api_as("nurse").patch(
        url(record), {"volume_ml": 150}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert (response.status_code, response["ETag"], response.json()["volume_ml"]) == (
        200,
        '"2"',
        150,
    )
    assert WaterRecord.objects.get(pk=record.pk).version == 2


def test_if_match_among_several_tags_matches(world, api_as, stay_a1, yesterday):
    """If-Match listing a stale and the current tag: the current one matches, 200."""
    record = bump(world, water(world, yesterday))
    response = api_as("nurse").patch(
        url(record), {"volume_ml": 100}, format="json", HTTP_IF_MATCH='"1", "2"'
    )
    assert response.status_code == 200


def test_weak_tag_never_matches(world, api_as, stay_a1, yesterday):
    """If-Match W/"1" on version 1: strong comparison fails, 412; nothing saved."""
    record = water(world, yesterday)
    response = api_as("nurse").patch(
        url(record), {"volume_ml": 150}, format="json", HTTP_IF_MATCH='W/"1"'
    )
    assert response.status_code == 412
    assert WaterRecord.objects.get(pk=record.pk).volume_ml == 80


def test_if_match_and_body_version_disagreeing_is_412(world, api_as, stay_a1, yesterday):
    """If-Match "2" (current) with body version 1: 412 if_match_disagrees; nothing saved."""
    record = bump(world, water(world, yesterday))
    response = api_as("nurse").patch(
        url(record), {"version": 1, "volume_ml": 150}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert (response.status_code, response.json()["code"]) == (412, "if_match_disagrees")
    assert WaterRecord.objects.get(pk=record.pk).volume_ml == 90


def test_body_version_alone_keeps_the_409(world, api_as, stay_a1, yesterday):
    """No If-Match, stale body version: the service's 409 edited_by_someone_else, as before."""
    record = bump(world, water(world, yesterday))
    response = api_as("nurse").patch(url(record), {"version": 1, "volume_ml": 150}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "edited_by_someone_else")


def test_no_version_at_all_is_400_required(world, api_as, stay_a1, yesterday):
    """Neither If-Match nor body version: 400 required on the version field, as before."""
    record = water(world, yesterday)
    response = api_as("nurse").patch(url(record), {"volume_ml": 150}, format="json")
    body = response.json()
    assert (response.status_code, body["fields"]["version"][0]["code"]) == (400, "required")


def test_star_needs_the_body_version(world, api_as, stay_a1, yesterday):
    """If-Match * names no version: alone 400 required; with body version 1, 200."""
    record = water(world, yesterday)
    client = api_as("nurse")
    alone = client.patch(url(record), {"volume_ml": 150}, format="json", HTTP_IF_MATCH="*")
    with_version = client.patch(
        url(record), {"version": 1, "volume_ml": 150}, format="json", HTTP_IF_MATCH="*"
    )
    assert (alone.status_code, with_version.status_code) == (400, 200)


def test_412_is_translated(world, api_as, stay_a1, yesterday):
    """zh-hans caller: the 412 detail is in Chinese, the code unchanged."""
    record = bump(world, water(world, yesterday))
    response = api_as("nurse", "zh-hans").patch(
        url(record), {"volume_ml": 150}, format="json", HTTP_IF_MATCH='"1"'
    )
    body = response.json()
    assert body["code"] == "precondition_failed"
    assert "记录" in body["detail"]


def test_other_roles_scope_comes_before_the_precondition(world, api_as, stay_a1, yesterday):
    """nurse_b (another centre) with a stale If-Match: 404, not 412 (nothing to reveal)."""
    record = bump(world, water(world, yesterday))
    response = api_as("nurse_b").patch(
        url(record), {"volume_ml": 150}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 404


def test_a_save_between_check_and_lock_is_412(world, api_as, stay_a1, yesterday, monkeypatch):
    """If-Match "1" passes the check, then someone saves before the service locks the row:
    the service's stale-version conflict is reported as 412; their save stands."""
    from health_records.services import care

    record = water(world, yesterday)
    real = care.care_record_update

    def racing(**kwargs):
        bump(world, WaterRecord.objects.get(pk=record.pk))
        return real(**kwargs)

    monkeypatch.setattr(care, "care_record_update", racing)
    response = api_as("nurse").patch(
        url(record), {"volume_ml": 150}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert (response.status_code, response.json()["code"]) == (412, "precondition_failed")
    assert WaterRecord.objects.get(pk=record.pk).volume_ml == 90
