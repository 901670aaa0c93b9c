"""Growth pages: who may see and record, what they show, bad input, query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from health_records.exceptions import ConflictError
from health_records.growth import WHO_2006, Indicator, Sex
from health_records.growth.curves import reference_curves
from health_records.models import AccessLog, GrowthMeasurement
from health_records.services.growth import growth_measurement_edit, growth_measurement_record
from tests.health_records.day_helpers import consented_child

# child_a1 (girl) is born 2025-03-01 (tests/factories.py): 2026-03-01 is day 365.
DAY_365 = dt.date(2026, 3, 1)


def _measure(world, child, day, weight="8.946"):
    return growth_measurement_record(
        child=child, measured_on=day, recorded_by=world.users["nurse"], weight_kg=weight
    )


def _series(world, child, count):
    """``count`` weights every 7 days from day 7, each on the WHO median (no alerts)."""
    days = [7 * (i + 1) for i in range(count)]
    curves = reference_curves(
        standard=WHO_2006, indicator=Indicator.WFA, sex=Sex(child.sex), x_values=days
    )
    median = next(line for line in curves.lines if line.key == "SD0").values
    for day, kg in zip(days, median, strict=True):
        _measure(world, child, child.birth_date + dt.timedelta(days=day), f"{kg:.3f}")


def _url(child, suffix=""):
    return f"/children/{child.pk}/growth/{suffix}"


@pytest.mark.parametrize("suffix", ["", "data/", "report/"])
def test_parent_reaches_own_childs_growth_pages(world, client_as, suffix):
    """A parent opens their own child's growth page, chart data and report."""
    assert client_as("parent_a").get(_url(world.child_a1, suffix)).status_code == 200


@pytest.mark.parametrize("suffix", ["", "data/", "report/", "new/"])
def test_parent_gets_404_for_another_childs_growth(world, client_as, suffix):
    """Another family's child's chart, chart data, report or form: 404, like a missing one."""
    assert client_as("parent_a").get(_url(world.child_a2, suffix)).status_code == 404


@pytest.mark.parametrize("suffix", ["", "data/", "report/", "new/"])
def test_other_centres_staff_get_404(world, client_as, suffix):
    """A nurse of centre B cannot reach centre A's child."""
    assert client_as("nurse_b").get(_url(world.child_a1, suffix)).status_code == 404


def test_chart_data_has_curves_and_the_childs_points(world, client_as):
    """The endpoint returns the WHO lines and the child's point at 12 months with its z and
    percentile (girl at the WHO median 8.946 kg: z +0.00 rounded, percentile 50.0)."""
    _measure(world, world.child_a1, DAY_365)
    data = client_as("parent_a").get(_url(world.child_a1, "data/") + "?indicator=wfa").json()
    point = data["points"][0]
    assert (
        [line["key"] for line in data["curves"]["lines"]],
        round(point["x"], 2),
        point["z"],
        point["percentile"],
        point["date"],
    ) == (["SDm3", "SDm2", "SD0", "SD2", "SD3"], 11.99, "+0.00", "50.0", "2026-03-01")


def test_chart_data_china_percentile_lines(world, client_as):
    """standard=ws_t_423_2022&kind=percentile gives the WS/T 423—2022 P3…P97 lines."""
    url = _url(world.child_a1, "data/") + "?indicator=lhfa&standard=ws_t_423_2022&kind=percentile"
    data = client_as("doctor").get(url).json()
    assert [line["key"] for line in data["curves"]["lines"]] == ["P3", "P25", "P50", "P75", "P97"]


def test_chart_data_range_up_to_five_years(world, client_as):
    """range=60 widens an age chart to 60 months."""
    data = client_as("doctor").get(_url(world.child_a1, "data/") + "?range=60").json()
    assert (data["x_min"], data["x_max"]) == (0.0, 60.0)


