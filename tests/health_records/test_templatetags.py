"""person_name: Chinese names family-first without a space, others given-first."""

from __future__ import annotations

from django.contrib.auth.models import User

from health_records.templatetags.medcare import person_name


def test_chinese_name_family_first():
    """周 + 敏 reads 周敏."""
    assert person_name(User(username="d", first_name="敏", last_name="周")) == "周敏"


def test_latin_name_given_first():
    """Fang + Wang reads Fang Wang."""
    assert person_name(User(username="d", first_name="Fang", last_name="Wang")) == "Fang Wang"


def test_no_name_falls_back_to_username():
    """Without names, the username."""
    assert person_name(User(username="nurse7")) == "nurse7"
