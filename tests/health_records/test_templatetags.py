"""Template helpers: person names in their script's order, access-log codes and health-rule
codes in words."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from importlib import import_module
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import translation

import health_records
from health_records.api.views.base import ApiView
from health_records.rules.meals import refused_meals_rule
from health_records.rules.stools import diarrhoea_rule
from health_records.rules.temperature import temperature_rule
from health_records.rules.vomiting import vomiting_rule
from health_records.templatetags.medcare import (
    access_what,
    access_what_label,
    person_name,
    rule_label,
)

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_chinese_name_family_first():
    """周 + 敏 reads 周敏."""
    assert person_name(User(username="d", first_name="敏", last_name="周")) == "周敏"


def test_latin_name_given_first():
    """Fang + Wang reads Fang Wang."""
    assert person_name(User(username="d", first_name="Fang", last_name="Wang")) == "Fang Wang"


def test_no_name_falls_back_to_username():
    """Without names, the username."""
    assert person_name(User(username="nurse7")) == "nurse7"


def _access_log_codes_in_source() -> set[str]:
    """Every ``what`` code the views and the API write: literals (``what="child_day"``,
    ``what = "api_child_list"``) in the source, and the ``what`` of every API view class (the
    daily-care views build theirs, ``api_meal_list``)."""
    root = Path(health_records.__file__).parent
    pattern = re.compile(r"""\bwhat\s*=\s*["']([a-z0-9_]+)["']""")
    codes: set[str] = set()
    for folder in ("views", "api"):
        for path in (root / folder).rglob("*.py"):
            codes.update(pattern.findall(path.read_text(encoding="utf-8")))
    import_module("health_records.api.urls")
    pending: list[type] = [ApiView]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.what:
            codes.add(cls.what)
    return codes


def test_every_access_log_code_in_use_has_a_name():
    """Each ``what`` code written by a view or an API endpoint has a readable name, so the
    director never sees a raw code; a new code without one fails here."""
    codes = _access_log_codes_in_source()
    assert len(codes) > 40
    assert sorted(code for code in codes if access_what_label(code) is None) == []


def test_access_log_codes_read_in_chinese():
    """In Chinese: ``api_growth_measurement_detail`` → 接口：体格测量（单条）; ``classroom_screen``
    → 班级页面."""
    with translation.override("zh-hans"):
        labels = (access_what("api_growth_measurement_detail"), access_what("classroom_screen"))
    assert labels == ("接口：体格测量（单条）", "班级页面")


@pytest.mark.parametrize(
    ("code", "english", "chinese"),
    [
        ("fever_axillary_37_3", "Fever: axillary ≥ 37.3 °C", "发热：腋温 ≥ 37.3 ℃"),
        ("low_temperature_35_0", "Low temperature: below 35.0 °C", "体温过低：低于 35.0 ℃"),
        (
            "diarrhoea_3_loose_stools_24h",
            "Diarrhoea: 3 loose stools in 24 hours",
            "腹泻：24 小时内稀便 3 次",
        ),
        ("vomiting_2_per_day", "Vomiting: 2 times in a day", "呕吐：一天 2 次"),
        ("refused_2_meals_in_row", "Refused 2 meals in a row", "连续 2 餐拒食"),
        ("something_new", "something_new", "something_new"),
    ],
)
def test_rule_codes_read_as_words(code, english, chinese):
    """Each rule code made by ``rules/`` reads as words in both languages; an unknown code is
    shown as it is."""
    with translation.override("en"):
        in_english = rule_label(code)
    with translation.override("zh-hans"):
        in_chinese = rule_label(code)
    assert (in_english, in_chinese) == (english, chinese)


def test_rule_codes_made_by_the_rules_have_words():
    """The codes the rules actually make (default thresholds) are all recognised."""
    hits = [
        temperature_rule(Decimal("38.0"), "axillary"),
        temperature_rule(Decimal("34.0"), "axillary"),
        vomiting_rule(2),
        refused_meals_rule(["refused", "refused"]),
        diarrhoea_rule([NOW, NOW, NOW], NOW),
    ]
    assert [rule_label(hit.rule) == hit.rule for hit in hits if hit is not None] == [False] * 5