def test_bad_chart_parameters_fall_back_to_defaults(world, client_as):
    """Unknown parameters do not break the endpoint: weight-for-age WHO z-score lines."""
    data = client_as("doctor").get(_url(world.child_a1, "data/") + "?indicator=zzz").json()
    assert (data["indicator"], data["standard"]["code"], data["kind"]) == ("wfa", "who_2006", "sd")


def test_chart_reads_are_logged(world, client_as):
    """Chart page, chart data and report each write an access log row for the child."""
    client = client_as("parent_a")
    for suffix in ("", "data/", "report/"):
        client.get(_url(world.child_a1, suffix))
    logged = set(AccessLog.objects.filter(child=world.child_a1).values_list("what", flat=True))
    assert {"growth_chart", "growth_chart_data", "growth_report"} <= logged


def test_parent_sees_plain_words(world, client_as):
    """The latest measurement is explained in plain words in the parent's language."""
    _measure(world, world.child_a1, DAY_365)
    page = client_as("parent_a").get(_url(world.child_a1)).content.decode()
    assert "Weight is in the normal range for age." in page


def test_parent_sees_plain_words_in_chinese(world, client_as):
    """In the Chinese interface the same explanation is in Chinese (GLOSSARY terms)."""
    _measure(world, world.child_a1, DAY_365)
    page = client_as("parent_a", language="zh-hans").get(_url(world.child_a1)).content.decode()
    assert "体重在同年龄儿童的正常范围内。" in page


def test_parent_does_not_see_edit_history_doctor_does(world, client_as):
    """The history of edits is on the doctor's view only."""
    _measure(world, world.child_a1, DAY_365)
    parent = client_as("parent_a").get(_url(world.child_a1)).content.decode()
    doctor = client_as("doctor").get(_url(world.child_a1)).content.decode()
    assert ("History of changes" in parent, "History of changes" in doctor) == (False, True)


def test_doctor_sees_a_refused_edit_in_the_history(world, client_as):
    """A stale correction by the doctor is refused; the doctor's history shows "Edit refused"
    with the weight tried and who saved first."""
    m = _measure(world, world.child_a1, DAY_365)
    growth_measurement_edit(
        measurement=m, expected_version=1, edited_by=world.users["nurse"], changes={"note": "a"}
    )
    with pytest.raises(ConflictError):
        growth_measurement_edit(
            measurement=m,
            expected_version=1,
            edited_by=world.users["doctor"],
            changes={"weight_kg": "9.512"},
        )
    page = client_as("doctor").get(_url(world.child_a1)).content.decode()
    history = page[page.index("History of changes") :]
    assert ("Edit refused" in history, "9.512" in history, "Refused: changed by" in history) == (
        True,
        True,
        True,
    )


def test_caregiver_may_not_open_the_measurement_form(world, client_as):
    """Caregivers do not record measurements: the form is refused with 403."""
    response = client_as("caregiver").get(_url(world.child_a1, "new/"))
    assert response.status_code == 403


def test_caregiver_post_is_refused_and_nothing_stored(world, client_as):
    """A caregiver's POST is refused (403) and stores nothing."""
    response = client_as("caregiver").post(
        _url(world.child_a1, "new/"), {"measured_on": "2026-03-01", "weight_kg": "8.9"}
    )
    assert (response.status_code, GrowthMeasurement.objects.count()) == (403, 0)


def test_nurse_records_and_sees_the_result(world, client_as):
    """The nurse saves a measurement and is sent to the growth page showing it."""
    response = client_as("nurse").post(
        _url(world.child_a1, "new/"),
        {"measured_on": "2026-03-01", "weight_kg": "8.946", "position": "recumbent"},
        follow=True,
    )
    page = response.content.decode()
    assert (
        GrowthMeasurement.objects.get().weight_kg,
        "Weight is in the normal range for age." in page,
    ) == (
        Decimal("8.946"),
        True,
    )


def test_grams_as_kilograms_shows_message_and_stores_nothing(world, client_as):
    """3562 typed as kg: the form comes back (400) saying grams, nothing stored."""
    response = client_as("nurse").post(
        _url(world.child_a1, "new/"), {"measured_on": "2026-03-01", "weight_kg": "3562"}
    )
    assert (response.status_code, "grams typed as kilograms" in response.content.decode()) == (
        400,
        True,
    )


def test_grams_message_is_chinese_in_chinese(world, client_as):
    """The same refusal in the Chinese interface is in Chinese."""
    response = client_as("nurse", language="zh-hans").post(
        _url(world.child_a1, "new/"), {"measured_on": "2026-03-01", "weight_kg": "3562"}
    )
    assert "克" in response.content.decode()


@pytest.mark.parametrize(
    ("values", "text"),
    [
        ({"measured_on": "2099-01-01", "weight_kg": "8.9"}, "in the future"),
        ({"measured_on": "2025-01-01", "weight_kg": "8.9"}, "before the child"),
        ({"measured_on": "2026-03-01", "weight_kg": "-3"}, "cannot be negative"),
        ({"measured_on": "2026-03-01", "weight_kg": "nine"}, "Enter a number"),
        (
            {"measured_on": "2026-03-01", "length_height_cm": "70", "position": "sitting"},
            "Select a valid choice",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(world, client_as, values, text):
    """Future or pre-birth dates, negative or non-numeric values, unknown position: 400 with a
    message, nothing stored."""
    response = client_as("nurse").post(_url(world.child_a1, "new/"), values)
    assert (
        response.status_code,
        text in response.content.decode(),
        GrowthMeasurement.objects.count(),
    ) == (
        400,
        True,
        0,
    )


def test_questioned_value_asks_for_a_reason_then_keeps_it(world, client_as):
    """A 20 kg one-year-old is outside the WHO limits: the form asks for a reason; with one
    the value is saved and the reason stored."""
    client = client_as("nurse")
    first = client.post(
        _url(world.child_a1, "new/"), {"measured_on": "2026-03-01", "weight_kg": "20"}
    )
    second = client.post(
        _url(world.child_a1, "new/"),
        {"measured_on": "2026-03-01", "weight_kg": "20", "confirmed_reason": "Reweighed"},
    )
    assert (
        first.status_code,
        "outside the WHO limits" in first.content.decode(),
        second.status_code,
    ) == (
        400,
        True,
        302,
    )


def test_stale_edit_is_409(world, client_as):
    """Saving an edit made from an old version returns 409 and keeps the stored value."""
    m = _measure(world, world.child_a1, DAY_365)
    client = client_as("doctor")
    url = f"/growth/measurements/{m.pk}/edit/"
    client.post(url, {"measured_on": "2026-03-01", "weight_kg": "8.95", "version": "1"})
    response = client.post(url, {"measured_on": "2026-03-01", "weight_kg": "9.5", "version": "1"})
    assert (response.status_code, GrowthMeasurement.objects.get().weight_kg) == (
        409,
        Decimal("8.950"),
    )


def test_batch_saves_valid_rows_and_shows_errors(world, client_as):
    """Measuring day: one child's valid weight is saved and its results shown; another's grams
    are refused on its row."""
    other = consented_child(world.room_a1, birth_date=dt.date(2025, 3, 1))
    client = client_as("nurse")
    url = f"/growth/measuring-day/{world.room_a1.pk}/"
    response = client.post(
        url,
        {
            "measured_on": "2026-03-01",
            f"c{world.child_a1.pk.hex}-weight_kg": "8.946",
            f"c{world.child_a1.pk.hex}-position": "recumbent",
            f"c{other.pk.hex}-weight_kg": "8900",
            f"c{other.pk.hex}-position": "recumbent",
        },
    )
    page = response.content.decode()
    assert (
        response.status_code,
        GrowthMeasurement.objects.count(),
        "Saved." in page,
        "grams" in page,
    ) == (
        400,
        1,
        True,
        True,
    )


def test_caregiver_cannot_open_measuring_day(world, client_as):
    """The measuring-day screen is the medical team's: 403 for a caregiver."""
    response = client_as("caregiver").get(f"/growth/measuring-day/{world.room_a1.pk}/")
    assert response.status_code == 403


def test_query_count_does_not_grow_with_measurements(world, client_as):
    """The chart page, chart data and report each use as many queries for a child with 60
    measurements as for one with 3."""
    few = consented_child(world.room_a1, birth_date=dt.date(2024, 1, 1))
    many = consented_child(world.room_a1, birth_date=dt.date(2024, 1, 1))
    _series(world, few, 3)
    _series(world, many, 60)
    client = client_as("doctor")
    counts: dict[str, list[int]] = {}
    for suffix in ("", "data/?indicator=wfa", "report/"):
        for child in (few, many):
            client.get(_url(child, suffix))  # warm the session and caches
            with CaptureQueriesContext(connection) as queries:
                assert client.get(_url(child, suffix)).status_code == 200
            counts.setdefault(suffix, []).append(len(queries))
    assert all(few_count == many_count for few_count, many_count in counts.values()), counts


def test_weight_for_length_points_are_placed_by_length(world, client_as):
    """On the weight-for-length chart a point's x is the length used: 74.0 cm measured lying
    under 24 months is used as is (no ±0.7 cm conversion)."""
    growth_measurement_record(
        child=world.child_a1,
        measured_on=DAY_365,
        recorded_by=world.users["nurse"],
        weight_kg="8.946",
        length_height_cm="74.0",
        position="recumbent",
    )
    data = client_as("parent_a").get(_url(world.child_a1, "data/") + "?indicator=wfl").json()
    point = data["points"][0]
    assert (data["x_axis"], point["x"], point["value"]) == ("length_cm", 74.0, "8.946 kg")


def test_chart_data_shows_a_new_measurement_at_once(world, client_as):
    """The chart data is cached per child revision: a measurement recorded after a first view is
    in the very next answer (one point, then two)."""
    client = client_as("parent_a")
    url = _url(world.child_a1, "data/") + "?indicator=wfa"
    _measure(world, world.child_a1, DAY_365)
    first = len(client.get(url).json()["points"])
    _measure(world, world.child_a1, DAY_365 + dt.timedelta(days=30), weight="9.2")
    assert (first, len(client.get(url).json()["points"])) == (1, 2)


def test_chart_data_shows_an_edit_at_once(world, client_as):
    """After a doctor corrects 8.946 kg to 9.500 kg, the parent's next chart shows 9.500 kg."""
    from health_records.services.growth import growth_measurement_edit

    measurement = _measure(world, world.child_a1, DAY_365)
    client = client_as("parent_a")
    url = _url(world.child_a1, "data/") + "?indicator=wfa"
    before = client.get(url).json()["points"][0]["value"]
    growth_measurement_edit(
        measurement=measurement,
        expected_version=measurement.version,
        edited_by=world.users["doctor"],
        changes={"weight_kg": Decimal("9.5")},
    )
    assert (before, client.get(url).json()["points"][0]["value"]) == ("8.946 kg", "9.500 kg")


def test_cached_chart_data_follows_the_language(world, client_as):
    """The same chart asked in English then in Chinese comes in each language (the language is
    part of the cache key): "Weight-for-age" then 年龄别体重."""
    _measure(world, world.child_a1, DAY_365)
    url = _url(world.child_a1, "data/") + "?indicator=wfa"
    english = client_as("parent_a").get(url).json()["indicator_name"]
    chinese = client_as("parent_a", "zh-hans").get(url).json()["indicator_name"]
    assert (english, chinese) == ("Weight-for-age", "年龄别体重")


def test_cached_chart_data_still_logs_every_read(world, client_as):
    """A chart answered from the cache is still a read of the child's data: two views, two
    access-log rows."""
    _measure(world, world.child_a1, DAY_365)
    client = client_as("parent_a")
    url = _url(world.child_a1, "data/") + "?indicator=wfa"
    client.get(url)
    client.get(url)
    assert AccessLog.objects.filter(what="growth_chart_data").count() == 2
